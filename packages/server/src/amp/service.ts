/**
 * ÅMP, both sides of an application (ADR 0028). The coordinator prepares, submits and answers;
 * IOM decides (asks for more, approves with support items, refuses, closes), pays claims against
 * the granted items inside the two-year window, and records follow-up contacts after the return.
 * Both sides record the phases with their dates, confirm a child's guardian and receiving
 * authority, and write messages. Every read and write is audited on the case; free text is
 * encrypted. An application is addressed by `{ rid }` on IOM's side and `{ caseId, rid }` on the
 * coordinator's, and the address decides the side: IOM needs `amp.*`, the coordinator the case.
 */
import { randomUUID } from "node:crypto";
import { type Db, schema } from "@stodkedjan/db";
import {
  AMP_APPLICATION_MACHINE,
  AMP_SUPPORT_KINDS,
  type AmpClaim,
  type AmpPhase,
  type AmpReferral,
  type AmpSide,
  ampBalances,
  ampClaimProblem,
  ampClaimWindow,
  ampDeadlines,
  ampFollowUpProblems,
  ampMay,
  ampPhaseProblems,
  canAmpTransition,
  childConfirmed,
  compareDeadlines,
  type Deadline,
  isChildOn,
  monthsAndDays,
  referralProblems,
  swedishToday,
  withChildRoutine,
} from "@stodkedjan/domain";
import { and, asc, eq, ne, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { can, type Principal } from "../access/policy.ts";
import { appendAudit, audit } from "../audit/log.ts";
import { conflict, forbidden, type Issue, invalid, notFound, zodIssues } from "../cases/errors.ts";
import { authorizeCase } from "../cases/scope.ts";
import { decryptField, encryptField } from "../crypto/fields.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import { isUuid } from "../ids.ts";
import { caseChildOn, type FollowUp, followUpAad, followUpsOf } from "../referrals/service.ts";
import { iomDecides } from "./errors.ts";
import {
  ampChildConfirmation,
  ampClaimInput,
  ampDecision,
  ampDetails,
  ampFollowUpInput,
  ampMessageInput,
  ampPhaseInput,
  ampSubmit,
} from "./schemas.ts";

export interface AmpCtx {
  db: Db;
  principal: Principal;
  keys?: KeyRing;
  now?: Date;
}

/** IOM addresses an application by its id; the coordinator through the case it belongs to. */
export interface AmpAt {
  rid: string;
  caseId?: string;
}

export interface AmpApplicationView {
  id: string;
  pseudonym: string;
  regionId: string;
  application: AmpReferral;
}

type Tx = Db;
type Row = typeof schema.referrals.$inferSelect;

const today = (ctx: AmpCtx) => swedishToday(ctx.now);
const keysOf = (ctx: AmpCtx): KeyRing => {
  if (!ctx.keys) throw new Error("ÅMP free text needs the key ring");
  return ctx.keys;
};
const userId = (ctx: AmpCtx) => (ctx.principal.kind === "user" ? ctx.principal.id : null);
/** The application as stored, flagged for the child routine when its person is a child. */
const toApp = (row: Pick<Row, "status" | "data">, personIsChild: boolean): AmpReferral =>
  withChildRoutine(
    { ...(row.data as object), type: "amp", status: row.status } as AmpReferral,
    personIsChild,
  );
export const ampMessageAad = (id: string) => `amp_messages.body:${id}`;

/** Input through its schema; 400 with every problem (the staff pages put each at its field). */
function parsed<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw invalid("The input has errors.", zodIssues(r.error));
  return r.data;
}
const issue = (path: string, code: string, params: Record<string, string | number> = {}): Issue => ({
  path,
  message: code,
  code,
  params,
});

// ---- Lists (IOM's start page and list) ----

