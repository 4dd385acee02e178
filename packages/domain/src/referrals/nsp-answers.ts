/**
 * The shelter's side of an NSP placement: it answers the referral (accepts with a start date, or
 * declines with a reason), confirms the arrival, asks for an extension beyond the flat-rate days,
 * and records the exit (utslussning) and where the person went. The coordinator decides an
 * extension. Partners answer in codes, never in free text, so nothing a shelter records is case
 * content. Each move returns the placement as it becomes, or throws: InvalidTransitionError when
 * the actor may not make the move from the current status, ReferralProblemsError for bad input.
 */
import { addDays, daysBetween } from "./dates.ts";
import { type Deadline, makeDeadline } from "./deadline.ts";
import { InvalidTransitionError } from "./machine.ts";
import {
  isInShelter,
  NSP_DECLINE_REASONS,
  NSP_EXIT_DESTINATIONS,
  NSP_EXTENSION_REASONS,
  NSP_PLACEMENT_MACHINE,
  type NspDeclineReason,
  type NspExitDestination,
  type NspExtensionReason,
  type NspPlacement,
  type NspPlacementStatus,
} from "./nsp.ts";
import { ProblemList, ReferralProblemsError } from "./problems.ts";

/** A referral to a protected shelter is acute: the shelter's answer is due this many days after it. */
export const NSP_ANSWER_DAYS = 2;
/** The coordinator decides a shelter's request for an extension within this many days. */
export const NSP_EXTENSION_DECISION_DAYS = 5;

export type NspActor = "shelter" | "coordinator";

/** The moves that are the shelter's: its answers, the arrival, the request for an extension, the exit. */
const SHELTER_MOVES: ReadonlySet<string> = new Set([
  "requested→accepted",
  "requested→declined",
  "accepted→declined",
  "requested→placed",
  "accepted→placed",
  "placed→extension-requested",
  "placed→exited",
  "extension-requested→exited",
  "extended→exited",
]);

/**
 * Whether the actor may move a placement from `from` to `to`. The shelter makes the moves above.
 * The coordinator may record any move of the machine (a shelter's answer given by telephone)
 * except asking for an extension, which is the shelter's, and deciding one, which goes through
 * decideNspExtension so that the decision is recorded with the request.
 */
export function nspMay(actor: NspActor, from: string, to: string): boolean {
  if (!NSP_PLACEMENT_MACHINE.can(from as NspPlacementStatus, to as NspPlacementStatus)) return false;
  if (actor === "shelter") return SHELTER_MOVES.has(`${from}→${to}`);
  if (to === "extension-requested") return false;
  return from !== "extension-requested" || to === "exited";
}

function move(actor: NspActor, p: NspPlacement, to: NspPlacementStatus): void {
  if (!nspMay(actor, p.status, to))
    throw new InvalidTransitionError(NSP_PLACEMENT_MACHINE.name, p.status, to);
}

function done(list: ProblemList): void {
  if (list.problems.length) throw new ReferralProblemsError(list.problems);
}

const oneOf = <T extends string>(values: readonly T[], v: unknown): v is T =>
  typeof v === "string" && (values as readonly string[]).includes(v);

/** The shelter accepts, with the agreed day of arrival (today or later). */
export function acceptNspReferral(p: NspPlacement, input: { start: string }, today: string): NspPlacement {
  move("shelter", p, "accepted");
  const list = new ProblemList();
  if (list.date(input.start, "start", true) && input.start < today) list.add("date-past", "start");
  done(list);
  return { ...p, status: "accepted", start: input.start, answeredOn: today, declineReason: null };
}

/** The shelter declines (before or after accepting), with a coded reason. */
export function declineNspReferral(
  p: NspPlacement,
  input: { reason: NspDeclineReason },
  today: string,
): NspPlacement {
  move("shelter", p, "declined");
  const list = new ProblemList();
  if (!oneOf(NSP_DECLINE_REASONS, input.reason)) list.add("reason-missing", "reason");
  done(list);
  return { ...p, status: "declined", declineReason: input.reason, answeredOn: today };
}

/** The person has arrived: the day of arrival is day 1 of the stay (not in the future, not before the referral). */
export function confirmNspArrival(
  p: NspPlacement,
  input: { arrivedOn: string },
  today: string,
): NspPlacement {
  move("shelter", p, "placed");
  const list = new ProblemList();
  if (list.date(input.arrivedOn, "arrivedOn", true)) {
    if (input.arrivedOn > today) list.add("date-future", "arrivedOn");
    else list.order(p.referredOn, input.arrivedOn, "arrivedOn");
  }
  done(list);
  return { ...p, status: "placed", start: input.arrivedOn, answeredOn: p.answeredOn ?? today };
}

