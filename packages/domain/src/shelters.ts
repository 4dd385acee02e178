/**
 * The registry of protected shelters certified within NSP: whom a shelter takes in, and whether
 * its certification holds on a given day. A shelter's certification runs through the day named
 * (`certifiedUntil` inclusive); a shelter with no date has never been certified, or is awaiting
 * certification. Only a shelter certified on the day a placement starts (and on the day it is
 * referred) can receive a placement, since only a certified shelter gets the flat rate.
 */
import { daysBetween } from "./referrals/dates.ts";

/** Whom a shelter takes in. */
export const SHELTER_ACCEPTS = ["women", "men", "children", "families"] as const;
export type ShelterAccepts = (typeof SHELTER_ACCEPTS)[number];

/** From this many days before the certification ends, the registry warns that it runs out. */
export const CERTIFICATION_WARNING_DAYS = 60;

export type CertificationState = "certified" | "expiring" | "expired" | "withdrawn" | "uncertified";

export interface Certification {
  state: CertificationState;
  /** The last day the certification holds, or null when the shelter is not certified. */
  until: string | null;
  /** Days from `today` to the last certified day (0 on that day, negative once expired); null without a date. */
  daysLeft: number | null;
}

/**
 * The state of a certification on `today`: expiring within CERTIFICATION_WARNING_DAYS, expired
 * after its last day; withdrawn when the national team withdrew it (and no later assessment has
 * certified the shelter again).
 */
export function certificationOn(
  certifiedUntil: string | null,
  today: string,
  withdrawnOn: string | null = null,
): Certification {
  if (withdrawnOn !== null && certifiedUntil === null)
    return { state: "withdrawn", until: null, daysLeft: null };
  if (certifiedUntil === null) return { state: "uncertified", until: null, daysLeft: null };
  const daysLeft = daysBetween(today, certifiedUntil);
  const state = daysLeft < 0 ? "expired" : daysLeft <= CERTIFICATION_WARNING_DAYS ? "expiring" : "certified";
  return { state, until: certifiedUntil, daysLeft };
}

/** Whether the certification holds on `day` (its last day included). */
export function isCertifiedOn(certifiedUntil: string | null, day: string): boolean {
  return certifiedUntil !== null && certifiedUntil >= day;
}

/**
 * Why a shelter cannot receive a placement referred on `today` that starts on `start` (null: not
 * yet known, so today), or null when it can: it must be certified on both days.
 */
export function placementRefusal(
  certifiedUntil: string | null,
  today: string,
  start: string | null,
): "uncertified" | "expired" | "expires-before-start" | null {
  if (certifiedUntil === null) return "uncertified";
  if (certifiedUntil < today) return "expired";
  if (start !== null && certifiedUntil < start) return "expires-before-start";
  return null;
}

// ---------------------------------------------------------------------------------------------
// The certification checklist (ADR 0027)
// ---------------------------------------------------------------------------------------------

/** The criteria of NSP's own certification rules; the national team may add others. */
export const BUILT_IN_CRITERIA = ["staff-knowledge", "needs-assessment", "client-participation"] as const;

export interface CriterionRule {
  id: string;
  builtIn: boolean;
  /** Retired criteria no longer count. */
  retiredOn: string | null;
}

export interface AssessmentFact {
  criterionId: string;
  met: boolean;
  assessedOn: string;
  validUntil: string;
}

/** The latest assessment of each criterion (by day assessed; on one day, the one given last wins). */
export function latestAssessments<T extends AssessmentFact>(assessments: readonly T[]): Map<string, T> {
  const latest = new Map<string, T>();
  for (const a of assessments) {
    const seen = latest.get(a.criterionId);
    if (!seen || a.assessedOn >= seen.assessedOn) latest.set(a.criterionId, a);
  }
  return latest;
}

/**
 * The last day a shelter's certification holds according to its checklist, or null when it is not
 * certified: every built-in criterion, and every added criterion assessed at the shelter, must have
 * a latest assessment that is met, and the certification holds until the earliest of their ends.
 * An added criterion counts from its first assessment at the shelter (at the latest its renewal),
 * so adding one does not uncertify every shelter overnight. After a withdrawal only assessments
 * made after it count. Assessments must be given in the order they were recorded.
 */
export function checklistCertifiedUntil(
  criteria: readonly CriterionRule[],
  assessments: readonly AssessmentFact[],
  withdrawnOn: string | null,
): string | null {
  const counted = withdrawnOn === null ? assessments : assessments.filter((a) => a.assessedOn > withdrawnOn);
  const latest = latestAssessments(counted);
  let until: string | null = null;
  for (const c of criteria) {
    if (c.retiredOn !== null) continue;
    const a = latest.get(c.id);
    if (!a) {
      if (c.builtIn) return null;
      continue;
    }
    if (!a.met) return null;
    if (until === null || a.validUntil < until) until = a.validUntil;
  }
  return until;
}

// ---------------------------------------------------------------------------------------------
// Which shelters fit a person (the referral form's order)
// ---------------------------------------------------------------------------------------------

export interface ShelterFitFacts {
  accepts: readonly string[];
  forms: readonly string[];
  capacity: number;
  /** Placements that occupy a place now (ADR 0025). */
  occupied: number;
  certifiedUntil: string | null;
}

/** Free places: capacity minus the placements there now, never below 0. */
export const freePlaces = (s: Pick<ShelterFitFacts, "capacity" | "occupied">) =>
  Math.max(0, s.capacity - s.occupied);

/**
 * The groups a shelter must take for this person: a child, a woman, a man; with accompanying
 * children also families. A person of another or unknown gender fits a shelter taking women or men.
 */
export function groupsFor(person: {
  ageGroup: "child" | "adult";
  gender: string;
  withChildren?: boolean;
}): ShelterAccepts[][] {
  const own: ShelterAccepts[] =
    person.ageGroup === "child"
      ? ["children"]
      : person.gender === "woman"
        ? ["women"]
        : person.gender === "man"
          ? ["men"]
          : ["women", "men"];
  // Each inner list: the shelter must take at least one of them.
  return person.withChildren ? [own, ["families"]] : [own];
}

export type ShelterMisfit = "uncertified" | "full" | "group" | "form";

/**
 * Why a shelter does not fit a person on `today` (empty: it fits): certified today, a free place,
 * takes the person's group and every form of exploitation of the case.
 */
export function shelterMisfits(
  shelter: ShelterFitFacts,
  person: { ageGroup: "child" | "adult"; gender: string; withChildren?: boolean },
  forms: readonly string[],
  today: string,
): ShelterMisfit[] {
  const out: ShelterMisfit[] = [];
  if (!isCertifiedOn(shelter.certifiedUntil, today)) out.push("uncertified");
  if (freePlaces(shelter) === 0) out.push("full");
  if (!groupsFor(person).every((any) => any.some((g) => shelter.accepts.includes(g)))) out.push("group");
  if (!forms.every((f) => shelter.forms.includes(f))) out.push("form");
  return out;
}

/** Why a coordinator chose a shelter that does not fit (a code: nothing in it can carry a name). */
export const SHELTER_CHOICE_REASONS = [
  "no-fitting-place",
  "safety-distance",
  "person-wish",
  "specialist-support",
  "agreed-with-nsp",
  "other",
] as const;
export type ShelterChoiceReason = (typeof SHELTER_CHOICE_REASONS)[number];