async function applications(ctx: AmpCtx, where?: SQL): Promise<AmpApplicationView[]> {
  if (!can(ctx.principal, "amp.read")) throw forbidden();
  const rows = await ctx.db
    .select({
      id: schema.referrals.id,
      caseId: schema.referrals.caseId,
      status: schema.referrals.status,
      data: schema.referrals.data,
      pseudonym: schema.persons.pseudonym,
      ageGroup: schema.persons.ageGroup,
      birthYear: schema.persons.birthYear,
      regionId: schema.cases.regionId,
    })
    .from(schema.referrals)
    .innerJoin(schema.cases, eq(schema.cases.id, schema.referrals.caseId))
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .where(and(eq(schema.referrals.type, "amp"), ne(schema.referrals.status, "prepared"), where))
    .orderBy(asc(schema.referrals.createdAt));
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "list",
    objectType: "amp",
    outcome: "ok",
    detail: { count: rows.length, ids: [...new Set(rows.map((r) => r.caseId))].join(",") },
  });
  const day = today(ctx);
  return rows.map((r) => ({
    id: r.id,
    pseudonym: r.pseudonym,
    regionId: r.regionId,
    application: toApp(r, isChildOn(r, day)),
  }));
}

/** Every application IOM may see: submitted, decided or withdrawn after submission. */
export function listAmpApplications(ctx: AmpCtx): Promise<AmpApplicationView[]> {
  return applications(ctx);
}

export interface AmpQueueItem extends AmpApplicationView {
  /** IOM's decision is due ("amp-decision-pending": since the first submission, due 30 days on). */
  deadline: Deadline;
}

/**
 * IOM's queue on its start page: the applications waiting for its decision (submitted, or
 * resubmitted with an answer), each with its deadline, the one due first first.
 */
export async function awaitingDecision(ctx: AmpCtx): Promise<AmpQueueItem[]> {
  const day = today(ctx);
  const rows = await applications(ctx, eq(schema.referrals.status, "submitted"));
  return rows
    .flatMap((a) => {
      const deadline = ampDeadlines(a.application, day).find((d) => d.code === "amp-decision-pending");
      return deadline ? [{ ...a, deadline }] : [];
    })
    .sort((x, y) => compareDeadlines(x.deadline, y.deadline));
}

// ---- One application ----

/** The side the address stands for, after checking the principal may act there. */
async function sideOf(ctx: AmpCtx, at: AmpAt, write: boolean): Promise<AmpSide> {
  if (at.caseId === undefined) {
    if (!can(ctx.principal, write ? "amp.decide" : "amp.read")) throw forbidden();
    return "iom";
  }
  await authorizeCase(
    ctx as Parameters<typeof authorizeCase>[0],
    at.caseId,
    write ? "case.write" : "case.read",
  );
  return "coordinator";
}

/** The application's row (locked for a write); IOM never sees the coordinator's draft. */
async function rowOf(db: Tx, at: AmpAt, side: AmpSide, lock: boolean): Promise<Row> {
  if (!isUuid(at.rid)) throw notFound();
  const where = [eq(schema.referrals.id, at.rid), eq(schema.referrals.type, "amp")];
  if (side === "iom") where.push(ne(schema.referrals.status, "prepared"));
  else where.push(eq(schema.referrals.caseId, at.caseId as string));
  const query = db
    .select()
    .from(schema.referrals)
    .where(and(...where));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound();
  return row;
}

export interface AmpClaimView extends AmpClaim {
  id: string;
  by: string | null;
  createdAt: Date;
}
export interface AmpMessageView {
  id: string;
  kind: (typeof schema.ampMessages.$inferSelect)["kind"];
  side: AmpSide;
  body: string;
  by: string | null;
  createdAt: Date;
}

