/**
 * Referrals of a case (NSP placement or support, ÅMP, betänketid, witness permit, other
 * services) and the deadlines their rules imply. The rules and status machines live in the
 * domain package; this module stores, checks and audits.
 */
import { randomUUID } from "node:crypto";
import { schema } from "@stodkedjan/db";
import {
  canAdvanceAmpPhase,
  canTransition,
  type Deadline,
  deadlinesFor,
  type Referral,
  type ReferralType,
  referralMachine,
  referralProblems,
} from "@stodkedjan/domain";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { can } from "../access/policy.ts";
import { appendAudit, audit } from "../audit/log.ts";
import { conflict, forbidden, invalid, notFound } from "../cases/errors.ts";
import type { CaseFilter } from "../cases/schemas.ts";
import { authorizeCase, type Ctx, inRegionScope, listCases } from "../cases/service.ts";
import type { ReferralCreate, ReferralUpdate } from "./schemas.ts";

const INITIAL: Record<ReferralType, string> = {
  "nsp-placement": "requested",
  "nsp-support": "planned",
  amp: "prepared",
  reflection: "draft",
  "witness-permit": "draft",
  other: "planned",
};

type Row = typeof schema.referrals.$inferSelect;

export function toReferral(row: Pick<Row, "type" | "status" | "data">): Referral {
  return { ...(row.data as object), type: row.type, status: row.status } as Referral;
}

const today = (ctx: Ctx) => (ctx.now ?? new Date()).toISOString().slice(0, 10);

function initialData(input: ReferralCreate): Record<string, unknown> {
  switch (input.type) {
    case "nsp-placement":
      return { start: input.start ?? null, end: null, extensionReason: null };
    case "nsp-support":
      return { kind: input.kind, start: null, end: null, inHomeCountry: input.inHomeCountry };
    case "amp":
      return { submittedOn: null, approvedOn: null, phase: null, items: [] };
    case "reflection":
      return { applicant: input.applicant, submittedOn: null, decidedOn: null, permitStart: null };
    case "witness-permit":
      return { applicant: input.applicant, submittedOn: null, decidedOn: null, start: null, end: null };
    case "other":
      return { kind: input.kind, sentOn: null, answeredOn: null };
  }
}

function checked(referral: Referral) {
  const problems = referralProblems(referral);
  if (problems.length) {
    throw invalid(
      "The referral's data does not fit its status.",
      problems.map((p) => ({ path: p.field, message: p.code })),
    );
  }
  return referral;
}

export async function createReferral(ctx: Ctx, caseId: string, input: ReferralCreate) {
  const { row } = await authorizeCase(ctx, caseId, "case.write");
  if (row.kind !== "individual") throw conflict("Only individual cases have referrals.");
  if (input.type === "nsp-placement") {
    const [shelter] = await ctx.db
      .select()
      .from(schema.shelters)
      .where(eq(schema.shelters.id, input.shelterId));
    if (!shelter)
      throw invalid("Unknown shelter", [{ path: "shelterId", message: "no certified shelter has this id" }]);
  }
  const referral = checked({
    ...initialData(input),
    type: input.type,
    status: INITIAL[input.type],
  } as Referral);
  const id = randomUUID();
  const { type, status, ...data } = referral;
  return ctx.db.transaction(async (tx) => {
    await tx.insert(schema.referrals).values({
      id,
      caseId,
      type,
      status,
      shelterId: input.type === "nsp-placement" ? input.shelterId : null,
      data,
      createdBy: ctx.principal.kind === "user" ? ctx.principal.id : null,
    });
    await tx.insert(schema.referralEvents).values({
      referralId: id,
      fromStatus: null,
      toStatus: status,
      by: ctx.principal.kind === "user" ? ctx.principal.id : null,
    });
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "create",
      objectType: "case",
      objectId: caseId,
      outcome: "ok",
      detail: { referral: id, type },
    });
    return { id };
  });
}

export async function updateReferral(ctx: Ctx, caseId: string, referralId: string, change: ReferralUpdate) {
  await authorizeCase(ctx, caseId, "case.write");
  const [row] = await ctx.db
    .select()
    .from(schema.referrals)
    .where(and(eq(schema.referrals.id, referralId), eq(schema.referrals.caseId, caseId)));
  if (!row) throw notFound();
  const current = toReferral(row);
  const { status: to, addItem, ...fields } = change;
  const next: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (!(k in current))
      throw invalid("This field does not belong to this kind of referral.", [
        { path: k, message: "not applicable" },
      ]);
    next[k] = v;
  }
  if (current.type === "amp" && fields.phase !== undefined && fields.phase !== current.phase) {
    if (fields.phase === null || !canAdvanceAmpPhase(current, fields.phase)) {
      throw conflict(
        `The return cannot move from phase ${current.phase ?? "none"} to ${fields.phase ?? "none"}.`,
      );
    }
  }
  if (addItem) {
    if (current.type !== "amp")
      throw invalid("Support items belong to ÅMP applications.", [
        { path: "addItem", message: "not applicable" },
      ]);
    next.items = [...current.items, addItem];
  }
  if (to !== undefined && to !== current.status) {
    if (!canTransition(current, to)) {
      const allowed = referralMachine(current.type).next(current.status).join(", ") || "none";
      throw conflict(
        `A ${current.type} referral cannot go from ${current.status} to ${to} (allowed: ${allowed}).`,
      );
    }
    next.status = to;
  }
  const referral = checked(next as unknown as Referral);
  const { type: _t, status, ...data } = referral;
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(schema.referrals)
      .set({ status, data, updatedAt: ctx.now ?? new Date() })
      .where(eq(schema.referrals.id, referralId));
    if (status !== row.status) {
      await tx.insert(schema.referralEvents).values({
        referralId,
        fromStatus: row.status,
        toStatus: status,
        by: ctx.principal.kind === "user" ? ctx.principal.id : null,
      });
    }
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "update",
      objectType: "case",
      objectId: caseId,
      outcome: "ok",
      detail: { referral: referralId, status },
    });
  });
  return referral;
}

