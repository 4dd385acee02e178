/**
 * The shelter's side of NSP placements: the placements referred to the signed-in user's own
 * shelter, and its answers to them (accept with a start date, decline with a reason, the arrival,
 * a request for an extension, the exit and where to). A shelter sees only what it needs to act:
 * the person's pseudonym and age group, the coded needs the coordinator recorded, the dates and
 * the 90-day count, and the region whose coordinator referred the person. Never a name, a note,
 * an attachment or the case's own fields. A placement at another shelter is "not found".
 * Every read and every answer is in the audit log, against the case.
 */
import { type Db, schema } from "@stodkedjan/db";
import {
  acceptNspReferral,
  confirmNspArrival,
  type Deadline,
  deadlinesFor,
  declineNspReferral,
  InvalidTransitionError,
  isInShelter,
  NSP_FLAT_RATE_DAYS,
  type NspPlacement,
  type NspPlacementNeed,
  nspDaysUsed,
  nspShelterAction,
  ReferralProblemsError,
  recordNspExit,
  requestNspExtension,
  swedishToday,
} from "@stodkedjan/domain";
import { and, asc, eq, type SQL } from "drizzle-orm";
import { can, type Principal } from "../access/policy.ts";
import { appendAudit, audit } from "../audit/log.ts";
import { forbidden, invalid, ServiceError } from "../cases/errors.ts";
import { lockCase } from "../cases/service.ts";
import { isUuid } from "../ids.ts";
import { type PlacementAnswer, placementAnswer } from "./schemas.ts";

export interface PlacementCtx {
  db: Db;
  principal: Principal;
  now?: Date;
}

export const placementNotFound = () =>
  new ServiceError(404, "No such placement at your shelter.", [], "placement-not-found");

/** What the shelter sees of one placement. */
export interface PlacementView {
  id: string;
  pseudonym: string;
  ageGroup: "child" | "adult";
  /** The region whose coordinator referred the person (the shelter's contact). */
  regionId: string;
  status: NspPlacement["status"];
  needs: NspPlacementNeed[];
  referredOn: string | null;
  answeredOn: string | null;
  start: string | null;
  end: string | null;
  declineReason: NspPlacement["declineReason"];
  exitTo: NspPlacement["exitTo"];
  extensionRequest: NspPlacement["extensionRequest"];
  /** Days of the stay so far (day 1 is the day of arrival); null before the arrival. */
  daysUsed: number | null;
  /** Flat-rate days left after today, never below 0; null before the arrival. */
  flatRateDaysLeft: number | null;
  /** What the shelter has to do: answer, confirm the arrival, the stay (exit, extension), or nothing. */
  action: ReturnType<typeof nspShelterAction>;
  deadlines: Deadline[];
}

/**
 * The signed-in user's shelter, or null for a shelter account not (yet) linked to one: it sees
 * an empty list, and every placement is "not found" to it.
 */
function shelterOf(ctx: PlacementCtx, permission: "placements.read" | "placements.answer"): string | null {
  if (!can(ctx.principal, permission)) throw forbidden();
  return ctx.principal.shelterId;
}

const today = (ctx: { now?: Date }) => swedishToday(ctx.now);

/** The only columns a shelter's read selects: nothing else of the case or the person is fetched. */
const COLUMNS = {
  id: schema.referrals.id,
  caseId: schema.referrals.caseId,
  status: schema.referrals.status,
  data: schema.referrals.data,
  pseudonym: schema.persons.pseudonym,
  ageGroup: schema.persons.ageGroup,
  regionId: schema.cases.regionId,
};

function rowsOf(db: Pick<Db, "select">, shelterId: string, where?: SQL) {
  return db
    .select(COLUMNS)
    .from(schema.referrals)
    .innerJoin(schema.cases, eq(schema.cases.id, schema.referrals.caseId))
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .where(and(eq(schema.referrals.type, "nsp-placement"), eq(schema.referrals.shelterId, shelterId), where))
    .orderBy(asc(schema.referrals.createdAt));
}

type Row = Awaited<ReturnType<typeof rowsOf>>[number];

const placementOf = (row: Pick<Row, "status" | "data">): NspPlacement =>
  ({ ...(row.data as object), status: row.status }) as NspPlacement;

function viewOf(row: Row, day: string): PlacementView {
  const p = placementOf(row);
  const stayed = p.start !== null && (isInShelter(p.status) || p.status === "exited");
  const daysUsed = stayed && p.start ? nspDaysUsed({ start: p.start, end: p.end }, day) : null;
  return {
    id: row.id,
    pseudonym: row.pseudonym,
    ageGroup: row.ageGroup,
    regionId: row.regionId,
    status: p.status,
    needs: p.needs ?? [],
    referredOn: p.referredOn ?? null,
    answeredOn: p.answeredOn ?? null,
    start: p.start,
    end: p.end,
    declineReason: p.declineReason ?? null,
    exitTo: p.exitTo ?? null,
    extensionRequest: p.extensionRequest ?? null,
    daysUsed,
    flatRateDaysLeft: daysUsed === null ? null : Math.max(0, NSP_FLAT_RATE_DAYS - daysUsed),
    action: nspShelterAction(p),
    deadlines: deadlinesFor({ type: "nsp-placement", ...p }, day),
  };
}