export interface AmpDetail extends AmpApplicationView {
  side: AmpSide;
  /** Only on the coordinator's side: IOM sees no case. */
  caseId: string | null;
  balances: ReturnType<typeof ampBalances>;
  /** The claim window once approved: its last day, days and months-and-days left, and whether open. */
  window: { closesOn: string; daysLeft: number; months: number; days: number; open: boolean } | null;
  claims: AmpClaimView[];
  messages: AmpMessageView[];
  /** IOM's follow-up contacts after the return (both sides see them). */
  followUps: FollowUp[];
  /** The statuses this side may move the application to now. */
  moves: string[];
  /** Whether this side has confirmed a child's guardian and receiving authority. */
  childConfirmedBySide: boolean;
  /** The person is a child: the application is flagged for the child routine and cannot be unflagged. */
  childFixed: boolean;
}

/** One application as its side sees it, with claims, balances, window and messages; audited. */
export async function getApplication(ctx: AmpCtx, at: AmpAt): Promise<AmpDetail> {
  const side = await sideOf(ctx, at, false);
  const row = await rowOf(ctx.db, at, side, false);
  const day = today(ctx);
  const [person] = await ctx.db
    .select({
      pseudonym: schema.persons.pseudonym,
      regionId: schema.cases.regionId,
      ageGroup: schema.persons.ageGroup,
      birthYear: schema.persons.birthYear,
    })
    .from(schema.cases)
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .where(eq(schema.cases.id, row.caseId));
  const childFixed = !!person && isChildOn(person, day);
  const app = toApp(row, childFixed);
  const claims = await claimsOf(ctx.db, row.id);
  const keys = keysOf(ctx);
  const messages = await ctx.db
    .select({
      id: schema.ampMessages.id,
      kind: schema.ampMessages.kind,
      side: schema.ampMessages.side,
      bodyEnc: schema.ampMessages.bodyEnc,
      createdAt: schema.ampMessages.createdAt,
      by: schema.users.displayName,
    })
    .from(schema.ampMessages)
    .leftJoin(schema.users, eq(schema.users.id, schema.ampMessages.createdBy))
    .where(eq(schema.ampMessages.referralId, row.id))
    .orderBy(asc(schema.ampMessages.createdAt));
  const followUps = (await followUpsOf(ctx.db, keys, [row.id], "iom")).get(row.id) ?? [];
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "read",
    objectType: "case",
    objectId: row.caseId,
    outcome: "ok",
    detail: { referral: row.id, part: "amp" },
  });
  const window = app.approvedOn
    ? (() => {
        const w = ampClaimWindow({ approvedOn: app.approvedOn }, day);
        return { ...w, ...monthsAndDays(day, w.closesOn) };
      })()
    : null;
  return {
    id: row.id,
    side,
    caseId: side === "coordinator" ? row.caseId : null,
    pseudonym: person?.pseudonym ?? "",
    regionId: person?.regionId ?? "",
    application: app,
    balances: ampBalances(app.items, claims),
    window,
    claims,
    messages: messages.map(({ bodyEnc, ...m }) => ({
      ...m,
      body: decryptField(keys, bodyEnc, ampMessageAad(m.id)),
    })),
    followUps,
    moves: AMP_APPLICATION_MACHINE.next(app.status).filter(
      (to) => ampMay(side, app.status, to) && canAmpTransition(app, to),
    ),
    childConfirmedBySide: !!app.childConfirmations?.[side],
    childFixed,
  };
}

async function claimsOf(db: Tx, referralId: string): Promise<AmpClaimView[]> {
  const rows = await db
    .select({
      id: schema.ampClaims.id,
      kind: schema.ampClaims.kind,
      amountSek: schema.ampClaims.amountSek,
      on: schema.ampClaims.on,
      createdAt: schema.ampClaims.createdAt,
      by: schema.users.displayName,
    })
    .from(schema.ampClaims)
    .leftJoin(schema.users, eq(schema.users.id, schema.ampClaims.createdBy))
    .where(eq(schema.ampClaims.referralId, referralId))
    .orderBy(asc(schema.ampClaims.on), asc(schema.ampClaims.createdAt));
  return rows as AmpClaimView[];
}

// ---- Writes ----

interface Writing {
  tx: Tx;
  row: Row;
  app: AmpReferral;
  side: AmpSide;
  /** The person is a child on the day: the child routine holds (and is stored with the write). */
  childFixed: boolean;
}

