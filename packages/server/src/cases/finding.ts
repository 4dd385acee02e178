/**
 * Finding cases and work: the case list with each case's nearest open deadline (and sorted by it),
 * "my tasks" across cases, and the national team's lookup of a case by its number, which leads to
 * the case's access history only. Every read is audited.
 */
import { schema } from "@stodkedjan/db";
import { deadlinesFor, swedishToday } from "@stodkedjan/domain";
import { and, asc, eq, inArray, isNull, like } from "drizzle-orm";
import { can } from "../access/policy.ts";
import { audit } from "../audit/log.ts";
import { decryptField } from "../crypto/fields.ts";
import { listCasesWithDeadlines, toReferral } from "../referrals/service.ts";
import { forbidden, invalid } from "./errors.ts";
import type { CaseFilter } from "./schemas.ts";
import { parseSearch } from "./search.ts";
import { type Ctx, inRegionScope } from "./service.ts";

/** The nearest open deadline of each case (referral rules and open tasks), by case id. */
export async function nearestDeadlines(ctx: Ctx, caseIds: string[]): Promise<Map<string, string>> {
  const nearest = new Map<string, string>();
  if (caseIds.length === 0) return nearest;
  const keep = (caseId: string, due: string) => {
    const known = nearest.get(caseId);
    if (known === undefined || due < known) nearest.set(caseId, due);
  };
  const day = swedishToday(ctx.now);
  const referralRows = await ctx.db
    .select()
    .from(schema.referrals)
    .where(inArray(schema.referrals.caseId, caseIds));
  for (const r of referralRows) for (const d of deadlinesFor(toReferral(r), day)) keep(r.caseId, d.due);
  const taskRows = await ctx.db
    .select({ caseId: schema.tasks.caseId, dueOn: schema.tasks.dueOn })
    .from(schema.tasks)
    .where(and(inArray(schema.tasks.caseId, caseIds), isNull(schema.tasks.doneAt)));
  for (const t of taskRows) keep(t.caseId, t.dueOn);
  return nearest;
}

/**
 * A page of the case list with each case's nearest open deadline. Sorted by deadline, the
 * deadlines of all the region's open cases are computed first (the rules are not SQL) and the
 * list orders by them; otherwise only the page's cases are looked at.
 */
export async function listCasesPage(ctx: Ctx, filter: CaseFilter) {
  if (!can(ctx.principal, "case.list") || !ctx.principal.regionId) throw forbidden();
  let all: Map<string, string> | undefined;
  if (filter.sort === "deadline") {
    const open = await ctx.db
      .select({ id: schema.cases.id })
      .from(schema.cases)
      .where(and(eq(schema.cases.status, "open"), inRegionScope(ctx.db, ctx.principal.regionId)));
    all = await nearestDeadlines(
      ctx,
      open.map((c) => c.id),
    );
  }
  const { rows, more } = await listCasesWithDeadlines(
    ctx,
    filter,
    (token, taskId) => decryptField(ctx.keys, token, `tasks.title:${taskId}`),
    all ? Object.fromEntries(all) : {},
  );
  const shown =
    all ??
    (await nearestDeadlines(
      ctx,
      rows.filter((r) => r.status === "open").map((r) => r.id),
    ));
  return {
    rows: rows.map((r) => ({
      ...r,
      nearestDeadline: r.status === "open" ? (shown.get(r.id) ?? null) : null,
    })),
    more,
  };
}

/** Every open task given to the signed-in coordinator, on the cases they may still work, soonest first. */
export async function myTasks(ctx: Ctx) {
  if (!can(ctx.principal, "deadlines.read") || !ctx.principal.regionId || ctx.principal.kind !== "user")
    throw forbidden();
  const rows = await ctx.db
    .select({
      id: schema.tasks.id,
      caseId: schema.tasks.caseId,
      titleEnc: schema.tasks.titleEnc,
      dueOn: schema.tasks.dueOn,
      ref: schema.cases.ref,
      title: schema.cases.title,
    })
    .from(schema.tasks)
    .innerJoin(schema.cases, eq(schema.cases.id, schema.tasks.caseId))
    .where(
      and(
        eq(schema.tasks.ownerId, ctx.principal.id),
        isNull(schema.tasks.doneAt),
        eq(schema.cases.status, "open"),
        inRegionScope(ctx.db, ctx.principal.regionId),
      ),
    )
    .orderBy(asc(schema.tasks.dueOn), asc(schema.cases.ref));
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "list",
    objectType: "tasks",
    outcome: "ok",
    detail: { count: rows.length, owner: "me" },
  });
  const day = swedishToday(ctx.now);
  return rows.map((t) => {
    const daysLeft = Math.round((Date.parse(t.dueOn) - Date.parse(day)) / 86_400_000);
    return {
      id: t.id,
      caseId: t.caseId,
      ref: t.ref,
      caseTitle: t.title,
      title: decryptField(ctx.keys, t.titleEnc, `tasks.title:${t.id}`),
      dueOn: t.dueOn,
      daysLeft,
      overdue: daysLeft < 0,
    };
  });
}

/**
 * The national team's case finder: the cases with this number (whole, or its digits), as their
 * number and id only, so that the team can open the access history. No case content is read.
 */
export async function findCaseNumber(ctx: Ctx, q: string) {
  if (!can(ctx.principal, "case.find")) throw forbidden();
  const search = await parseSearch(ctx.db, q);
  if (search?.kind !== "ref")
    throw invalid("Skriv ett ärendenummer.", [
      { path: "q", message: "Skriv ärendenumret, t.ex. ÄR-2026-000123, eller bara dess siffror (123)." },
    ]);
  const rows = await ctx.db
    .select({ id: schema.cases.id, ref: schema.cases.ref })
    .from(schema.cases)
    .where(like(schema.cases.ref, search.q))
    .orderBy(asc(schema.cases.ref))
    .limit(20);
  // One entry, on the case itself when there is one, so that its access history shows the lookup.
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "list",
    objectType: "case",
    objectId: rows.length === 1 ? (rows[0]?.id ?? null) : null,
    outcome: "ok",
    detail: { number: search.q, count: rows.length },
  });
  return rows;
}
