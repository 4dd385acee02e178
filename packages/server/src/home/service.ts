/**
 * What each role's start page shows: the next things to do. Every read is audited like the pages
 * it summarises; the national team and the admin get counts only, never case content.
 */
import { schema } from "@stodkedjan/db";
import { deadlinesFor, NSP_WARNING_DAY, swedishToday } from "@stodkedjan/domain";
import { and, asc, count, desc, eq, gte, isNotNull, isNull, lt, ne, or, sql } from "drizzle-orm";
import { can } from "../access/policy.ts";
import { awaitingDecision } from "../amp/service.ts";
import { audit } from "../audit/log.ts";
import { forbidden } from "../cases/errors.ts";
import { myTasks } from "../cases/finding.ts";
import { type Ctx, inRegionScope, listCases } from "../cases/service.ts";
import { decryptField } from "../crypto/fields.ts";
import { listPlacements } from "../placements/service.ts";
import { deadlinesOf, toReferral } from "../referrals/service.ts";
import { listShelters } from "../shelters/service.ts";

/** "This week": the next seven days, as on the deadlines view. */
const WEEK = 7;
/** How far back the start page looks for answers on referrals. */
const ANSWER_DAYS = 14;

const daysBefore = (now: Date | undefined, days: number) =>
  new Date((now ?? new Date()).getTime() - days * 86_400_000);

export async function regionNames(ctx: Pick<Ctx, "db">): Promise<Map<string, string>> {
  const rows = await ctx.db.select().from(schema.regions).orderBy(asc(schema.regions.nameSv));
  return new Map(rows.map((r) => [r.id, r.nameSv]));
}

/** A coordinator's week: own tasks and deadlines due within seven days, answers on referrals, new cases. */
export async function coordinatorHome(ctx: Ctx) {
  if (!can(ctx.principal, "case.list") || !ctx.principal.regionId) throw forbidden();
  const regionId = ctx.principal.regionId;
  const tasks = (await myTasks(ctx)).filter((t) => t.daysLeft <= WEEK);
  const deadlines = (
    await deadlinesOf(ctx, (token, id) => decryptField(ctx.keys, token, `tasks.title:${id}`))
  ).filter((d) => d.source === "referral" && d.daysLeft <= WEEK);
  // Answers: status changes on the region's referrals made by someone else (a partner's system,
  // a shelter, a colleague), newest first.
  const me = ctx.principal.kind === "user" ? ctx.principal.id : null;
  const answers = await ctx.db
    .select({
      caseId: schema.cases.id,
      ref: schema.cases.ref,
      type: schema.referrals.type,
      from: schema.referralEvents.fromStatus,
      to: schema.referralEvents.toStatus,
      at: schema.referralEvents.at,
    })
    .from(schema.referralEvents)
    .innerJoin(schema.referrals, eq(schema.referrals.id, schema.referralEvents.referralId))
    .innerJoin(schema.cases, eq(schema.cases.id, schema.referrals.caseId))
    .where(
      and(
        isNotNull(schema.referralEvents.fromStatus),
        gte(schema.referralEvents.at, daysBefore(ctx.now, ANSWER_DAYS)),
        me ? or(isNull(schema.referralEvents.by), ne(schema.referralEvents.by, me)) : undefined,
        inRegionScope(ctx.db, regionId),
      ),
    )
    .orderBy(desc(schema.referralEvents.at))
    .limit(10);
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "list",
    objectType: "referral_events",
    outcome: "ok",
    detail: { count: answers.length },
  });
  const recent = await listCases(ctx, { status: "open", kind: "all", page: 1 }, 5);
  return { tasks, deadlines, answers, recent: recent.rows };
}

/**
 * The national picture in counts: open cases and consultations per region and step, overdue
 * deadlines per region, free places in certified shelters. No case is read, only counted.
 */
