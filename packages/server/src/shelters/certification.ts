/**
 * The certification checklist (ADR 0027): NSP's criteria, each assessed at a shelter with its
 * evidence, assessor and day. The checklist decides the certification: every change to it
 * rewrites `shelters.certified_until` in the same transaction, so the placement rule (certified
 * on the day referred and on the day of arrival) reads one column as before. Only the national
 * team writes; coordinators read. Every write is in the audit log with the date before and after.
 * Shelters are organisations, and the evidence is about the shelter, never a client: nothing is
 * encrypted and reads are not audited (ADR 0007).
 */
import { type Db, schema } from "@stodkedjan/db";
import {
  addDays,
  addYears,
  type Certification,
  certificationOn,
  checklistCertifiedUntil,
  swedishToday,
} from "@stodkedjan/domain";
import { and, asc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { can, type Permission } from "../access/policy.ts";
import { appendAudit } from "../audit/log.ts";
import { forbidden, type Issue, invalid, ServiceError } from "../cases/errors.ts";
import type {
  AssessmentInput,
  CriterionInput,
  RetirementInput,
  WithdrawalInput,
} from "./certification-schemas.ts";
import { couldNameShelter, type ShelterCtx, shelterNotFound, slugOf } from "./service.ts";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface CriterionView {
  id: string;
  textSv: string;
  textEn: string;
  builtIn: boolean;
}

/** A retired criterion: it no longer counts nor is assessed, but its assessments stay in the history. */
export interface RetiredCriterionView extends CriterionView {
  retiredOn: string;
}

export interface AssessmentView {
  id: string;
  criterionId: string;
  met: boolean;
  evidence: string;
  assessor: string;
  assessedOn: string;
  validUntil: string;
}

export interface ChecklistView {
  shelterId: string;
  shelterName: string;
  certification: Certification;
  withdrawnOn: string | null;
  withdrawnReason: string | null;
  /** Each criterion in force, with its latest assessment (null: not yet assessed here). */
  criteria: (CriterionView & { latest: AssessmentView | null; counts: boolean })[];
  /** Every assessment, newest first. */
  history: AssessmentView[];
  /** The retired criteria that the history holds assessments of. */
  retiredCriteria: RetiredCriterionView[];
}

/** Longest an assessment may hold: three years. */
const MAX_VALID_YEARS = 3;

const today = (ctx: { now?: Date }) => swedishToday(ctx.now);

function needs(ctx: ShelterCtx, permission: Permission) {
  if (!can(ctx.principal, permission)) throw forbidden();
}

async function criteriaIn(db: Pick<Db, "select">) {
  return db
    .select()
    .from(schema.certificationCriteria)
    .where(isNull(schema.certificationCriteria.retiredOn))
    .orderBy(asc(schema.certificationCriteria.position), asc(schema.certificationCriteria.id));
}

async function assessmentsAt(db: Pick<Db, "select">, shelterId: string) {
  return db
    .select()
    .from(schema.certificationAssessments)
    .where(eq(schema.certificationAssessments.shelterId, shelterId))
    .orderBy(asc(schema.certificationAssessments.assessedOn), asc(schema.certificationAssessments.createdAt));
}

async function retiredCriteria(db: Pick<Db, "select">): Promise<RetiredCriterionView[]> {
  const rows = await db
    .select()
    .from(schema.certificationCriteria)
    .where(isNotNull(schema.certificationCriteria.retiredOn))
    .orderBy(asc(schema.certificationCriteria.position), asc(schema.certificationCriteria.id));
  return rows.map((c) => ({
    id: c.id,
    textSv: c.textSv,
    textEn: c.textEn,
    builtIn: c.builtIn,
    retiredOn: c.retiredOn as string,
  }));
}

const assessmentView = (a: typeof schema.certificationAssessments.$inferSelect): AssessmentView => ({
  id: a.id,
  criterionId: a.criterionId,
  met: a.met,
  evidence: a.evidence,
  assessor: a.assessor,
  assessedOn: a.assessedOn,
  validUntil: a.validUntil,
});

/** The checklist of one shelter: the criteria with their latest assessments, and its history. */
export async function getChecklist(ctx: ShelterCtx, shelterId: string): Promise<ChecklistView> {
  needs(ctx, "shelters.read");
  if (!couldNameShelter(shelterId)) throw shelterNotFound();
  const [shelter] = await ctx.db.select().from(schema.shelters).where(eq(schema.shelters.id, shelterId));
  if (!shelter) throw shelterNotFound();
  const [criteria, assessments, retired] = await Promise.all([
    criteriaIn(ctx.db),
    assessmentsAt(ctx.db, shelterId),
    retiredCriteria(ctx.db),
  ]);
  const assessed = new Set(assessments.map((a) => a.criterionId));
  const withdrawnOn = shelter.certificationWithdrawnOn;
  const counted = withdrawnOn ? assessments.filter((a) => a.assessedOn > withdrawnOn) : assessments;
  const latest = new Map<string, (typeof assessments)[number]>();
  for (const a of counted) latest.set(a.criterionId, a);
  const all = new Map<string, (typeof assessments)[number]>();
  for (const a of assessments) all.set(a.criterionId, a);
  return {
    shelterId,
    shelterName: shelter.name,
    certification: certificationOn(shelter.certifiedUntil, today(ctx), withdrawnOn),
    withdrawnOn,
    withdrawnReason: shelter.certificationWithdrawnReason,
    criteria: criteria.map((c) => {
      const a = latest.get(c.id) ?? all.get(c.id) ?? null;
      return {
        id: c.id,
        textSv: c.textSv,
        textEn: c.textEn,
        builtIn: c.builtIn,
        latest: a ? assessmentView(a) : null,
        counts: latest.has(c.id),
      };
    }),
    history: [...assessments].reverse().map(assessmentView),
    retiredCriteria: retired.filter((c) => assessed.has(c.id)),
  };
}

/**
 * Re-derives the certification from the checklist and writes it to the shelter; returns the date
 * before and after. A withdrawal ends once assessments after it certify the shelter again.
 */
async function rederive(tx: Tx, shelterId: string, current: typeof schema.shelters.$inferSelect) {
  const [criteria, assessments] = await Promise.all([criteriaIn(tx), assessmentsAt(tx, shelterId)]);
  const until = checklistCertifiedUntil(
    criteria.map((c) => ({ id: c.id, builtIn: c.builtIn, retiredOn: c.retiredOn })),
    assessments,
    current.certificationWithdrawnOn,
  );
  const reinstated = current.certificationWithdrawnOn !== null && until !== null;
  await tx
    .update(schema.shelters)
    .set({
      certifiedUntil: until,
      ...(reinstated ? { certificationWithdrawnOn: null, certificationWithdrawnReason: null } : {}),
    })
    .where(eq(schema.shelters.id, shelterId));
  return { from: current.certifiedUntil, to: until, reinstated };
}

async function lockShelter(tx: Tx, shelterId: string) {
  if (!couldNameShelter(shelterId)) throw shelterNotFound();
  const [current] = await tx
    .select()
    .from(schema.shelters)
    .where(eq(schema.shelters.id, shelterId))
    .for("update");
  if (!current) throw shelterNotFound();
  return current;
}

/**
 * Records one assessment of one criterion at a shelter (national team), and the certification
 * that follows from the checklist. 400 at its field for a day in the future, an end before the
 * assessment or more than three years after it, or a criterion not in force.
 */
export async function recordAssessment(
  ctx: ShelterCtx,
  shelterId: string,
  input: AssessmentInput,
): Promise<ChecklistView> {
  needs(ctx, "shelters.manage");
  const day = today(ctx);
  const problems: Issue[] = [];
  if (input.assessedOn > day)
    problems.push({ path: "assessedOn", message: "the day is in the future", code: "date-future" });
  if (input.validUntil < input.assessedOn)
    problems.push({ path: "validUntil", message: "ends before the assessment", code: "date-order" });
  else if (input.validUntil > addDays(addYears(input.assessedOn, MAX_VALID_YEARS), -1))
    problems.push({
      path: "validUntil",
      message: "an assessment holds at most three years",
      code: "assessment-too-long",
    });
  await ctx.db.transaction(async (tx) => {
    // The criterion before the shelter, share-locked, in the order retiring locks them: a
    // retirement waits for this assessment (and then counts it), or this one sees it retired.
    const [criterion] = await tx
      .select()
      .from(schema.certificationCriteria)
      .where(
        and(
          eq(schema.certificationCriteria.id, input.criterionId),
          isNull(schema.certificationCriteria.retiredOn),
        ),
      )
      .for("share");
    const current = await lockShelter(tx, shelterId);
    if (!criterion)
      problems.unshift({
        path: "criterionId",
        message: "no criterion in force has this id",
        code: "criterion-unknown",
      });
    if (problems.length) throw invalid("The assessment has errors.", problems);
    const [row] = await tx
      .insert(schema.certificationAssessments)
      .values({
        shelterId,
        criterionId: input.criterionId,
        met: input.met,
        evidence: input.evidence,
        assessor: input.assessor,
        assessedOn: input.assessedOn,
        validUntil: input.validUntil,
        recordedBy: ctx.principal.kind === "user" ? ctx.principal.id : null,
      })
      .returning({ id: schema.certificationAssessments.id });
    const change = await rederive(tx, shelterId, current);
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "update",
      objectType: "shelter",
      objectId: shelterId,
      outcome: "ok",
      detail: {
        part: "certification-assessment",
        assessment: row?.id ?? null,
        criterion: input.criterionId,
        met: input.met ? "yes" : "no",
        assessedOn: input.assessedOn,
        validUntil: input.validUntil,
        "certifiedUntil.from": change.from,
        "certifiedUntil.to": change.to,
        ...(change.reinstated ? { withdrawal: "ended" } : {}),
      },
    });
  });
  return getChecklist(ctx, shelterId);
}

