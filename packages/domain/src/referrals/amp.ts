/**
 * ÅMP — Återvändandeprogrammet Människohandel–Prostitution, the voluntary return programme run
 * by IOM. The regional coordinator prepares and submits the application; after approval the
 * return runs in phases, and granted support can be claimed for two years from the approval.
 */
import { addDays, addMonths, addYears, daysBetween } from "./dates.ts";
import { type Deadline, LAPSED_DEADLINE_VISIBLE_DAYS, makeDeadline } from "./deadline.ts";
import { defineMachine } from "./machine.ts";
import { ProblemList, type ReferralProblem } from "./problems.ts";

export const AMP_CLAIM_YEARS = 2;
/** "amp-claims-close" turns due this many days before the claim window closes. */
export const AMP_CLAIMS_WARN_DAYS = 60;
/** A submitted application waiting longer than this for IOM's decision is followed up. */
export const AMP_DECISION_DAYS = 30;
/**
 * The coordinator answers IOM's request for more information within this many calendar days:
 * two weeks, as for other referrals waiting for an answer (REFERRAL_UNANSWERED_DAYS), which
 * leaves about ten working days to reach the person and the authorities IOM asks about.
 */
export const AMP_ANSWER_DAYS = 14;
/** "amp-answer-pending" turns due this many days before it is overdue: its last week. */
export const AMP_ANSWER_WARN_DAYS = 7;

export type AmpStatus =
  | "prepared"
  | "submitted"
  | "info-requested"
  | "approved"
  | "refused"
  | "withdrawn"
  | "closed";

/**
 * Withdrawal after approval is allowed only before travel: see canAmpTransition. Who may make
 * which move is `ampMay`: the coordinator prepares, submits, answers and withdraws; IOM decides.
 */
export const AMP_APPLICATION_MACHINE = defineMachine<AmpStatus>(
  {
    prepared: ["submitted", "withdrawn"],
    submitted: ["info-requested", "approved", "refused", "withdrawn", "closed"],
    "info-requested": ["submitted", "withdrawn", "closed"],
    approved: ["withdrawn", "closed"],
    refused: [],
    withdrawn: [],
    closed: [],
  },
  "amp-application",
);

/** The two sides of an application: the regional coordinator and IOM's caseworker. */
export type AmpSide = "coordinator" | "iom";

/** The moves each side makes: IOM alone decides (ADR 0028). */
const AMP_MOVES: Record<AmpSide, readonly AmpStatus[]> = {
  coordinator: ["submitted", "withdrawn"],
  iom: ["info-requested", "approved", "refused", "closed"],
};

/** Whether `side` may move an application from `from` to `to` (the machine and the side's moves). */
export function ampMay(side: AmpSide, from: string, to: string): boolean {
  return (
    AMP_APPLICATION_MACHINE.can(from as AmpStatus, to as AmpStatus) &&
    AMP_MOVES[side].includes(to as AmpStatus)
  );
}

export type AmpPhase = "pre-departure" | "travel" | "reintegration" | "completed";
export const AMP_PHASE_LIST: readonly AmpPhase[] = ["pre-departure", "travel", "reintegration", "completed"];

/** The phases of an approved return: before the journey, the journey, reintegration at home. */
export const AMP_PHASES = defineMachine<AmpPhase>(
  {
    "pre-departure": ["travel"],
    travel: ["reintegration"],
    reintegration: ["completed"],
    completed: [],
  },
  "amp-phase",
);

export const AMP_SUPPORT_KINDS = [
  "travel",
  "escort",
  "financial",
  "housing",
  "health-care",
  "education",
  "work",
  "legal",
  "psychosocial",
  "other",
] as const;
export type AmpSupportKind = (typeof AMP_SUPPORT_KINDS)[number];

export interface AmpSupportItem {
  kind: AmpSupportKind;
  /** Whole kronor, ≥ 0. */
  amountSek: number;
}

/** One side's confirmation, for a child's return, of the child's guardian and the receiving authority. */
export interface AmpChildConfirmation {
  on: string;
  by: string | null;
}

export interface AmpApplication {
  status: AmpStatus;
  submittedOn: string | null;
  /** The day IOM approved the application; opens the claim window. */
  approvedOn: string | null;
  /** The day IOM last asked the coordinator for more information (recorded since the answer became a deadline). */
  infoRequestedOn?: string | null;
  /** The phase of the return; null until the approved return starts. */
  phase: AmpPhase | null;
  items: AmpSupportItem[];
  /** ISO 3166-1 alpha-2 code of the country the person returns to; null until known. */
  returnCountry?: string | null;
  /** The day each phase began (optional on applications stored before phases had dates). */
  phaseDates?: Partial<Record<AmpPhase, string>>;
  /** A child's return: the special routine, both sides confirm before the journey. */
  child?: boolean;
  childConfirmations?: Partial<Record<AmpSide, AmpChildConfirmation>>;
}