/**
 * A write under the application's row lock: checks the side, locks, runs `fn`, and audits what
 * it returns as the entry's detail. The lock serializes every write to one application, so two
 * claims against one balance are checked one after the other.
 */
async function writing<T extends object>(
  ctx: AmpCtx,
  at: AmpAt,
  what: string,
  fn: (w: Writing) => Promise<T>,
): Promise<T> {
  const side = await sideOf(ctx, at, true);
  return ctx.db.transaction(async (raw) => {
    const tx = raw as unknown as Tx;
    const row = await rowOf(tx, at, side, true);
    const childFixed = await caseChildOn(tx, row.caseId, today(ctx));
    const result = await fn({ tx, row, app: toApp(row, childFixed), side, childFixed });
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "update",
      objectType: "case",
      objectId: row.caseId,
      outcome: "ok",
      detail: {
        referral: row.id,
        part: "amp",
        what,
        side,
        ...("id" in result && typeof result.id === "string" ? { id: result.id } : {}),
      },
    });
    return result;
  });
}

/** Saves the application's new status and data (checked by the rules), with a status event. */
async function save(ctx: AmpCtx, w: Writing, next: AmpReferral) {
  const problems = referralProblems(next);
  if (problems.length)
    throw invalid(
      "The application's data does not fit its status.",
      problems.map((p) => issue(p.field, p.code)),
    );
  const { type: _t, status, ...data } = next;
  await w.tx
    .update(schema.referrals)
    .set({ status, data, updatedAt: ctx.now ?? new Date() })
    .where(eq(schema.referrals.id, w.row.id));
  if (status !== w.row.status)
    await w.tx
      .insert(schema.referralEvents)
      .values({ referralId: w.row.id, fromStatus: w.row.status, toStatus: status, by: userId(ctx) });
}

async function addMessage(ctx: AmpCtx, w: Writing, kind: AmpMessageView["kind"], body: string) {
  const id = randomUUID();
  await w.tx.insert(schema.ampMessages).values({
    id,
    referralId: w.row.id,
    caseId: w.row.caseId,
    kind,
    side: w.side,
    bodyEnc: encryptField(keysOf(ctx), body, ampMessageAad(id)),
    createdBy: userId(ctx),
  });
  return id;
}

/** 409 unless this side may make the move now (the machine, the side, and withdrawal before travel). */
function assertMove(w: Writing, to: string) {
  if (!(ampMay(w.side, w.app.status, to) && canAmpTransition(w.app, to as AmpReferral["status"]))) {
    const allowed = AMP_APPLICATION_MACHINE.next(w.app.status).filter((s) => ampMay(w.side, w.app.status, s));
    throw conflict(`The application cannot go from ${w.app.status} to ${to}.`, "referral-transition", {
      from: w.app.status,
      to,
      allowed: allowed.join(","),
    });
  }
}

/** IOM's decision: ask for more, approve with support items, refuse or close (reasons encrypted). */
export async function decide(ctx: AmpCtx, at: AmpAt, input: unknown) {
  if (at.caseId !== undefined) throw iomDecides();
  const d = parsed(ampDecision, input);
  return writing(ctx, at, `decision:${d.decision}`, async (w) => {
    const to = { approve: "approved", "request-info": "info-requested", refuse: "refused", close: "closed" }[
      d.decision
    ];
    assertMove(w, to);
    const next: AmpReferral = { ...w.app, status: to as AmpReferral["status"] };
    // The coordinator's answer is due from this day ("amp-answer-pending").
    if (d.decision === "request-info") next.infoRequestedOn = today(ctx);
    if (d.decision === "approve") {
      const issues: Issue[] = [];
      if (d.approvedOn > today(ctx)) issues.push(issue("approvedOn", "date-future"));
      else if (w.app.submittedOn && d.approvedOn < w.app.submittedOn)
        issues.push(issue("approvedOn", "date-order"));
      if (issues.length) throw invalid("The decision has errors.", issues);
      next.approvedOn = d.approvedOn;
      next.items = AMP_SUPPORT_KINDS.flatMap((kind) => {
        const amountSek = d.amounts[kind];
        return amountSek === undefined ? [] : [{ kind, amountSek }];
      });
    }
    await save(ctx, w, next);
    const text = d.decision === "request-info" ? d.message : d.decision === "approve" ? undefined : d.reason;
    const kind = ({ "request-info": "info-request", refuse: "refusal", close: "closing" } as const)[
      d.decision as "request-info"
    ];
    const id = text === undefined ? undefined : await addMessage(ctx, w, kind, text);
    return { id, status: next.status };
  });
}