/** Withdraws a shelter's certification from today (national team): it takes no new placement. */
export async function withdrawCertification(
  ctx: ShelterCtx,
  shelterId: string,
  input: WithdrawalInput,
): Promise<ChecklistView> {
  needs(ctx, "shelters.manage");
  const day = today(ctx);
  await ctx.db.transaction(async (tx) => {
    const current = await lockShelter(tx, shelterId);
    if (current.certificationWithdrawnOn !== null)
      throw new ServiceError(409, "The certification is already withdrawn.", [], "certification-withdrawn");
    await tx
      .update(schema.shelters)
      .set({
        certifiedUntil: null,
        certificationWithdrawnOn: day,
        certificationWithdrawnReason: input.reason,
      })
      .where(eq(schema.shelters.id, shelterId));
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "update",
      objectType: "shelter",
      objectId: shelterId,
      outcome: "ok",
      detail: {
        part: "certification-withdrawal",
        withdrawnOn: day,
        reason: input.reason,
        "certifiedUntil.from": current.certifiedUntil,
        "certifiedUntil.to": null,
      },
    });
  });
  return getChecklist(ctx, shelterId);
}

/** The criteria in force, in their order. */
export async function listCriteria(ctx: ShelterCtx): Promise<CriterionView[]> {
  needs(ctx, "shelters.read");
  return (await criteriaIn(ctx.db)).map((c) => ({
    id: c.id,
    textSv: c.textSv,
    textEn: c.textEn,
    builtIn: c.builtIn,
  }));
}

