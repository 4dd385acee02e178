/**
 * NSP — the national support programme run by Plattformen Civila Sverige mot människohandel:
 * placements in certified protected shelters, and support without housing.
 *
 * Day counting: the day the person arrives is day 1, and every calendar day in the shelter
 * counts, the exit day included. Day n is therefore `start + (n − 1)`: day 80 is start + 79 and
 * day 90 — the last day the flat rate covers — is start + 89. Day 91 is outside the flat rate.
 */
import { addDays, daysBetween } from "./dates.ts";
import { type Deadline, makeDeadline } from "./deadline.ts";
import { defineMachine } from "./machine.ts";
import { nspAnswerDeadlines, nspExtensionDeadlines } from "./nsp-answers.ts";
import { ProblemList, type ReferralProblem } from "./problems.ts";

/** A certified shelter receives the flat rate (schablonbelopp) for at most this many days. */
export const NSP_FLAT_RATE_DAYS = 90;
/** The day of the stay on which the coordinator is warned to plan for what follows day 90. */
export const NSP_WARNING_DAY = 80;

export type NspPlacementStatus =
  | "requested"
  | "accepted"
  | "placed"
  | "declined"
  | "cancelled"
  | "extension-requested"
  | "extended"
  | "exited";

/**
 * The coordinator refers (requested); the shelter accepts with a start date (accepted) or
 * declines; it confirms the arrival (placed: day 1 of the stay), may ask for an extension beyond
 * the flat-rate days (extension-requested), which the coordinator grants (extended) or refuses
 * (back to placed), and records the exit (exited). An acute placement can go from requested
 * straight to placed. Who may make which move: see NSP_SHELTER_MOVES.
 */
export const NSP_PLACEMENT_MACHINE = defineMachine<NspPlacementStatus>(
  {
    requested: ["accepted", "placed", "declined", "cancelled"],
    accepted: ["placed", "declined", "cancelled"],
    placed: ["extension-requested", "extended", "exited"],
    "extension-requested": ["extended", "placed", "exited"],
    extended: ["exited"],
    declined: [],
    cancelled: [],
    exited: [],
  },
  "nsp-placement",
);

export interface NspPlacement {
  status: NspPlacementStatus;
  /** The day the person moved in: day 1 of the stay. Once accepted, the agreed day of arrival. */
  start: string | null;
  /** The day of exit (utslussning), counted as a day in the shelter. */
  end: string | null;
  /** Why the stay goes on past the flat-rate period; required once extended. */
  extensionReason: string | null;
  /** What the shelter must be ready for, as codes the coordinator chose (never free text). */
  needs?: NspPlacementNeed[];
  /** The day the coordinator referred the person: the shelter's answer is due from it. */
  referredOn?: string | null;
  /** The day the shelter accepted or declined. */
  answeredOn?: string | null;
  /** Why the shelter declined, as a code (partners answer in codes, never free text). */
  declineReason?: NspDeclineReason | null;
  /** Where the person went at the exit (utslussning), as a code. */
  exitTo?: NspExitDestination | null;
  /** The shelter's request to extend the stay beyond the flat-rate days, and the coordinator's decision. */
  extensionRequest?: NspExtensionRequest | null;
}

/** What a shelter may need to know to receive the person; coded, so the shelter sees no case content. */
export const NSP_PLACEMENT_NEEDS = [
  "interpreter",
  "accompanying-children",
  "accessibility",
  "health-care",
  "trauma-support",
  "high-security",
] as const;
export type NspPlacementNeed = (typeof NSP_PLACEMENT_NEEDS)[number];

export const NSP_DECLINE_REASONS = ["full", "group", "form", "needs", "safety", "other"] as const;
export type NspDeclineReason = (typeof NSP_DECLINE_REASONS)[number];

export const NSP_EXIT_DESTINATIONS = [
  "own-housing",
  "social-services-housing",
  "other-shelter",
  "family-or-friends",
  "care",
  "return-home",
  "left",
  "unknown",
] as const;
export type NspExitDestination = (typeof NSP_EXIT_DESTINATIONS)[number];

export const NSP_EXTENSION_REASONS = [
  "awaiting-housing",
  "awaiting-decision",
  "criminal-proceedings",
  "health",
  "safety",
  "return-planned",
  "other",
] as const;
export type NspExtensionReason = (typeof NSP_EXTENSION_REASONS)[number];

export interface NspExtensionRequest {
  reason: NspExtensionReason;
  requestedOn: string;
  /** Null while the coordinator has not decided. */
  decision: "granted" | "refused" | null;
  decidedOn: string | null;
}

