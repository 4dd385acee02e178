/**
 * Referrals of a case (NSP placement or support, ÅMP, betänketid, witness permit, other
 * services) and the deadlines their rules imply. The rules and status machines live in the
 * domain package; this module stores, checks and audits.
 */
import { randomUUID } from "node:crypto";
import { schema } from "@stodkedjan/db";
import {
  acceptsFollowUps,
  ampFollowUpProblems,
  ampMay,
  canTransition,
  type Deadline,
  deadlinesFor,
  decideNspExtension,
  isChildOn,
  type Referral,
  type ReferralType,
  referralMachine,
  referralProblems,
  swedishToday,
  withChildRoutine,
} from "@stodkedjan/domain";
import { and, desc, eq, gte, inArray, isNull, or, sql } from "drizzle-orm";
import { can } from "../access/policy.ts";
import { iomDecides } from "../amp/errors.ts";
import { appendAudit, audit } from "../audit/log.ts";
import { conflict, forbidden, invalid, notFound, ServiceError, zodIssues } from "../cases/errors.ts";
import type { CaseFilter } from "../cases/schemas.ts";
import { authorizeCase, type Ctx, inRegionScope, listCases, lockCase, userId } from "../cases/service.ts";
import { decryptField, encryptField } from "../crypto/fields.ts";
import { isUuid } from "../ids.ts";
import { misfitsOf, shelterChoiceRecord } from "../shelters/fitting.ts";
import { assertPlacementCertified, couldNameShelter } from "../shelters/service.ts";
import {
  type ExtensionDecision,
  type FollowUpInput,
  followUpInput,
  type ReferralCreate,
  type ReferralUpdate,
} from "./schemas.ts";

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

/**
 * Whether the case's person is a child on `day`: an ÅMP application of a child is flagged for the
 * child routine on every read and write (ADR 0028), whatever was stored.
 */
/** Of these cases, those whose person is a child on `day` (the ÅMP child routine's rule). */
export async function childCasesOn(
  db: Ctx["db"],
  caseIds: readonly string[],
  day: string,
): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const persons = await db
    .select({
      id: schema.cases.id,
      ageGroup: schema.persons.ageGroup,
      birthYear: schema.persons.birthYear,
    })
    .from(schema.cases)
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .where(inArray(schema.cases.id, [...caseIds]));
  return new Set(persons.filter((p) => isChildOn(p, day)).map((p) => p.id));
}

export const caseChildOn = async (db: Ctx["db"], caseId: string, day: string): Promise<boolean> =>
  (await childCasesOn(db, [caseId], day)).has(caseId);

const today = (ctx: Ctx) => swedishToday(ctx.now);

function initialData(input: ReferralCreate, day: string): Record<string, unknown> {
  switch (input.type) {
    case "nsp-placement":
      return {
        start: input.start ?? null,
        end: null,
        extensionReason: null,
        referredOn: day,
        needs: [...new Set(input.needs ?? [])],
      };
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
      problems.map((p) => ({ path: p.field, message: p.code, code: p.code })),
    );
  }
  return referral;
}

/**
 * `reasonRequired`: the referral form's rule that a shelter which does not fit the person needs a
 * recorded reason (ADR 0027); the API records placements already agreed, with a reason if given.
 */
