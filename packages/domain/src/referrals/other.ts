/** Other referrals: KAST and MIKA clinics, health care, legal counsel, a police report, other services. */
import { addDays, daysBetween } from "./dates.ts";
import { type Deadline, makeDeadline } from "./deadline.ts";
import { defineMachine } from "./machine.ts";
import { ProblemList, type ReferralProblem } from "./problems.ts";

export const OTHER_REFERRAL_KINDS = [
  "kast",
  "mika",
  "health-care",
  "legal-counsel",
  "police-report",
  "other",
] as const;
export type OtherReferralKind = (typeof OTHER_REFERRAL_KINDS)[number];

export type OtherReferralStatus = "planned" | "sent" | "accepted" | "declined" | "completed" | "cancelled";

export const OTHER_REFERRAL_MACHINE = defineMachine<OtherReferralStatus>(
  {
    planned: ["sent", "cancelled"],
    sent: ["accepted", "declined", "cancelled"],
    accepted: ["completed"],
    declined: [],
    completed: [],
    cancelled: [],
  },
  "other-referral",
);

/** A referral sent longer ago than this without an answer is followed up. */
export const REFERRAL_UNANSWERED_DAYS = 14;

export interface OtherReferral {
  kind: OtherReferralKind;
  status: OtherReferralStatus;
  sentOn: string | null;
  /** When the receiver accepted or declined. */
  answeredOn: string | null;
}

/** "referral-unanswered" while sent: due 14 days after sending, overdue once it has waited longer. */
export function otherReferralDeadlines(r: OtherReferral, today: string): Deadline[] {
  if (r.status !== "sent" || r.sentOn === null) return [];
  return [
    makeDeadline("referral-unanswered", addDays(r.sentOn, REFERRAL_UNANSWERED_DAYS), today, 0, {
      kind: r.kind,
      daysWaiting: daysBetween(r.sentOn, today),
    }),
  ];
}

export function otherReferralProblems(r: OtherReferral): ReferralProblem[] {
  const list = new ProblemList();
  const answered = r.status === "accepted" || r.status === "declined" || r.status === "completed";
  list.date(r.sentOn, "sentOn", r.status === "sent" || answered);
  list.date(r.answeredOn, "answeredOn", answered);
  list.order(r.sentOn, r.answeredOn, "answeredOn");
  return list.problems;
}
