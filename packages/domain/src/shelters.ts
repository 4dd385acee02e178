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

export type CertificationState = "certified" | "expiring" | "expired" | "uncertified";

export interface Certification {
  state: CertificationState;
  /** The last day the certification holds, or null when the shelter is not certified. */
  until: string | null;
  /** Days from `today` to the last certified day (0 on that day, negative once expired); null without a date. */
  daysLeft: number | null;
}

/** The state of a certification on `today`: expiring within CERTIFICATION_WARNING_DAYS, expired after its last day. */
export function certificationOn(certifiedUntil: string | null, today: string): Certification {
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
