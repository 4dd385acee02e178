/**
 * Betänketid (reflection period): since 1 August 2022 a social welfare board or a
 * preliminary investigation leader can apply to Migrationsverket, which decides, for a 30-day
 * time-limited residence permit (tidsbegränsat uppehållstillstånd) for a possible victim. Only a
 * preliminary investigation leader can apply for a time-limited residence permit for a person
 * needed as evidence in the investigation or trial (bevisperson).
 *
 * Day counting — awaiting the agency's verification: the permit's first day counts as day 1, so
 * the 30-day period's last day is start + 29 (a permit from 1 March ends on 30 March).
 */
import { addDays, daysBetween } from "./dates.ts";
import { type Deadline, LAPSED_DEADLINE_VISIBLE_DAYS, makeDeadline } from "./deadline.ts";
import { defineMachine } from "./machine.ts";
import { ProblemList, type ReferralProblem } from "./problems.ts";

export const REFLECTION_DAYS = 30;
/** "reflection-ends" turns due this many days before the last day of the period. */
export const REFLECTION_WARN_DAYS = 7;
/** A submitted application waiting longer than this for Migrationsverket's decision is followed up. */
export const REFLECTION_DECISION_DAYS = 14;
/** "witness-permit-ends" turns due this many days before the permit's last day. */
export const WITNESS_PERMIT_WARN_DAYS = 14;

/** Whether the verification of the day counting is still outstanding: show it as such. */
export const REFLECTION_DAY_COUNT_UNVERIFIED = true;

export const REFLECTION_APPLICANTS = ["social-welfare-board", "preliminary-investigation-leader"] as const;
export type ReflectionApplicant = (typeof REFLECTION_APPLICANTS)[number];

export type PermitKind = "reflection" | "witness-permit";

export type ReflectionStatus = "draft" | "submitted" | "granted" | "rejected" | "withdrawn";

const permitTransitions: Record<ReflectionStatus, readonly ReflectionStatus[]> = {
  draft: ["submitted", "withdrawn"],
  submitted: ["granted", "rejected", "withdrawn"],
  granted: [],
  rejected: [],
  withdrawn: [],
};

export const REFLECTION_MACHINE = defineMachine(permitTransitions, "reflection");
/** The witness permit application follows the same statuses as the reflection period. */
export const WITNESS_PERMIT_MACHINE = defineMachine(permitTransitions, "witness-permit");

/** Both applicants may apply for a reflection period; only a preliminary-investigation leader for a witness permit. */
export function canApply(applicant: ReflectionApplicant, kind: PermitKind): boolean {
  if (kind === "witness-permit") return applicant === "preliminary-investigation-leader";
  return REFLECTION_APPLICANTS.includes(applicant);
}

export interface ReflectionApplication {
  applicant: ReflectionApplicant;
  status: ReflectionStatus;
  submittedOn: string | null;
  decidedOn: string | null;
  /** First day of the granted permit. */
  permitStart: string | null;
}

export interface WitnessPermit {
  applicant: ReflectionApplicant;
  status: ReflectionStatus;
  submittedOn: string | null;
  decidedOn: string | null;
  /** First and last day of the permit, both inclusive, as decided by Migrationsverket. */
  start: string | null;
  end: string | null;
}

/** The last day of the reflection period: `permitStart + 29` (see the note on day counting). */
export function reflectionPeriodEnd(permitStart: string): string {
  return addDays(permitStart, REFLECTION_DAYS - 1);
}

/**
 * "reflection-decision-pending" while submitted: due 14 days after submission, overdue once the
 * application has waited more than 14 days. "reflection-ends" while granted: due 7 days before
 * the period's last day, listed until LAPSED_DEADLINE_VISIBLE_DAYS after it.
 */
export function reflectionDeadlines(app: ReflectionApplication, today: string): Deadline[] {
  const out: Deadline[] = [];
  if (app.status === "submitted" && app.submittedOn !== null) {
    out.push(
      makeDeadline(
        "reflection-decision-pending",
        addDays(app.submittedOn, REFLECTION_DECISION_DAYS),
        today,
        0,
        {
          daysWaiting: daysBetween(app.submittedOn, today),
        },
      ),
    );
  }
  if (app.status === "granted" && app.permitStart !== null) {
    const end = reflectionPeriodEnd(app.permitStart);
    if (daysBetween(today, end) >= -LAPSED_DEADLINE_VISIBLE_DAYS) {
      out.push(makeDeadline("reflection-ends", end, today, REFLECTION_WARN_DAYS));
    }
  }
  return out;
}

/** "witness-permit-ends" while granted: due 14 days before the last day of the permit. */
export function witnessPermitDeadlines(permit: WitnessPermit, today: string): Deadline[] {
  if (permit.status !== "granted" || permit.end === null) return [];
  if (daysBetween(today, permit.end) < -LAPSED_DEADLINE_VISIBLE_DAYS) return [];
  return [makeDeadline("witness-permit-ends", permit.end, today, WITNESS_PERMIT_WARN_DAYS)];
}

function applicationProblems(
  list: ProblemList,
  app: { status: ReflectionStatus; submittedOn: string | null; decidedOn: string | null },
): void {
  const decided = app.status === "granted" || app.status === "rejected";
  list.date(app.submittedOn, "submittedOn", app.status === "submitted" || decided);
  list.date(app.decidedOn, "decidedOn", decided);
  list.order(app.submittedOn, app.decidedOn, "decidedOn");
}

export function reflectionProblems(app: ReflectionApplication): ReferralProblem[] {
  const list = new ProblemList();
  if (!canApply(app.applicant, "reflection")) list.add("applicant-not-allowed", "applicant");
  applicationProblems(list, app);
  list.date(app.permitStart, "permitStart", app.status === "granted");
  return list.problems;
}

export function witnessPermitProblems(permit: WitnessPermit): ReferralProblem[] {
  const list = new ProblemList();
  if (!canApply(permit.applicant, "witness-permit")) list.add("applicant-not-allowed", "applicant");
  applicationProblems(list, permit);
  list.date(permit.start, "start", permit.status === "granted");
  list.date(permit.end, "end", permit.status === "granted");
  list.order(permit.start, permit.end, "end");
  return list.problems;
}
