/**
 * Who may do what. Deny by default: a permission not granted to a role here is refused, and a
 * region-scoped permission also needs the case to belong to, or be shared with, the
 * principal's region. The admin manages users and checks the audit log but reads no case.
 */
import type { Role } from "@stodkedjan/db";

export interface Principal {
  kind: "user" | "token";
  id: string;
  role: Role;
  regionId: string | null;
  shelterId: string | null;
  name: string;
  /** The staff pages' language; a token (no pages) reads as Swedish. */
  language?: "sv" | "en";
}

export const PERMISSIONS = [
  "staff.home",
  "case.list",
  "case.create",
  "case.read",
  "case.write",
  "case.manage",
  /** Accepting or declining a transfer offered to the principal's region. */
  "case.receive",
  "case.history",
  /** Looking a case up by its number to open its access history, without reading the case. */
  "case.find",
  "deadlines.read",
  "placements.read",
  /** A shelter's answers to the placements referred to it (accept, decline, arrival, extension, exit). */
  "placements.answer",
  "amp.read",
  /** IOM's decisions on ÅMP applications, claims paid, phases, follow-ups and messages (ADR 0028). */
  "amp.decide",
  "audit.verify",
  "users.manage",
  "access.approve",
  "shelters.read",
  "shelters.manage",
  /** The national follow-up of NSP: the flat-rate basis and the coverage of shelters by region. */
  "shelters.followup",
  "signals.read",
  "knowledge.handle",
  "content.review",
  /** The annual report's figures for the government, under disclosure control (ADR 0030). */
  "report.read",
  /** The pseudonymised HTCDS extract at CTDC's public-data level; every download audited (ADR 0030). */
  "research.extract",
  /** The national statistics under disclosure control (ADR 0020, 0029): pages, exports, API. */
  "statistics.read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Permissions that also need the object's region to match the principal's: reading and working a
 * case (notes, tasks, referrals, files, steps) for its owning region and the regions handling it
 * jointly; `case.manage` (share, transfer, revoke a share, close, reopen) for the owning region
 * alone, which is the region a case was transferred to while the transfer stands.
 */
export const REGION_SCOPED: ReadonlySet<Permission> = new Set([
  "case.read",
  "case.write",
  "case.manage",
  "case.receive",
]);

const GRANTS: Record<Role, readonly Permission[]> = {
  coordinator: [
    "staff.home",
    "case.list",
    "case.create",
    "case.read",
    "case.write",
    "case.manage",
    "case.receive",
    "case.history",
    "deadlines.read",
    // The registry, read-only: coordinators choose the shelter for an NSP placement.
    "shelters.read",
  ],
  // NSPM's national team: who looked at a case and when, never its content unless shared (not yet);
  // and the registry of certified shelters, which it keeps (adds, edits, records certification).
  // It also approves (or refuses) the admin's requests for tokens and accounts that read case data,
  // and reads the knowledge-needs dashboard: the public pages' anonymous, aggregated signals (ADR 0014).
  national: [
    "staff.home",
    "case.history",
    "case.find",
    "shelters.read",
    "shelters.manage",
    "shelters.followup",
    "access.approve",
    "signals.read",
    "report.read",
    "statistics.read",
  ],
  // A shelter: the placements referred to its own shelter (the services check the user's shelter).
  shelter: ["staff.home", "placements.read", "placements.answer"],
  iom: ["staff.home", "amp.read", "amp.decide"],
  researcher: ["staff.home", "research.extract"],
  // Content review: pages' review status, statements to verify, previews, and the knowledge needs
  // the signals raise, which editors mark handled (ADR 0017).
  editor: ["staff.home", "content.review", "knowledge.handle"],
  admin: ["staff.home", "audit.verify", "users.manage"],
};

export interface CaseScope {
  regionId: string;
  /** Regions handling the case jointly with its own region (active shares). */
  sharedWith: readonly string[];
  /** The region the case has been transferred to, if any: its own region then no longer sees it. */
  transferredTo?: string | null;
  /** The region a transfer waits on (ADR 0021): it answers, and sees no more of the case until it accepts. */
  pendingTransferTo?: string | null;
}

/** The scope of a case from its region and its active shares. */
export function scopeOf(regionId: string, shares: readonly { regionId: string; mode: string }[]): CaseScope {
  return {
    regionId,
    sharedWith: shares.filter((s) => s.mode === "joint").map((s) => s.regionId),
    transferredTo: shares.find((s) => s.mode === "transfer")?.regionId ?? null,
  };
}

/**
 * For tests: told of every check that grants a permission, so that the authorization matrix can
 * find grants that no route exercises. Display-only checks (menus, links) use `mayShow`.
 */
export const grantObserver: { seen?: (role: Role, permission: Permission) => void } = {};

/** Whether the principal may do this; the one check every route and service uses. */
export function can(principal: Principal | null, permission: Permission, scope?: CaseScope): boolean {
  const granted = mayShow(principal, permission, scope);
  if (granted && principal) grantObserver.seen?.(principal.role, permission);
  return granted;
}

/** The same rule as `can`, for deciding what a page offers (not recorded as exercising a grant). */
export function mayShow(principal: Principal | null, permission: Permission, scope?: CaseScope): boolean {
  if (!principal) return false;
  if (!(GRANTS[principal.role] ?? []).includes(permission)) return false;
  if (!REGION_SCOPED.has(permission)) {
    // A coordinator's case history is limited to cases they may read.
    if (permission === "case.history" && principal.role === "coordinator" && scope)
      return inRegion(principal, scope);
    return true;
  }
  if (!scope) return false;
  if (permission === "case.receive")
    return principal.regionId !== null && scope.pendingTransferTo === principal.regionId;
  return permission === "case.manage" ? owns(principal, scope) : inRegion(principal, scope);
}

/** The region that owns a case: the one it was transferred to while the transfer stands, else its own. */
export const ownerOf = (scope: CaseScope): string => scope.transferredTo ?? scope.regionId;

function owns(principal: Principal, scope: CaseScope): boolean {
  return principal.regionId !== null && ownerOf(scope) === principal.regionId;
}

/** The owning region, or a region handling the case jointly. */
function inRegion(principal: Principal, scope: CaseScope): boolean {
  if (principal.regionId === null) return false;
  return owns(principal, scope) || scope.sharedWith.includes(principal.regionId);
}

export function grantsOf(role: Role): readonly Permission[] {
  return GRANTS[role] ?? [];
}

/** Permissions that reach case data or the partners' view of it (placements, ÅMP). */
const touchesCaseData = (p: Permission) =>
  p.startsWith("case.") || p.startsWith("placements.") || p === "deadlines.read" || p.startsWith("amp.");

/**
 * Whether a token or account of this role reads case or partner data: then an admin only
 * requests it, and a national-team user who is not the requester approves it (ADR 0010).
 */
export function needsApproval(role: Role): boolean {
  return grantsOf(role).some(touchesCaseData);
}