/** The coordinator submits, or resubmits with the answer to IOM's question. */
export async function submit(ctx: AmpCtx, at: AmpAt, input: unknown) {
  if (at.caseId === undefined) throw forbidden();
  const s = parsed(ampSubmit, input);
  return writing(ctx, at, "submit", async (w) => {
    const answer = s.answer?.trim() ?? "";
    const issues: Issue[] = [];
    if (w.app.status === "info-requested" && answer === "") issues.push(issue("answer", "answer-missing"));
    if (!w.app.returnCountry) issues.push(issue("returnCountry", "country-missing"));
    if (issues.length) throw invalid("The application is not ready to submit.", issues);
    assertMove(w, "submitted");
    await save(ctx, w, { ...w.app, status: "submitted", submittedOn: w.app.submittedOn ?? today(ctx) });
    const id = answer ? await addMessage(ctx, w, "answer", answer) : undefined;
    return { id, status: "submitted" };
  });
}

/**
 * The coordinator's part: the return country and whether a child returns, until IOM has decided.
 * A child's application stays flagged: asking to unflag it is a 400 at `child`, nothing written.
 */
export async function setDetails(ctx: AmpCtx, at: AmpAt, input: unknown) {
  if (at.caseId === undefined) throw forbidden();
  const d = parsed(ampDetails, input);
  return writing(ctx, at, "details", async (w) => {
    if (!["prepared", "submitted", "info-requested"].includes(w.app.status))
      throw conflict("The application is decided; its details are IOM's record now.", "amp-decided");
    if (w.childFixed && !d.child)
      throw invalid("The person is a child: the return follows the child routine.", [
        issue("child", "amp-child-fixed"),
      ]);
    const next: AmpReferral = { ...w.app, returnCountry: d.returnCountry, child: d.child };
    // A changed routine starts its confirmations afresh.
    if (!!w.app.child !== d.child) next.childConfirmations = {};
    await save(ctx, w, next);
    return { status: next.status };
  });
}

/** A claim paid against a granted item: inside the window, at most the item's balance (IOM). */
export async function addClaim(ctx: AmpCtx, at: AmpAt, input: unknown) {
  if (at.caseId !== undefined) throw iomDecides();
  const c = parsed(ampClaimInput, input);
  return writing(ctx, at, "claim", async (w) => {
    if (c.on > today(ctx)) throw invalid("The claim has errors.", [issue("on", "date-future")]);
    const claims = await claimsOf(w.tx, w.row.id);
    const problem = ampClaimProblem(w.app, claims, c);
    if (problem === "claim-not-approved")
      throw conflict("Only an approved application's support can be claimed.", "claim-not-approved", {
        status: w.app.status,
      });
    if (problem) {
      const balance = ampBalances(w.app.items, claims).find((b) => b.kind === c.kind);
      const closesOn = w.app.approvedOn
        ? ampClaimWindow({ approvedOn: w.app.approvedOn }, c.on).closesOn
        : "";
      throw invalid("The claim cannot be paid.", [
        problem === "claim-window"
          ? issue("on", problem, { approvedOn: w.app.approvedOn ?? "", closesOn })
          : problem === "claim-not-granted"
            ? issue("kind", problem)
            : issue("amountSek", problem, { remaining: balance?.remainingSek ?? 0 }),
      ]);
    }
    const id = randomUUID();
    await w.tx.insert(schema.ampClaims).values({
      id,
      referralId: w.row.id,
      caseId: w.row.caseId,
      kind: c.kind,
      amountSek: c.amountSek,
      on: c.on,
      createdBy: userId(ctx),
    });
    return { id };
  });
}