/**
 * Adds a criterion to the checklist (national team). It counts at a shelter from its first
 * assessment there, so no shelter loses its certification the moment it is added.
 */
export async function addCriterion(ctx: ShelterCtx, input: CriterionInput): Promise<CriterionView> {
  needs(ctx, "shelters.manage");
  return ctx.db.transaction(async (tx) => {
    const existing = await tx
      .select({ id: schema.certificationCriteria.id, position: schema.certificationCriteria.position })
      .from(schema.certificationCriteria);
    const taken = new Set(existing.map((c) => c.id));
    const base = `c-${slugOf(input.textSv)}`.slice(0, 70);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    const position = Math.max(0, ...existing.map((c) => c.position)) + 1;
    await tx.insert(schema.certificationCriteria).values({ id, ...input, builtIn: false, position });
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "create",
      objectType: "certification-criterion",
      objectId: id,
      outcome: "ok",
      detail: { textSv: input.textSv, textEn: input.textEn },
    });
    return { id, textSv: input.textSv, textEn: input.textEn, builtIn: false };
  });
}

/** The retired criteria, in their order (the criteria page). */
export async function listRetiredCriteria(ctx: ShelterCtx): Promise<RetiredCriterionView[]> {
  needs(ctx, "shelters.read");
  return retiredCriteria(ctx.db);
}

/** A criterion id as the checklist makes them (built in, or `c-` and a slug): nothing else is looked up. */
const CRITERION_ID = /^[a-z0-9-]{1,80}$/;

/**
 * Retires a criterion the national team added (ADR 0027), from a day that is today (the default)
 * or earlier but not before it was added: it is no longer assessed and no longer counts at any
 * shelter, and its assessments stay in each shelter's history. Every shelter with an assessment of
 * it has its certification derived again in the same transaction (criterion, then shelters, locked
 * in that order as assessments lock them). NSP's built-in criteria cannot be retired. 400 at its
 * field: no such criterion, a built-in one, one already retired, a day in the future or before the
 * criterion was added.
 */