export interface AmpClaimWindow {
  /** The last day on which granted support can be claimed: approval + 2 years. */
  closesOn: string;
  /** `closesOn − today`; negative once closed. */
  daysLeft: number;
  /** Whether a claim made today is inside the window (approval day through closesOn). */
  open: boolean;
}

/**
 * The window is the approval day through the same calendar day two years later, inclusive.
 * Approved on 29 February, it closes on 28 February two years on.
 */
export function ampClaimWindow(app: { approvedOn: string }, today: string): AmpClaimWindow {
  const closesOn = addYears(app.approvedOn, AMP_CLAIM_YEARS);
  return {
    closesOn,
    daysLeft: daysBetween(today, closesOn),
    open: app.approvedOn <= today && today <= closesOn,
  };
}

/** A claim dated `on` is accepted only for an approved application, within the claim window. */
export function canClaim(app: Pick<AmpApplication, "status" | "approvedOn">, on: string): boolean {
  if (app.status !== "approved" || app.approvedOn === null) return false;
  return ampClaimWindow({ approvedOn: app.approvedOn }, on).open;
}

/** What has been paid of one support item. */
export interface AmpClaim {
  kind: AmpSupportKind;
  amountSek: number;
  /** The day the claim was paid. */
  on: string;
}

export interface AmpBalance {
  kind: AmpSupportKind;
  grantedSek: number;
  claimedSek: number;
  remainingSek: number;
}

/** Per support kind granted: granted, claimed and what remains, in the order granted. */
export function ampBalances(items: readonly AmpSupportItem[], claims: readonly AmpClaim[]): AmpBalance[] {
  const out = new Map<AmpSupportKind, AmpBalance>();
  for (const i of items) {
    const b = out.get(i.kind) ?? { kind: i.kind, grantedSek: 0, claimedSek: 0, remainingSek: 0 };
    b.grantedSek += i.amountSek;
    out.set(i.kind, b);
  }
  for (const c of claims) {
    const b = out.get(c.kind);
    if (b) b.claimedSek += c.amountSek;
  }
  for (const b of out.values()) b.remainingSek = b.grantedSek - b.claimedSek;
  return [...out.values()];
}

export type AmpClaimProblem =
  | "claim-not-approved"
  | "claim-window"
  | "claim-not-granted"
  | "claim-over-balance";

/**
 * Why a claim cannot be paid, or null: the application must be approved (not withdrawn, refused
 * or closed), the day inside the two-year window, the kind granted, and the amount (whole kronor
 * above 0, checked by the caller's schema) at most what remains of that item.
 */
export function ampClaimProblem(
  app: Pick<AmpApplication, "status" | "approvedOn" | "items">,
  claims: readonly AmpClaim[],
  claim: AmpClaim,
): AmpClaimProblem | null {
  if (app.status !== "approved" || app.approvedOn === null) return "claim-not-approved";
  if (!canClaim(app, claim.on)) return "claim-window";
  const balance = ampBalances(app.items, claims).find((b) => b.kind === claim.kind);
  if (!balance) return "claim-not-granted";
  if (claim.amountSek > balance.remainingSek) return "claim-over-balance";
  return null;
}

/** The whole months and the days beyond them from `today` to `closesOn` (zeros once closed). */
export function monthsAndDays(today: string, closesOn: string): { months: number; days: number } {
  if (closesOn < today) return { months: 0, days: 0 };
  let months = 0;
  while (addMonths(today, months + 1) <= closesOn) months++;
  return { months, days: daysBetween(addMonths(today, months), closesOn) };
}

export function isValidSupportAmount(amountSek: number): boolean {
  return Number.isSafeInteger(amountSek) && amountSek >= 0;
}