/** The placements referred to the user's shelter, oldest referral first. Audited as one list. */
export async function listPlacements(ctx: PlacementCtx): Promise<PlacementView[]> {
  const shelterId = shelterOf(ctx, "placements.read");
  const rows = shelterId ? await rowsOf(ctx.db, shelterId) : [];
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "list",
    objectType: "placements",
    objectId: shelterId,
    outcome: "ok",
    detail: { count: rows.length, ids: [...new Set(rows.map((r) => r.caseId))].join(",") },
  });
  const day = today(ctx);
  return rows.map((r) => viewOf(r, day));
}

/** One placement at the user's shelter; 404 for any other. Audited as a read of its case. */
export async function getPlacement(ctx: PlacementCtx, placementId: string): Promise<PlacementView> {
  const shelterId = shelterOf(ctx, "placements.read");
  if (!shelterId || !isUuid(placementId)) throw placementNotFound();
  const [row] = await rowsOf(ctx.db, shelterId, eq(schema.referrals.id, placementId));
  if (!row) throw placementNotFound();
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "read",
    objectType: "case",
    objectId: row.caseId,
    outcome: "ok",
    detail: { part: "placement", referral: placementId },
  });
  return viewOf(row, today(ctx));
}

const moved = (status: string) =>
  new ServiceError(409, `The placement is ${status}; this answer no longer fits it.`, [], "placement-moved");

/** The rule's move for an answer, on the placement as it is now. */
function apply(p: NspPlacement, answer: PlacementAnswer, day: string): NspPlacement {
  switch (answer.action) {
    case "accept":
      return acceptNspReferral(p, { start: answer.start }, day);
    case "decline":
      return declineNspReferral(p, { reason: answer.reason }, day);
    case "arrival":
      return confirmNspArrival(p, { arrivedOn: answer.arrivedOn }, day);
    case "exit":
      return recordNspExit(p, { end: answer.end, exitTo: answer.exitTo }, day);
    case "extension":
      return requestNspExtension(p, { reason: answer.reason }, day);
  }
}

/**
 * The shelter's answer to a placement at its own shelter, in one transaction with its audit
 * entry. The input is validated once the placement is known to be the shelter's. The case and
 * then the placement are locked, so of two answers at once the second is
 * checked against what the first made of it: 409 when the move no longer fits. 400 for input the
 * rules refuse (each problem at its field), 404 for a placement at another shelter.
 */
export async function answerPlacement(
  ctx: PlacementCtx,
  placementId: string,
  input: PlacementAnswer | Record<string, unknown>,
): Promise<PlacementView> {
  const shelterId = shelterOf(ctx, "placements.answer");
  if (!shelterId || !isUuid(placementId)) throw placementNotFound();
  const [found] = await rowsOf(ctx.db, shelterId, eq(schema.referrals.id, placementId));
  if (!found) throw placementNotFound();
  // Validated after the shelter's scope, so another shelter's placement is "not found" whatever is sent.
  const parsed = placementAnswer.safeParse(input);
  if (!parsed.success)
    throw invalid(
      "The answer has errors.",
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  const answer = parsed.data;
  const day = today(ctx);
  await ctx.db.transaction(async (tx) => {
    await lockCase(tx, found.caseId, "open", ctx.now);
    const [row] = await tx
      .select({ status: schema.referrals.status, data: schema.referrals.data })
      .from(schema.referrals)
      .where(and(eq(schema.referrals.id, placementId), eq(schema.referrals.shelterId, shelterId)))
      .for("update");
    if (!row) throw placementNotFound();
    if (answer.seen !== undefined && answer.seen !== row.status) throw moved(row.status);
    let next: NspPlacement;
    try {
      next = apply(placementOf(row), answer, day);
    } catch (e) {
      if (e instanceof InvalidTransitionError) throw moved(e.from);
      if (e instanceof ReferralProblemsError)
        throw invalid(
          "The answer has errors.",
          e.problems.map((p) => ({ path: p.field, message: p.code })),
        );
      throw e;
    }
    const { status, ...data } = next;
    await tx
      .update(schema.referrals)
      .set({ status, data, updatedAt: ctx.now ?? new Date() })
      .where(eq(schema.referrals.id, placementId));
    await tx.insert(schema.referralEvents).values({
      referralId: placementId,
      fromStatus: row.status,
      toStatus: status,
      by: ctx.principal.kind === "user" ? ctx.principal.id : null,
    });
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "update",
      objectType: "case",
      objectId: found.caseId,
      outcome: "ok",
      detail: { referral: placementId, answer: answer.action, status, shelter: shelterId },
    });
  });
  return getPlacement(ctx, placementId);
}