export async function retireCriterion(
  ctx: ShelterCtx,
  criterionId: string,
  input: RetirementInput,
): Promise<RetiredCriterionView> {
  needs(ctx, "shelters.manage");
  const day = today(ctx);
  const retiredOn = input.retiredOn ?? day;
  const problems: Issue[] = [];
  if (retiredOn > day)
    problems.push({ path: "retiredOn", message: "the day is in the future", code: "date-future" });
  return ctx.db.transaction(async (tx) => {
    const [criterion] = CRITERION_ID.test(criterionId)
      ? await tx
          .select()
          .from(schema.certificationCriteria)
          .where(eq(schema.certificationCriteria.id, criterionId))
          .for("update")
      : [];
    if (!criterion)
      problems.unshift({
        path: "criterionId",
        message: "no criterion has this id",
        code: "criterion-unknown",
      });
    else if (criterion.builtIn)
      problems.unshift({
        path: "criterionId",
        message: "NSP's own criteria cannot be retired",
        code: "criterion-built-in",
      });
    else if (criterion.retiredOn !== null)
      problems.unshift({
        path: "criterionId",
        message: `retired already on ${criterion.retiredOn}`,
        code: "criterion-retired",
        params: { on: criterion.retiredOn },
      });
    else if (retiredOn < swedishToday(criterion.createdAt) && !problems.length)
      problems.push({
        path: "retiredOn",
        message: "before the criterion was added",
        code: "date-before-added",
        params: { on: swedishToday(criterion.createdAt) },
      });
    if (problems.length || !criterion) throw invalid("The retirement has errors.", problems);
    await tx
      .update(schema.certificationCriteria)
      .set({ retiredOn })
      .where(eq(schema.certificationCriteria.id, criterionId));
    const assessedAt = await tx
      .selectDistinct({ shelterId: schema.certificationAssessments.shelterId })
      .from(schema.certificationAssessments)
      .where(eq(schema.certificationAssessments.criterionId, criterionId));
    const ids = assessedAt.map((r) => r.shelterId).sort();
    const locked = ids.length
      ? await tx
          .select()
          .from(schema.shelters)
          .where(inArray(schema.shelters.id, ids))
          .orderBy(asc(schema.shelters.id))
          .for("update")
      : [];
    const changed: string[] = [];
    for (const current of locked) {
      const change = await rederive(tx, current.id, current);
      if (change.from === change.to && !change.reinstated) continue;
      changed.push(current.id);
      await appendAudit(tx, {
        actor: ctx.principal,
        action: "update",
        objectType: "shelter",
        objectId: current.id,
        outcome: "ok",
        detail: {
          part: "certification-criterion-retired",
          criterion: criterionId,
          retiredOn,
          "certifiedUntil.from": change.from,
          "certifiedUntil.to": change.to,
          ...(change.reinstated ? { withdrawal: "ended" } : {}),
        },
      });
    }
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "update",
      objectType: "certification-criterion",
      objectId: criterionId,
      outcome: "ok",
      detail: { retiredOn, "shelters.assessed": ids.length, "shelters.changed": changed.join(",") },
    });
    return {
      id: criterion.id,
      textSv: criterion.textSv,
      textEn: criterion.textEn,
      builtIn: false,
      retiredOn,
    };
  });
}

/**
 * The renewal reminders of the national team's start page: shelters whose certification runs out
 * within the warning period or has run out in the last year, soonest first.
 */
export async function renewalReminders(ctx: ShelterCtx) {
  needs(ctx, "shelters.manage");
  const day = today(ctx);
  const rows = await ctx.db
    .select({
      id: schema.shelters.id,
      name: schema.shelters.name,
      regionId: schema.shelters.regionId,
      certifiedUntil: schema.shelters.certifiedUntil,
    })
    .from(schema.shelters)
    .orderBy(asc(schema.shelters.certifiedUntil), asc(schema.shelters.name));
  return rows
    .map((r) => ({ ...r, certification: certificationOn(r.certifiedUntil, day) }))
    .filter(
      (r) =>
        r.certification.state === "expiring" ||
        (r.certification.state === "expired" && (r.certification.daysLeft ?? 0) >= -365),
    );
}