/** The calendar date of day `day` of a stay (day 1 = `start`). */
export function nspDayDate(start: string, day: number): string {
  return addDays(start, day - 1);
}

/**
 * Days spent in the shelter up to and including `today`: the start day counts as day 1, and the
 * stay runs through `end` (inclusive) or, with no end yet, through today. A future end counts
 * only up to today; a stay that has not started yet counts 0. Never negative.
 */
export function nspDaysUsed(stay: { start: string; end?: string | null }, today: string): number {
  const last = stay.end != null && stay.end < today ? stay.end : today;
  return Math.max(0, daysBetween(stay.start, last) + 1);
}

/**
 * While the person is placed (or the stay is extended): a warning on day 80 ("due" on that day,
 * overdue after it) and the end of the flat rate on day 90, "due" from day 80. Both carry
 * `daysUsed` and `daysLeft` (flat-rate days left after today, never below 0).
 *
 * An extension does not move either date. The flat rate covers 90 days and no more; an extended
 * stay needs another payer from day 91 (usually the social services), so the flat-rate deadline
 * stays on the list, overdue, until the exit is recorded. The exit ends all deadlines.
 */
export function nspDeadlines(placement: NspPlacement, today: string): Deadline[] {
  if (!isInShelter(placement.status)) return nspAnswerDeadlines(placement, today);
  if (placement.start === null) return [];
  const daysUsed = nspDaysUsed({ start: placement.start, end: placement.end }, today);
  const params = { daysUsed, daysLeft: Math.max(0, NSP_FLAT_RATE_DAYS - daysUsed) };
  return [
    ...nspExtensionDeadlines(placement, today),
    makeDeadline("nsp-day-80", nspDayDate(placement.start, NSP_WARNING_DAY), today, 0, params),
    makeDeadline(
      "nsp-flat-rate-ends",
      nspDayDate(placement.start, NSP_FLAT_RATE_DAYS),
      today,
      NSP_FLAT_RATE_DAYS - NSP_WARNING_DAY,
      params,
    ),
  ];
}

/** Whether the person is in the shelter: the stay runs and occupies a place. */
export function isInShelter(status: string): boolean {
  return status === "placed" || status === "extension-requested" || status === "extended";
}

/** Records an extension: placed → extended, with a reason that is not blank. */
export function extendNspPlacement(placement: NspPlacement, reason: string): NspPlacement {
  NSP_PLACEMENT_MACHINE.assert(placement.status, "extended");
  if (reason.trim() === "") throw new Error("an NSP extension needs a reason");
  return { ...placement, status: "extended", extensionReason: reason.trim() };
}

export function nspPlacementProblems(p: NspPlacement): ReferralProblem[] {
  const list = new ProblemList();
  const started = isInShelter(p.status) || p.status === "exited";
  list.date(p.start, "start", started || p.status === "accepted");
  list.date(p.end, "end", p.status === "exited");
  list.order(p.start, p.end, "end");
  if (p.status === "extended" && (p.extensionReason ?? "").trim() === "") {
    list.add("reason-missing", "extensionReason");
  }
  if (p.status === "extension-requested" && !p.extensionRequest)
    list.add("reason-missing", "extensionRequest");
  return list.problems;
}

/* NSP support without housing — also for children in their home country. */

export const NSP_SUPPORT_KINDS = ["rehabilitation", "reintegration", "exit-support", "one-off"] as const;
export type NspSupportKind = (typeof NSP_SUPPORT_KINDS)[number];

export type NspSupportStatus = "planned" | "ongoing" | "completed" | "cancelled";

/** planned → ongoing → completed; planned or ongoing support can be cancelled. */
export const NSP_SUPPORT_MACHINE = defineMachine<NspSupportStatus>(
  {
    planned: ["ongoing", "cancelled"],
    ongoing: ["completed", "cancelled"],
    completed: [],
    cancelled: [],
  },
  "nsp-support",
);

export interface NspSupport {
  kind: NspSupportKind;
  status: NspSupportStatus;
  start: string | null;
  end: string | null;
  /** Support given to a child (or adult) in their home country; reported separately. */
  inHomeCountry?: boolean;
}

export function nspSupportProblems(s: NspSupport): ReferralProblem[] {
  const list = new ProblemList();
  list.date(s.start, "start", s.status === "ongoing" || s.status === "completed");
  list.date(s.end, "end", s.status === "completed");
  list.order(s.start, s.end, "end");
  return list.problems;
}