export async function createReferral(
  ctx: Ctx,
  caseId: string,
  input: ReferralCreate,
  options: { reasonRequired?: boolean } = {},
) {
  const { row } = await authorizeCase(ctx, caseId, "case.write");
  if (row.kind !== "individual")
    throw conflict("Only individual cases have referrals.", "referral-individual-only");
  if (input.type === "nsp-placement") {
    const [shelter] = couldNameShelter(input.shelterId)
      ? await ctx.db.select().from(schema.shelters).where(eq(schema.shelters.id, input.shelterId))
      : [];
    if (!shelter)
      throw invalid("Unknown shelter", [
        { path: "shelterId", message: "no certified shelter has this id", code: "shelter-unknown" },
      ]);
    assertPlacementCertified(shelter, today(ctx), input.start ?? null);
  }
  const shelterChoice =
    input.type === "nsp-placement"
      ? shelterChoiceRecord(
          await misfitsOf(
            ctx.db,
            caseId,
            input.shelterId,
            today(ctx),
            (input.needs ?? []).includes("accompanying-children"),
          ),
          input.shelterChoiceReason,
          options.reasonRequired ?? false,
        )
      : undefined;
  const referral = checked({
    ...initialData(input, today(ctx)),
    ...(shelterChoice ? { shelterChoice } : {}),
    type: input.type,
    status: INITIAL[input.type],
  } as Referral);
  const id = randomUUID();
  const { type, status, ...data } = referral;
  return ctx.db.transaction(async (tx) => {
    await lockCase(tx, caseId, "open", ctx.now);
    await tx.insert(schema.referrals).values({
      id,
      caseId,
      type,
      status,
      shelterId: input.type === "nsp-placement" ? input.shelterId : null,
      data,
      createdBy: userId(ctx),
    });
    await tx.insert(schema.referralEvents).values({
      referralId: id,
      fromStatus: null,
      toStatus: status,
      by: userId(ctx),
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
  return ctx.db.transaction(async (tx) => {
    await lockCase(tx, caseId, "open", ctx.now);
    return changeReferral(ctx, tx as unknown as Ctx["db"], caseId, referralId, change);
  });
}

/** The change itself, inside the transaction that holds the case's lock. */
async function changeReferral(
  ctx: Ctx,
  tx: Ctx["db"],
  caseId: string,
  referralId: string,
  change: ReferralUpdate,
) {
  const row = await referralOf(tx, caseId, referralId, true);
  const current = toReferral(row);
  const { status: to, addItem, ...fields } = change;
  // IOM decides an ÅMP application, grants its support and records it through the ÅMP service;
  // the coordinator's change of it is limited to submitting and withdrawing (ADR 0028).
  if (
    current.type === "amp" &&
    (addItem !== undefined ||
      fields.approvedOn !== undefined ||
      fields.phase !== undefined ||
      (to !== undefined && to !== current.status && ampMay("iom", current.status, to)))
  )
    throw iomDecides();
  const next: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (!(k in current))
      throw invalid("This field does not belong to this kind of referral.", [
        { path: k, message: "not applicable", code: "field-not-applicable" },
      ]);
    next[k] = v;
  }
  if (addItem)
    throw invalid("Support items belong to ÅMP applications.", [
      { path: "addItem", message: "not applicable", code: "field-not-applicable" },
    ]);
  if (to !== undefined && to !== current.status) {
    if (!canTransition(current, to)) {
      // Only the moves this user may make (a shelter's own answers are not the coordinator's).
      const allowed = referralMachine(current.type)
        .next(current.status)
        .filter((s) => canTransition(current, s));
      throw conflict(
        `A ${current.type} referral cannot go from ${current.status} to ${to} (allowed: ${allowed.join(", ") || "none"}).`,
        "referral-transition",
        { from: current.status, to, allowed: allowed.join(",") },
      );
    }
    next.status = to;
  }
  const referral = checked(next as unknown as Referral);
  const { type: _t, status, ...data } = referral;
  await tx
    .update(schema.referrals)
    .set({ status, data, updatedAt: ctx.now ?? new Date() })
    .where(eq(schema.referrals.id, referralId));
  if (status !== row.status) {
    await tx.insert(schema.referralEvents).values({
      referralId,
      fromStatus: row.status,
      toStatus: status,
      by: userId(ctx),
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
  return referral;
}

/**
 * The coordinator's decision on a shelter's request for an extension (granted: the stay is
 * extended with the request's reason; refused: it stays placed and the flat rate ends on day 90).
 * 409 when there is no request waiting, e.g. after the other coordinator decided it.
 */
export async function decideExtension(
  ctx: Ctx,
  caseId: string,
  referralId: string,
  decision: ExtensionDecision,
) {
  await authorizeCase(ctx, caseId, "case.write");
  return ctx.db.transaction(async (tx) => {
    await lockCase(tx, caseId, "open", ctx.now);
    const row = await referralOf(tx as unknown as Ctx["db"], caseId, referralId, true);
    const current = toReferral(row);
    if (current.type !== "nsp-placement" || current.status !== "extension-requested") {
      throw new ServiceError(409, "No request for an extension is waiting.", [], "no-extension-request");
    }
    const next: Referral = { ...decideNspExtension(current, decision, today(ctx)), type: "nsp-placement" };
    const { type: _t, status, ...data } = next;
    await tx
      .update(schema.referrals)
      .set({ status, data, updatedAt: ctx.now ?? new Date() })
      .where(eq(schema.referrals.id, referralId));
    await tx.insert(schema.referralEvents).values({
      referralId,
      fromStatus: row.status,
      toStatus: status,
      by: userId(ctx),
    });
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "update",
      objectType: "case",
      objectId: caseId,
      outcome: "ok",
      detail: { referral: referralId, extension: decision.grant ? "granted" : "refused", status },
    });
    return { status };
  });
}

/** A referral of the case; 404 for an id that is not a referral of this case (or not an id at all). */
async function referralOf(db: Ctx["db"], caseId: string, referralId: string, lock = false) {
  if (!isUuid(referralId)) throw notFound();
  const query = db
    .select()
    .from(schema.referrals)
    .where(and(eq(schema.referrals.id, referralId), eq(schema.referrals.caseId, caseId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound();
  return row;
}

/** The case's referrals (or the one named), each with its rules' view and, for ÅMP, its follow-ups. */
async function readReferrals(ctx: Ctx, caseId: string, referralId?: string) {
  await authorizeCase(ctx, caseId, "case.read");
  const rows =
    referralId === undefined
      ? await ctx.db
          .select()
          .from(schema.referrals)
          .where(eq(schema.referrals.caseId, caseId))
          .orderBy(schema.referrals.createdAt)
      : [await referralOf(ctx.db, caseId, referralId)];
  const followUps = await followUpsOf(
    ctx.db,
    ctx.keys,
    rows.filter((r) => r.type === "amp").map((r) => r.id),
  );
  // One read entry covers the referrals and the follow-ups' decrypted text.
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "read",
    objectType: "case",
    objectId: caseId,
    outcome: "ok",
    detail: { part: "referrals", ...(referralId ? { referral: referralId } : {}) },
  });
  const shelters = new Map((await ctx.db.select().from(schema.shelters)).map((s) => [s.id, s.name]));
  const child = rows.some((r) => r.type === "amp") && (await caseChildOn(ctx.db, caseId, today(ctx)));
  return rows.map((r) => {
    const stored = toReferral(r);
    const referral = stored.type === "amp" ? withChildRoutine(stored, child) : stored;
    return {
      id: r.id,
      referral,
      shelter: r.shelterId ? (shelters.get(r.shelterId) ?? r.shelterId) : null,
      next: referralMachine(referral.type)
        .next(referral.status)
        .filter((s) => canTransition(referral, s)),
      deadlines: deadlinesFor(referral, today(ctx)),
      /** Follow-up entries, newest first; always empty for other types than ÅMP. */
      followUps: followUps.get(r.id) ?? [],
    };
  });
}

export function listReferrals(ctx: Ctx, caseId: string) {
  return readReferrals(ctx, caseId);
}
export type ReferralView = Awaited<ReturnType<typeof listReferrals>>[number];

export async function getReferral(ctx: Ctx, caseId: string, referralId: string): Promise<ReferralView> {
  const [one] = await readReferrals(ctx, caseId, referralId);
  if (!one) throw notFound();
  return one;
}

// ---------------------------------------------------------------------------------------------
// ÅMP follow-up entries (the rules: acceptsFollowUps and ampFollowUpProblems in the domain)
// ---------------------------------------------------------------------------------------------

/** The AAD that binds a follow-up's encrypted text to its row (and that key rotation uses). */
export const followUpAad = (id: string) => `referral_followups.body:${id}`;

export interface FollowUp {
  id: string;
  on: string;
  kind: FollowUpInput["kind"];
  body: string;
  /** Who wrote it (display name); null for an entry made with an API token. */
  by: string | null;
  createdAt: Date;
}

/**
 * The follow-up entries of the given ÅMP applications, newest first per application, with their
 * text decrypted: every entry, or only one side's (IOM's own page shows only IOM's contacts).
 * The one query for follow-ups; the caller audits the read it belongs to.
 */
export async function followUpsOf(
  db: Ctx["db"],
  keys: Ctx["keys"],
  referralIds: string[],
  side?: "coordinator" | "iom",
): Promise<Map<string, FollowUp[]>> {
  const out = new Map<string, FollowUp[]>();
  if (referralIds.length === 0) return out;
  const rows = await db
    .select({
      id: schema.referralFollowups.id,
      referralId: schema.referralFollowups.referralId,
      on: schema.referralFollowups.on,
      kind: schema.referralFollowups.kind,
      bodyEnc: schema.referralFollowups.bodyEnc,
      createdAt: schema.referralFollowups.createdAt,
      by: schema.users.displayName,
    })
    .from(schema.referralFollowups)
    .leftJoin(schema.users, eq(schema.users.id, schema.referralFollowups.createdBy))
    .where(
      and(
        inArray(schema.referralFollowups.referralId, referralIds),
        side ? eq(schema.referralFollowups.side, side) : undefined,
      ),
    )
    .orderBy(desc(schema.referralFollowups.on), desc(schema.referralFollowups.createdAt));
  for (const { referralId, bodyEnc, ...f } of rows) {
    const list = out.get(referralId) ?? [];
    list.push({ ...f, body: decryptField(keys, bodyEnc, followUpAad(f.id)) });
    out.set(referralId, list);
  }
  return out;
}

/**
 * Adds a follow-up entry to an ÅMP application of the case: 404 outside the coordinator's
 * cases, 409 for another kind of referral or an application that takes none (a draft, or one
 * refused or withdrawn), 400 for bad input, with the schema's and the rules' problems together
 * so that a form can show them all at once. The text is encrypted, bound to the entry's id.
 */
export async function addFollowUp(
  ctx: Ctx,
  caseId: string,
  referralId: string,
  input: FollowUpInput | Record<string, unknown>,
) {
  await authorizeCase(ctx, caseId, "case.write");
  const parsed = followUpInput.safeParse(input);
  const id = randomUUID();
  return ctx.db.transaction(async (tx) => {
    await lockCase(tx, caseId, "open", ctx.now);
    // Locked, so that the status checked here is the one the entry is added under.
    const row = await referralOf(tx as unknown as Ctx["db"], caseId, referralId, true);
    const referral = toReferral(row);
    if (referral.type !== "amp")
      throw conflict("Follow-up entries belong to ÅMP applications only.", "follow-up-amp-only");
    if (!acceptsFollowUps(referral)) {
      throw conflict(
        `An ÅMP application that is ${referral.status} takes no follow-up entries (only submitted or approved ones do).`,
        "follow-up-closed",
        { status: referral.status },
      );
    }
    const issues = parsed.success ? [] : zodIssues(parsed.error);
    // The rules, on the fields whose form is right (a stand-in for the others, whose problems are dropped).
    const raw = input as Record<string, unknown>;
    const formed = (field: "on" | "kind") =>
      typeof raw[field] === "string" && !issues.some((i) => i.path === field);
    const today = swedishToday(ctx.now);
    const rules = ampFollowUpProblems(
      referral,
      {
        on: formed("on") ? (raw.on as string) : today,
        kind: formed("kind") ? (raw.kind as FollowUpInput["kind"]) : "other",
      },
      today,
    ).filter((p) => formed(p.field as "on" | "kind"));
    issues.push(...rules.map((p) => ({ path: p.field, message: p.code, code: p.code })));
    if (!parsed.success || issues.length) throw invalid("The follow-up has errors.", issues);
    const entry = parsed.data;
    await tx.insert(schema.referralFollowups).values({
      id,
      referralId,
      caseId,
      on: entry.on,
      kind: entry.kind,
      bodyEnc: encryptField(ctx.keys, entry.body, followUpAad(id)),
      createdBy: userId(ctx),
    });
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "create",
      objectType: "case",
      objectId: caseId,
      outcome: "ok",
      detail: { referral: referralId, followUp: id, kind: entry.kind },
    });
    return { id };
  });
}

/** Referral types whose deadlines outlive the case's closing (ADR 0021). */
const CARRIED: ReferralType[] = ["reflection", "amp"];

export interface DeadlineItem extends Partial<Deadline> {
  caseId: string;
  ref: string;
  title: string;
  source: "referral" | "task";
  referralType?: ReferralType;
  /** The referral the deadline belongs to (the ÅMP deadlines link to the application). */
  referralId?: string;
  taskTitle?: string;
  /** Who is responsible for the task. */
  taskOwner?: string | null;
  due: string;
  daysLeft: number;
  /** The case is closed: a reflection period or ÅMP application that outlives it (ADR 0021). */
  caseClosed: boolean;
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
  // A closed case's reflection period and ÅMP application keep running, and their deadlines stay
  // here (ADR 0021); its tasks and other referrals end with it.
  const open = await ctx.db
    .select({
      id: schema.cases.id,
      ref: schema.cases.ref,
      title: schema.cases.title,
      status: schema.cases.status,
    })
    .from(schema.cases)
    .where(
      and(
        or(
          eq(schema.cases.status, "open"),
          sql`exists (select 1 from referrals k where k.case_id = "cases"."id" and k.type in ${CARRIED})`,
        ),
        inRegionScope(ctx.db, regionId),
      ),
    );
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
    const caseClosed = c.status === "closed";
    if (caseClosed && !CARRIED.includes(r.type)) continue;
    for (const d of deadlinesFor(toReferral(r), day)) {
      items.push({
        ...d,
        caseId: c.id,
        ref: c.ref,
        title: c.title,
        source: "referral",
        referralType: r.type,
        referralId: r.id,
        caseClosed,
      });
    }
  }
  const taskRows = await ctx.db
    .select({
      id: schema.tasks.id,
      caseId: schema.tasks.caseId,
      titleEnc: schema.tasks.titleEnc,
      dueOn: schema.tasks.dueOn,
      owner: schema.users.displayName,
    })
    .from(schema.tasks)
    .leftJoin(schema.users, eq(schema.users.id, schema.tasks.ownerId))
    .where(
      and(
        inArray(
          schema.tasks.caseId,
          open.filter((c) => c.status === "open").map((c) => c.id),
        ),
        isNull(schema.tasks.doneAt),
      ),
    );
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
      taskOwner: t.owner,
      caseClosed: false,
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
    detail: { count: items.length, ids: [...new Set(items.map((i) => i.caseId))].join(",") },
  });
  return items.sort((a, b) => a.due.localeCompare(b.due));
}