/** Sum of granted support in kronor. Throws RangeError on an amount that is not a whole number ≥ 0. */
export function totalGranted(items: readonly AmpSupportItem[]): number {
  let total = 0;
  for (const item of items) {
    if (!isValidSupportAmount(item.amountSek)) {
      throw new RangeError(`ÅMP support amount must be whole kronor ≥ 0, got ${item.amountSek}`);
    }
    total += item.amountSek;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError("ÅMP support total is too large");
  return total;
}

/** The status machine plus the rule that an approved return can be withdrawn only before travel. */
export function canAmpTransition(app: Pick<AmpApplication, "status" | "phase">, to: AmpStatus): boolean {
  if (!AMP_APPLICATION_MACHINE.can(app.status, to)) return false;
  if (app.status === "approved" && to === "withdrawn") {
    return app.phase === null || app.phase === "pre-departure";
  }
  return true;
}

/** Phases run only for an approved application, starting at pre-departure. */
export function canAdvanceAmpPhase(app: Pick<AmpApplication, "status" | "phase">, to: AmpPhase): boolean {
  if (app.status !== "approved") return false;
  return app.phase === null ? to === "pre-departure" : AMP_PHASES.can(app.phase, to);
}

/** A child's return waits for both sides' confirmation of the guardian and the receiving authority. */
export function childConfirmed(app: Pick<AmpApplication, "child" | "childConfirmations">): boolean {
  return !app.child || (!!app.childConfirmations?.coordinator && !!app.childConfirmations?.iom);
}

/** The age of majority: a person under it is a child, and a child's return follows the special routine. */
export const MAJORITY_AGE = 18;

/** The case's person as the child rule reads them: the recorded age group and the birth year, if known. */
export interface AmpPerson {
  ageGroup: "child" | "adult";
  birthYear: number | null;
}

/**
 * Whether the person is a child on `today` (a Swedish calendar day): recorded as a child, or born
 * in a year that makes them under 18 on that day whatever their birthday. With only the year, a
 * person who turns 18 this year may be either; the recorded age group decides, and the
 * coordinator can still flag the return by hand.
 */
export function isChildOn(person: AmpPerson, today: string): boolean {
  if (person.ageGroup === "child") return true;
  return person.birthYear !== null && Number(today.slice(0, 4)) - person.birthYear < MAJORITY_AGE;
}

/**
 * The application with the routine its person requires: a child's return is flagged whatever was
 * stored (applications saved before the rule, or a person found to be a child later); an adult's
 * keeps the coordinator's own flag (e.g. an accompanying child).
 */
export function withChildRoutine<T extends Pick<AmpApplication, "child">>(app: T, personIsChild: boolean): T {
  return personIsChild && !app.child ? { ...app, child: true } : app;
}

export type AmpPhaseProblem = ReferralProblem["code"] | "phase-order" | "child-unconfirmed";

/**
 * What stops the return from entering phase `to` on day `on`: the phase order (only the next
 * phase, and only once approved), a child's return without both confirmations before the
 * journey, and a day that is not a date, lies in the future, or falls before the approval or
 * the day the current phase began. Each problem names its field (`phase` or `on`).
 */
export function ampPhaseProblems(
  app: Pick<
    AmpApplication,
    "status" | "phase" | "approvedOn" | "phaseDates" | "child" | "childConfirmations"
  >,
  to: AmpPhase,
  on: string,
  today: string,
): { code: AmpPhaseProblem; field: "phase" | "on" }[] {
  const out: { code: AmpPhaseProblem; field: "phase" | "on" }[] = [];
  if (!canAdvanceAmpPhase(app, to)) out.push({ code: "phase-order", field: "phase" });
  else if (to === "travel" && !childConfirmed(app)) out.push({ code: "child-unconfirmed", field: "phase" });
  const list = new ProblemList();
  if (list.date(on, "on", true)) {
    if (on > today) list.add("date-future", "on");
    else {
      list.order(app.approvedOn, on, "on");
      const since = app.phase ? app.phaseDates?.[app.phase] : undefined;
      if (!list.problems.length) list.order(since, on, "on");
    }
  }
  for (const p of list.problems) out.push({ code: p.code, field: "on" });
  return out;
}

/**
 * "amp-decision-pending" while submitted: due 30 days after the first submission, overdue once the
 * application has waited more than 30 days (IOM's queue). "amp-answer-pending" while IOM waits
 * for more information: the coordinator's answer is due 14 days after IOM asked (a question asked
 * before that day was recorded counts from the submission, the earliest it can have come), in its
 * last week "due". "amp-claims-close" while approved: due 60 days before the window
 * closes, listed until LAPSED_DEADLINE_VISIBLE_DAYS after it closed. Each names its start day
 * (`since`) and how long it has waited.
 */
export function ampDeadlines(app: AmpApplication, today: string): Deadline[] {
  const out: Deadline[] = [];
  if (app.status === "submitted" && app.submittedOn !== null) {
    out.push(
      makeDeadline("amp-decision-pending", addDays(app.submittedOn, AMP_DECISION_DAYS), today, 0, {
        since: app.submittedOn,
        daysWaiting: daysBetween(app.submittedOn, today),
      }),
    );
  }
  const asked = app.infoRequestedOn ?? app.submittedOn;
  if (app.status === "info-requested" && asked) {
    out.push(
      makeDeadline("amp-answer-pending", addDays(asked, AMP_ANSWER_DAYS), today, AMP_ANSWER_WARN_DAYS, {
        since: asked,
        daysWaiting: daysBetween(asked, today),
      }),
    );
  }
  if (app.status === "approved" && app.approvedOn !== null) {
    const window = ampClaimWindow({ approvedOn: app.approvedOn }, today);
    if (window.daysLeft >= -LAPSED_DEADLINE_VISIBLE_DAYS) {
      out.push(makeDeadline("amp-claims-close", window.closesOn, today, AMP_CLAIMS_WARN_DAYS));
    }
  }
  return out;
}

export function ampProblems(app: AmpApplication): ReferralProblem[] {
  const list = new ProblemList();
  const submitted = ["submitted", "info-requested", "approved", "refused"].includes(app.status);
  list.date(app.submittedOn, "submittedOn", submitted);
  list.date(app.approvedOn, "approvedOn", app.status === "approved");
  list.order(app.submittedOn, app.approvedOn, "approvedOn");
  list.date(app.infoRequestedOn ?? null, "infoRequestedOn", false);
  list.order(app.submittedOn, app.infoRequestedOn ?? null, "infoRequestedOn");
  if (app.phase !== null) {
    const approved =
      app.status === "approved" ||
      app.status === "closed" ||
      (app.status === "withdrawn" && app.phase === "pre-departure");
    if (!approved || !AMP_PHASES.isState(app.phase)) list.add("phase-invalid", "phase");
  }
  app.items.forEach((item, i) => {
    if (!isValidSupportAmount(item.amountSek)) list.add("amount-invalid", `items.${i}.amountSek`);
  });
  return list.problems;
}

// ---------------------------------------------------------------------------------------------
// Follow-up entries: what the coordinator did to follow the application and the return.
// ---------------------------------------------------------------------------------------------

/** What a follow-up entry records: a contact with the person, with IOM, a check of the reintegration. */
export const AMP_FOLLOW_UP_KINDS = ["person-contact", "iom-contact", "reintegration-check", "other"] as const;
export type AmpFollowUpKind = (typeof AMP_FOLLOW_UP_KINDS)[number];

export interface AmpFollowUp {
  /** The day of the follow-up. */
  on: string;
  kind: AmpFollowUpKind;
}

/**
 * Follow-up entries belong to an application that is with IOM or running: once submitted the
 * coordinator follows IOM's assessment with IOM (see "amp-decision-pending"), and once approved
 * the return through its phases and the reintegration while support can be claimed. A prepared
 * application is still the coordinator's own draft, and a refused or withdrawn one has ended:
 * what happens around those belongs in the case's notes, not in the application.
 */
export const AMP_FOLLOW_UP_STATUSES: readonly AmpStatus[] = ["submitted", "info-requested", "approved"];

export function acceptsFollowUps(app: Pick<AmpApplication, "status">): boolean {
  return AMP_FOLLOW_UP_STATUSES.includes(app.status);
}

/**
 * What is wrong with a follow-up entry for this application on `today`: a day that is not a
 * date, lies in the future or before the application was submitted; an unknown kind; or a
 * reintegration check before the return has reached its reintegration phase.
 */
export function ampFollowUpProblems(
  app: Pick<AmpApplication, "status" | "submittedOn" | "phase">,
  entry: AmpFollowUp,
  today: string,
): ReferralProblem[] {
  const list = new ProblemList();
  if (list.date(entry.on, "on", true)) {
    if (entry.on > today) list.add("date-future", "on");
    else list.order(app.submittedOn, entry.on, "on");
  }
  if (!(AMP_FOLLOW_UP_KINDS as readonly string[]).includes(entry.kind)) list.add("kind-invalid", "kind");
  else if (
    entry.kind === "reintegration-check" &&
    !(app.status === "approved" && (app.phase === "reintegration" || app.phase === "completed"))
  ) {
    list.add("kind-too-early", "kind");
  }
  return list.problems;
}