/** The exit (utslussning): its day (counted as a day in the shelter, not in the future) and where to. */
export function recordNspExit(
  p: NspPlacement,
  input: { end: string; exitTo: NspExitDestination },
  today: string,
): NspPlacement {
  move("shelter", p, "exited");
  const list = new ProblemList();
  if (list.date(input.end, "end", true)) {
    if (input.end > today) list.add("date-future", "end");
    else list.order(p.start, input.end, "end");
  }
  if (!oneOf(NSP_EXIT_DESTINATIONS, input.exitTo)) list.add("kind-invalid", "exitTo");
  done(list);
  // A request still waiting is settled by the exit: nothing is left to extend.
  const extensionRequest =
    p.extensionRequest?.decision === null ? { ...p.extensionRequest, decidedOn: today } : p.extensionRequest;
  return { ...p, status: "exited", end: input.end, exitTo: input.exitTo, extensionRequest };
}

/** The shelter asks to keep the person beyond the flat-rate days, with a coded reason. */
export function requestNspExtension(
  p: NspPlacement,
  input: { reason: NspExtensionReason },
  today: string,
): NspPlacement {
  move("shelter", p, "extension-requested");
  const list = new ProblemList();
  if (!oneOf(NSP_EXTENSION_REASONS, input.reason)) list.add("reason-missing", "reason");
  done(list);
  return {
    ...p,
    status: "extension-requested",
    extensionRequest: { reason: input.reason, requestedOn: today, decision: null, decidedOn: null },
  };
}

/**
 * The coordinator decides the shelter's request: granted, the stay is extended with the request's
 * reason; refused, the person stays placed and the flat rate still ends on day 90.
 */
export function decideNspExtension(p: NspPlacement, input: { grant: boolean }, today: string): NspPlacement {
  const to = input.grant ? "extended" : "placed";
  if (p.status !== "extension-requested" || !p.extensionRequest || !NSP_PLACEMENT_MACHINE.can(p.status, to)) {
    throw new InvalidTransitionError(NSP_PLACEMENT_MACHINE.name, p.status, to);
  }
  const extensionRequest = {
    ...p.extensionRequest,
    decision: input.grant ? ("granted" as const) : ("refused" as const),
    decidedOn: today,
  };
  return input.grant
    ? { ...p, status: "extended", extensionReason: p.extensionRequest.reason, extensionRequest }
    : { ...p, status: "placed", extensionRequest };
}

/**
 * The deadlines of a placement that is not (yet) a stay: "referral-unanswered" while the shelter
 * has not answered, due NSP_ANSWER_DAYS after the referral; "nsp-arrival-unconfirmed" once
 * accepted, due on the agreed day of arrival. A stay's own deadlines are in nspDeadlines.
 */
export function nspAnswerDeadlines(p: NspPlacement, today: string): Deadline[] {
  if (p.status === "requested" && p.referredOn) {
    return [
      makeDeadline("referral-unanswered", addDays(p.referredOn, NSP_ANSWER_DAYS), today, 0, {
        kind: "nsp-placement",
        daysWaiting: daysBetween(p.referredOn, today),
      }),
    ];
  }
  if (p.status === "accepted" && p.start) return [makeDeadline("nsp-arrival-unconfirmed", p.start, today, 0)];
  return [];
}

/** "nsp-extension-pending" while a shelter's request waits for the coordinator's decision. */
export function nspExtensionDeadlines(p: NspPlacement, today: string): Deadline[] {
  if (p.status !== "extension-requested" || !p.extensionRequest) return [];
  const { requestedOn } = p.extensionRequest;
  return [
    makeDeadline("nsp-extension-pending", addDays(requestedOn, NSP_EXTENSION_DECISION_DAYS), today, 0, {
      daysWaiting: daysBetween(requestedOn, today),
    }),
  ];
}

/** What the shelter has to do now, if anything: answer, confirm the arrival, or nothing. */
export function nspShelterAction(p: NspPlacement): "answer" | "arrival" | "stay" | null {
  if (p.status === "requested") return "answer";
  if (p.status === "accepted") return "arrival";
  return isInShelter(p.status) ? "stay" : null;
}