/** How far back the deadlines view lists the shelters' answers. */
export const SHELTER_ANSWER_DAYS = 14;

/**
 * The shelters' answers on the placements of the coordinator's open cases (own region and shared
 * with it) in the last two weeks, newest first: each status change a shelter user made, with the
 * placement as it is now. Audited as one list.
 */
export async function shelterAnswers(ctx: Ctx) {
  if (!can(ctx.principal, "deadlines.read") || !ctx.principal.regionId) throw forbidden();
  const since = new Date((ctx.now ?? new Date()).getTime() - SHELTER_ANSWER_DAYS * 86_400_000);
  const rows = await ctx.db
    .select({
      caseId: schema.cases.id,
      ref: schema.cases.ref,
      referralId: schema.referrals.id,
      shelter: schema.shelters.name,
      from: schema.referralEvents.fromStatus,
      to: schema.referralEvents.toStatus,
      at: schema.referralEvents.at,
      status: schema.referrals.status,
      data: schema.referrals.data,
    })
    .from(schema.referralEvents)
    .innerJoin(schema.users, eq(schema.users.id, schema.referralEvents.by))
    .innerJoin(schema.referrals, eq(schema.referrals.id, schema.referralEvents.referralId))
    .innerJoin(schema.cases, eq(schema.cases.id, schema.referrals.caseId))
    .leftJoin(schema.shelters, eq(schema.shelters.id, schema.referrals.shelterId))
    .where(
      and(
        eq(schema.users.role, "shelter"),
        eq(schema.cases.status, "open"),
        gte(schema.referralEvents.at, since),
        inRegionScope(ctx.db, ctx.principal.regionId),
      ),
    )
    .orderBy(desc(schema.referralEvents.at))
    .limit(50);
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "list",
    objectType: "referral_events",
    outcome: "ok",
    detail: {
      part: "shelter-answers",
      count: rows.length,
      ids: [...new Set(rows.map((r) => r.caseId))].join(","),
    },
  });
  return rows.map(({ status, data, ...r }) => ({
    ...r,
    placement: toReferral({ type: "nsp-placement", status, data }),
  }));
}
export type ShelterAnswer = Awaited<ReturnType<typeof shelterAnswers>>[number];

/** The case list, with the deadline filter applied from the rules' computed deadlines. */
export async function listCasesWithDeadlines(
  ctx: Ctx,
  filter: CaseFilter,
  decryptTask: (token: string, id: string) => string,
  /** Each case's nearest open deadline, when the list is sorted by it (see listCases). */
  deadlines: Record<string, string> = {},
) {
  if (!filter.deadline) return listCases(ctx, filter, 50, undefined, deadlines);
  const states = filter.deadline === "overdue" ? ["overdue"] : ["overdue", "due"];
  const items = await deadlinesOf(ctx, decryptTask);
  const ids = [...new Set(items.filter((i) => states.includes(i.state)).map((i) => i.caseId))];
  return listCases(ctx, filter, 50, ids, deadlines);
}