export async function listReferrals(ctx: Ctx, caseId: string) {
  await authorizeCase(ctx, caseId, "case.read");
  const rows = await ctx.db
    .select()
    .from(schema.referrals)
    .where(eq(schema.referrals.caseId, caseId))
    .orderBy(schema.referrals.createdAt);
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "read",
    objectType: "case",
    objectId: caseId,
    outcome: "ok",
    detail: { part: "referrals" },
  });
  const shelters = new Map((await ctx.db.select().from(schema.shelters)).map((s) => [s.id, s.name]));
  return rows.map((r) => {
    const referral = toReferral(r);
    return {
      id: r.id,
      referral,
      shelter: r.shelterId ? (shelters.get(r.shelterId) ?? r.shelterId) : null,
      next: referralMachine(referral.type)
        .next(referral.status)
        .filter((s) => canTransition(referral, s)),
      deadlines: deadlinesFor(referral, today(ctx)),
    };
  });
}

export interface DeadlineItem extends Partial<Deadline> {
  caseId: string;
  ref: string;
  title: string;
  source: "referral" | "task";
  referralType?: ReferralType;
  taskTitle?: string;
  due: string;
  daysLeft: number;
  state: "overdue" | "due" | "upcoming";
}

/**
 * Everything due or overdue across the coordinator's open cases (own region and shared with
 * it): the deadlines computed from each referral's rules, and the manual tasks.
 */
export async function deadlinesOf(
  ctx: Ctx,
  decryptTask: (token: string, id: string) => string,
): Promise<DeadlineItem[]> {
  if (!can(ctx.principal, "deadlines.read") || !ctx.principal.regionId) throw forbidden();
  const regionId = ctx.principal.regionId;
  const open = await ctx.db
    .select({ id: schema.cases.id, ref: schema.cases.ref, title: schema.cases.title })
    .from(schema.cases)
    .where(and(eq(schema.cases.status, "open"), inRegionScope(ctx.db, regionId)));
  const byId = new Map(open.map((c) => [c.id, c]));
  const ids = [...byId.keys()];
  if (ids.length === 0) return [];
  const day = today(ctx);
  const items: DeadlineItem[] = [];
  const referralRows = await ctx.db
    .select()
    .from(schema.referrals)
    .where(inArray(schema.referrals.caseId, ids));
  for (const r of referralRows) {
    const c = byId.get(r.caseId);
    if (!c) continue;
    for (const d of deadlinesFor(toReferral(r), day)) {
      items.push({
        ...d,
        caseId: c.id,
        ref: c.ref,
        title: c.title,
        source: "referral",
        referralType: r.type,
      });
    }
  }
  const taskRows = await ctx.db
    .select()
    .from(schema.tasks)
    .where(and(inArray(schema.tasks.caseId, ids), isNull(schema.tasks.doneAt)));
  for (const t of taskRows) {
    const c = byId.get(t.caseId);
    if (!c) continue;
    const daysLeft = Math.round((Date.parse(t.dueOn) - Date.parse(day)) / 86_400_000);
    items.push({
      caseId: c.id,
      ref: c.ref,
      title: c.title,
      source: "task",
      taskTitle: decryptTask(t.titleEnc, t.id),
      due: t.dueOn,
      daysLeft,
      state: daysLeft < 0 ? "overdue" : daysLeft <= 7 ? "due" : "upcoming",
    });
  }
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "list",
    objectType: "deadlines",
    outcome: "ok",
    detail: { count: items.length },
  });
  return items.sort((a, b) => a.due.localeCompare(b.due));
}

/** The case list, with the deadline filter applied from the rules' computed deadlines. */
export async function listCasesWithDeadlines(
  ctx: Ctx,
  filter: CaseFilter,
  decryptTask: (token: string, id: string) => string,
) {
  if (!filter.deadline) return listCases(ctx, filter);
  const states = filter.deadline === "overdue" ? ["overdue"] : ["overdue", "due"];
  const items = await deadlinesOf(ctx, decryptTask);
  const ids = [...new Set(items.filter((i) => states.includes(i.state)).map((i) => i.caseId))];
  return listCases(ctx, filter, 50, ids);
}
