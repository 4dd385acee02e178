/**
 * Referral rules: one status machine per kind of referral, and the deadlines each one implies on
 * a given day. Pure functions over ISO dates: the caller passes `today`.
 */
import {
  AMP_APPLICATION_MACHINE,
  type AmpApplication,
  ampDeadlines,
  ampMay,
  ampProblems,
  canAmpTransition,
} from "./amp.ts";
import { type Deadline, sortDeadlines } from "./deadline.ts";
import { InvalidTransitionError, type Machine } from "./machine.ts";
import {
  NSP_PLACEMENT_MACHINE,
  NSP_SUPPORT_MACHINE,
  type NspPlacement,
  type NspSupport,
  nspDeadlines,
  nspPlacementProblems,
  nspSupportProblems,
} from "./nsp.ts";
import { nspMay } from "./nsp-answers.ts";
import {
  OTHER_REFERRAL_MACHINE,
  type OtherReferral,
  otherReferralDeadlines,
  otherReferralProblems,
} from "./other.ts";
import type { ReferralProblem } from "./problems.ts";
import {
  REFLECTION_MACHINE,
  type ReflectionApplication,
  reflectionDeadlines,
  reflectionProblems,
  WITNESS_PERMIT_MACHINE,
  type WitnessPermit,
  witnessPermitDeadlines,
  witnessPermitProblems,
} from "./reflection.ts";

export * from "./amp.ts";
export * from "./dates.ts";
export * from "./deadline.ts";
export * from "./machine.ts";
export * from "./nsp.ts";
export * from "./nsp-answers.ts";
export * from "./other.ts";
export { type ReferralProblem, type ReferralProblemCode, ReferralProblemsError } from "./problems.ts";
export * from "./reflection.ts";

/** The `type` of a referral, as stored in the referrals table. */
export const REFERRAL_TYPES = [
  "nsp-placement",
  "nsp-support",
  "amp",
  "reflection",
  "witness-permit",
  "other",
] as const;
export type ReferralType = (typeof REFERRAL_TYPES)[number];

export interface NspPlacementReferral extends NspPlacement {
  type: "nsp-placement";
}
export interface NspSupportReferral extends NspSupport {
  type: "nsp-support";
}
export interface AmpReferral extends AmpApplication {
  type: "amp";
}
export interface ReflectionReferral extends ReflectionApplication {
  type: "reflection";
}
export interface WitnessPermitReferral extends WitnessPermit {
  type: "witness-permit";
}
export interface OtherServiceReferral extends OtherReferral {
  type: "other";
}

export type Referral =
  | NspPlacementReferral
  | NspSupportReferral
  | AmpReferral
  | ReflectionReferral
  | WitnessPermitReferral
  | OtherServiceReferral;

/** The status machine of each referral type. */
export const REFERRAL_MACHINES = {
  "nsp-placement": NSP_PLACEMENT_MACHINE,
  "nsp-support": NSP_SUPPORT_MACHINE,
  amp: AMP_APPLICATION_MACHINE,
  reflection: REFLECTION_MACHINE,
  "witness-permit": WITNESS_PERMIT_MACHINE,
  other: OTHER_REFERRAL_MACHINE,
} as const satisfies Record<ReferralType, Machine<string>>;

/** The machine of a referral type, for statuses read from storage as plain strings. */
export function referralMachine(type: ReferralType): Machine<string> {
  return REFERRAL_MACHINES[type];
}

/**
 * Whether `referral` may move to status `to`: its machine's transitions plus the rules that
 * depend on its data (an approved ÅMP return can be withdrawn only before travel).
 */
export function canTransition(referral: Referral, to: string): boolean {
  // The coordinator's own moves: IOM's decisions go through the ÅMP service (ADR 0028).
  if (referral.type === "amp")
    return (
      AMP_APPLICATION_MACHINE.isState(to) &&
      canAmpTransition(referral, to) &&
      ampMay("coordinator", referral.status, to)
    );
  if (referral.type === "nsp-placement") return nspMay("coordinator", referral.status, to);
  return referralMachine(referral.type).can(referral.status, to);
}

/** Throws InvalidTransitionError when `canTransition(referral, to)` is false. */
export function assertTransition(referral: Referral, to: string): void {
  if (!canTransition(referral, to)) {
    throw new InvalidTransitionError(referralMachine(referral.type).name, referral.status, to);
  }
}

/** Every deadline the referral implies on `today`, earliest due date first. */
export function deadlinesFor(referral: Referral, today: string): Deadline[] {
  switch (referral.type) {
    case "nsp-placement":
      return sortDeadlines(nspDeadlines(referral, today));
    case "nsp-support":
      return []; // support without housing has no computed deadlines
    case "amp":
      return sortDeadlines(ampDeadlines(referral, today));
    case "reflection":
      return sortDeadlines(reflectionDeadlines(referral, today));
    case "witness-permit":
      return sortDeadlines(witnessPermitDeadlines(referral, today));
    case "other":
      return sortDeadlines(otherReferralDeadlines(referral, today));
  }
}

/** What is missing or inconsistent in a referral's data for its status; empty when it is sound. */
export function referralProblems(referral: Referral): ReferralProblem[] {
  switch (referral.type) {
    case "nsp-placement":
      return nspPlacementProblems(referral);
    case "nsp-support":
      return nspSupportProblems(referral);
    case "amp":
      return ampProblems(referral);
    case "reflection":
      return reflectionProblems(referral);
    case "witness-permit":
      return witnessPermitProblems(referral);
    case "other":
      return otherReferralProblems(referral);
  }
}
