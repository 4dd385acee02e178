/**
 * Coverage of NSP's certified shelters for the national team (ADR 0027): per region, the
 * certified shelters, their places and free places (capacity minus the placements there now),
 * and the known gaps NSP's goals name: a region without a certified shelter, no place for men,
 * and forms of exploitation that no certified shelter takes.
 */

import { schema } from "@stodkedjan/db";
import { freePlaces, type ShelterAccepts } from "@stodkedjan/domain";
import { FORMS } from "@stodkedjan/domain/case-codes";
import { asc } from "drizzle-orm";
import { can } from "../access/policy.ts";
import { forbidden } from "../cases/errors.ts";
import { listShelters, type ShelterCtx } from "./service.ts";

export type RegionGap = "no-certified-shelter" | "no-place-for-men" | "no-free-place";

export interface RegionCoverage {
  regionId: string;
  shelters: number;
  certified: number;
  capacity: number;
  free: number;
  /** Free places in certified shelters that take each group. */
  freeFor: Record<ShelterAccepts, number>;
  gaps: RegionGap[];
}

export interface Coverage {
  regions: RegionCoverage[];
  /** Forms of exploitation (other than "other") that no certified shelter takes. */
  formsUntaken: string[];
  total: Omit<RegionCoverage, "regionId" | "gaps">;
}

const certifiedNow = (state: string) => state === "certified" || state === "expiring";

export async function coverage(ctx: ShelterCtx): Promise<Coverage> {
  if (!can(ctx.principal, "shelters.followup")) throw forbidden();
  const [all, regionRows] = await Promise.all([
    listShelters(ctx),
    ctx.db.select({ id: schema.regions.id }).from(schema.regions).orderBy(asc(schema.regions.id)),
  ]);
  const empty = () => ({ women: 0, men: 0, children: 0, families: 0 });
  const regions = regionRows.map(({ id }): RegionCoverage => {
    const here = all.filter((s) => s.regionId === id);
    const certified = here.filter((s) => certifiedNow(s.certification.state));
    const freeFor = empty();
    for (const s of certified)
      for (const g of s.accepts as ShelterAccepts[])
        freeFor[g] += freePlaces({ capacity: s.capacity, occupied: s.placements });
    const free = certified.reduce(
      (n, s) => n + freePlaces({ capacity: s.capacity, occupied: s.placements }),
      0,
    );
    const gaps: RegionGap[] = [];
    if (certified.length === 0) gaps.push("no-certified-shelter");
    else {
      if (!certified.some((s) => s.accepts.includes("men"))) gaps.push("no-place-for-men");
      if (free === 0) gaps.push("no-free-place");
    }
    return {
      regionId: id,
      shelters: here.length,
      certified: certified.length,
      capacity: certified.reduce((n, s) => n + s.capacity, 0),
      free,
      freeFor,
      gaps,
    };
  });
  const certifiedForms = new Set(
    all.filter((s) => certifiedNow(s.certification.state)).flatMap((s) => s.forms),
  );
  const freeFor = empty();
  for (const r of regions)
    for (const g of Object.keys(freeFor) as ShelterAccepts[]) freeFor[g] += r.freeFor[g];
  return {
    regions,
    formsUntaken: FORMS.filter((f) => f !== "other" && !certifiedForms.has(f)),
    total: {
      shelters: regions.reduce((n, r) => n + r.shelters, 0),
      certified: regions.reduce((n, r) => n + r.certified, 0),
      capacity: regions.reduce((n, r) => n + r.capacity, 0),
      free: regions.reduce((n, r) => n + r.free, 0),
      freeFor,
    },
  };
}