export async function nationalHome(ctx: Ctx) {
  if (!can(ctx.principal, "case.find")) throw forbidden();
  const day = swedishToday(ctx.now);
  const open = await ctx.db
    .select({
      regionId: schema.cases.regionId,
      kind: schema.cases.kind,
      step: schema.cases.step,
      n: count(),
    })
    .from(schema.cases)
    .where(eq(schema.cases.status, "open"))
    .groupBy(schema.cases.regionId, schema.cases.kind, schema.cases.step);
  // Overdue deadlines: those the referral rules compute for open cases, and overdue tasks.
  const overdue = new Map<string, number>();
  const add = (regionId: string, n = 1) => overdue.set(regionId, (overdue.get(regionId) ?? 0) + n);
  const referralRows = await ctx.db
    .select({ regionId: schema.cases.regionId, referral: schema.referrals })
    .from(schema.referrals)
    .innerJoin(schema.cases, eq(schema.cases.id, schema.referrals.caseId))
    .where(eq(schema.cases.status, "open"));
  for (const r of referralRows)
    for (const d of deadlinesFor(toReferral(r.referral), day)) if (d.state === "overdue") add(r.regionId);
  const lateTasks = await ctx.db
    .select({ regionId: schema.cases.regionId, n: count() })
    .from(schema.tasks)
    .innerJoin(schema.cases, eq(schema.cases.id, schema.tasks.caseId))
    .where(and(eq(schema.cases.status, "open"), isNull(schema.tasks.doneAt), lt(schema.tasks.dueOn, day)))
    .groupBy(schema.cases.regionId);
  for (const t of lateTasks) add(t.regionId, Number(t.n));
  const shelters = await listShelters(ctx, { certified: true });
  const places = new Map<string, { capacity: number; free: number }>();
  for (const s of shelters) {
    const p = places.get(s.regionId) ?? { capacity: 0, free: 0 };
    p.capacity += s.capacity;
    p.free += Math.max(0, s.capacity - s.placements);
    places.set(s.regionId, p);
  }
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "list",
    objectType: "national_overview",
    outcome: "ok",
    detail: { openGroups: open.length, shelters: shelters.length },
  });
  return {
    open: open.map((o) => ({ ...o, n: Number(o.n) })),
    overdue,
    places,
    regions: await regionNames(ctx),
  };
}

/** The admin's state of things: users, partner tokens and the audit log, in counts. */
export async function adminHome(ctx: Ctx) {
  if (!can(ctx.principal, "users.manage")) throw forbidden();
  const [users] = await ctx.db
    .select({
      active: sql<number>`count(*) filter (where not ${schema.users.disabled})::int`,
      disabled: sql<number>`count(*) filter (where ${schema.users.disabled})::int`,
    })
    .from(schema.users);
  const [tokens] = await ctx.db
    .select({ n: count() })
    .from(schema.apiTokens)
    .where(isNull(schema.apiTokens.revokedAt));
  const [log] = await ctx.db
    .select({ n: count(), at: sql<string | null>`max(${schema.auditLog.at})` })
    .from(schema.auditLog);
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "list",
    objectType: "admin_overview",
    outcome: "ok",
  });
  return {
    activeUsers: Number(users?.active ?? 0),
    disabledUsers: Number(users?.disabled ?? 0),
    activeTokens: Number(tokens?.n ?? 0),
    auditEntries: Number(log?.n ?? 0),
    lastAuditAt: log?.at ?? null,
  };
}

export type NationalHome = Awaited<ReturnType<typeof nationalHome>>;
export type CoordinatorHome = Awaited<ReturnType<typeof coordinatorHome>>;
export type AdminHome = Awaited<ReturnType<typeof adminHome>>;

/** "Near day 80/90": a stay from this day on is on the shelter's start page (a week before day 80). */
const NEAR_DAY = NSP_WARNING_DAY - WEEK;

/**
 * A shelter's next things to do at its own shelter: referrals to answer, arrivals to confirm, and
 * stays near day 80 or past it (still placed, or waiting for a decision on an extension).
 */
export async function shelterHome(ctx: Pick<Ctx, "db" | "principal" | "now">) {
  const all = await listPlacements(ctx);
  return {
    toAnswer: all.filter((p) => p.action === "answer"),
    toArrive: all.filter((p) => p.action === "arrival"),
    nearEnd: all.filter(
      (p) =>
        (p.status === "placed" || p.status === "extension-requested") &&
        p.daysUsed !== null &&
        p.daysUsed >= NEAR_DAY,
    ),
  };
}

/** IOM's next things to do: the applications waiting for its decision, oldest first. */
export async function iomHome(ctx: Pick<Ctx, "db" | "principal" | "now">) {
  return { awaiting: await awaitingDecision(ctx) };
}

export type ShelterHome = Awaited<ReturnType<typeof shelterHome>>;
export type IomHome = Awaited<ReturnType<typeof iomHome>>;
