import { daysBetween } from "./dates.ts";

/** Every deadline the referral rules compute, in the order used to break ties on the same due date. */
export const DEADLINE_CODES = [
  "nsp-day-80",
  "nsp-flat-rate-ends",
  "nsp-extension-pending",
  "nsp-arrival-unconfirmed",
  "amp-decision-pending",
  "amp-answer-pending",
  "amp-claims-close",
  "reflection-decision-pending",
  "reflection-ends",
  "witness-permit-ends",
  "referral-unanswered",
] as const;

export type DeadlineCode = (typeof DEADLINE_CODES)[number];

export type DeadlineState = "overdue" | "due" | "upcoming";

export interface Deadline {
  code: DeadlineCode;
  /** ISO date: the last day on which the deadline is met. */
  due: string;
  /** `due − today` in days; negative once overdue. */
  daysLeft: number;
  state: DeadlineState;
  /** Figures for the message shown with the deadline; never free text from the case. */
  params?: Record<string, string | number>;
}

/**
 * How long a deadline that marks the end of a period (reflection period, witness permit, ÅMP
 * claim window) stays listed as overdue once the period has ended. After that there is nothing
 * left to act on in that referral, and an overdue item forever would drown the real ones.
 */
export const LAPSED_DEADLINE_VISIBLE_DAYS = 30;

/**
 * Overdue when today is after `due`; "due" from `warnDays` days before `due` up to and
 * including `due`; upcoming before that. Never moves backwards as `today` advances.
 */
export function classify(due: string, today: string, warnDays: number): DeadlineState {
  if (!Number.isSafeInteger(warnDays) || warnDays < 0) {
    throw new RangeError(`warnDays must be an integer ≥ 0, got ${warnDays}`);
  }
  const left = daysBetween(today, due);
  if (left < 0) return "overdue";
  return left <= warnDays ? "due" : "upcoming";
}

export function makeDeadline(
  code: DeadlineCode,
  due: string,
  today: string,
  warnDays: number,
  params?: Record<string, string | number>,
): Deadline {
  const d: Deadline = { code, due, daysLeft: daysBetween(today, due), state: classify(due, today, warnDays) };
  if (params) d.params = params;
  return d;
}

/** Earliest due date first; on the same day, in the order of DEADLINE_CODES. */
export function compareDeadlines(a: Deadline, b: Deadline): number {
  if (a.due !== b.due) return a.due < b.due ? -1 : 1;
  return DEADLINE_CODES.indexOf(a.code) - DEADLINE_CODES.indexOf(b.code);
}

export function sortDeadlines(deadlines: readonly Deadline[]): Deadline[] {
  return [...deadlines].sort(compareDeadlines);
}