/** A message to the other side (encrypted). */
export async function addMessageTo(ctx: AmpCtx, at: AmpAt, input: unknown) {
  const m = parsed(ampMessageInput, input);
  return writing(ctx, at, "message", async (w) => {
    if (w.app.status === "prepared")
      throw conflict("Submit the application before writing to IOM.", "amp-draft");
    return { id: await addMessage(ctx, w, "message", m.body) };
  });
}

/** The return enters its next phase on a day (either side); a child's return waits for both confirmations. */
export async function setPhase(ctx: AmpCtx, at: AmpAt, input: unknown) {
  const p = parsed(ampPhaseInput, input);
  return writing(ctx, at, "phase", async (w) => {
    const to = p.phase as AmpPhase;
    const problems = ampPhaseProblems(w.app, to, p.on, today(ctx));
    if (problems.length)
      throw invalid(
        "The phase cannot be recorded.",
        problems.map((x) =>
          issue(x.field, x.code, x.code === "phase-order" ? { from: w.app.phase ?? "none", to } : {}),
        ),
      );
    await save(ctx, w, { ...w.app, phase: to, phaseDates: { ...w.app.phaseDates, [to]: p.on } });
    return { phase: to };
  });
}

/** This side confirms a child's guardian and receiving authority, before the journey. */
export async function confirmChild(ctx: AmpCtx, at: AmpAt, input: unknown) {
  parsed(ampChildConfirmation, input);
  return writing(ctx, at, "child-confirmation", async (w) => {
    if (!w.app.child) throw conflict("Only a child's return has the special routine.", "amp-not-child");
    if (w.app.phase !== null && w.app.phase !== "pre-departure")
      throw conflict("The journey has begun; the confirmation belongs before it.", "amp-child-late");
    if (["refused", "withdrawn", "closed"].includes(w.app.status))
      throw conflict("The application has ended.", "amp-ended", { status: w.app.status });
    const confirmations = {
      ...w.app.childConfirmations,
      [w.side]: { on: today(ctx), by: ctx.principal.name },
    };
    await save(ctx, w, { ...w.app, childConfirmations: confirmations });
    return { confirmed: childConfirmed({ child: true, childConfirmations: confirmations }) };
  });
}

/** IOM's follow-up contact after the return (reintegration or later), text encrypted; both sides see it. */
export async function addIomFollowUp(ctx: AmpCtx, at: AmpAt, input: unknown) {
  if (at.caseId !== undefined) throw forbidden();
  const f = parsed(ampFollowUpInput, input);
  return writing(ctx, at, "follow-up", async (w) => {
    const returned =
      (w.app.status === "approved" || w.app.status === "closed") &&
      (w.app.phase === "reintegration" || w.app.phase === "completed");
    if (!returned) throw conflict("Follow-up contacts come after the return.", "amp-not-returned");
    const day = today(ctx);
    const issues = ampFollowUpProblems({ ...w.app, status: "approved" }, f, day).map((p) =>
      issue(p.field, p.code),
    );
    const since = w.app.phaseDates?.reintegration;
    if (!issues.length && since && f.on < since) issues.push(issue("on", "date-order"));
    if (issues.length) throw invalid("The follow-up has errors.", issues);
    const id = randomUUID();
    await w.tx.insert(schema.referralFollowups).values({
      id,
      referralId: w.row.id,
      caseId: w.row.caseId,
      on: f.on,
      kind: f.kind,
      side: "iom",
      bodyEnc: encryptField(keysOf(ctx), f.body, followUpAad(id)),
      createdBy: userId(ctx),
    });
    return { id };
  });
}
