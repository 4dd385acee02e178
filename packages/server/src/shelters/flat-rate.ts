/**
 * The basis for NSP's flat-rate payment, for the national team (ADR 0027): each stay's days in a
 * certified shelter per month of a period, split into flat-rate days (day 1–90), days under a
 * granted extension and days beyond the basis; and the same summed per shelter and month. A stay
 * is named by its case's number (no pseudonym or other case content). Every view and download is
 * in the audit log.
 */

import { z } from "@hono/zod-openapi";
import { schema } from "@stodkedjan/db";
import {
  type MonthDays,
  NSP_FLAT_RATE_DAYS,
  nspDaysUsed,
  type StayTotals,
  stayMonths,
  sumDays,
  swedishToday,
} from "@stodkedjan/domain";
import { and, asc, eq, inArray, isNotNull, lte, or, sql } from "drizzle-orm";
import { can } from "../access/policy.ts";
import { audit } from "../audit/log.ts";
import { forbidden } from "../cases/errors.ts";
import type { ShelterCtx } from "./service.ts";

/** A period: a year ("2026") or a month ("2026-03"). */
export const flatRatePeriod = z
  .string()
  .regex(/^(19|20|21)\d{2}(-(0[1-9]|1[0-2]))?$/, "a year (YYYY) or a month (YYYY-MM)");

/** A stay has begun once the arrival is confirmed; it is in the basis from then on, after its exit too. */
const STAYED = ["placed", "extension-requested", "extended", "exited"];

export interface FlatRateStay {
  referralId: string;
  caseRef: string;
  /** The region whose coordinator referred the person. */
  caseRegionId: string;
  shelterId: string;
  shelterName: string;
  shelterRegionId: string;
  status: string;
  start: string;
  end: string | null;
  extended: boolean;
  /** Days of the whole stay so far, and of them the flat-rate days (at most 90). */
  daysUsed: number;
  flatRateUsed: number;
  /** The stay's days in each month of the period. */
  months: MonthDays[];
  /** The period's days, summed. */
  period: StayTotals;
}

export interface FlatRateBasis {
  period: string;
  from: string;
  to: string;
  today: string;
  stays: FlatRateStay[];
  /** Per shelter and month, in the order of the shelters' names, then months. */
  byShelterMonth: (StayTotals & { shelterId: string; shelterName: string; month: string; stays: number })[];
  total: StayTotals;
}

export function periodBounds(period: string): { from: string; to: string } {
  if (period.length === 4) return { from: `${period}-01-01`, to: `${period}-12-31` };
  const [y, m] = period.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${period}-01`, to: `${period}-${String(last).padStart(2, "0")}` };
}

/** The basis for a period (a year or a month), for the national team; audited as a read or an export. */
export async function flatRateBasis(
  ctx: ShelterCtx,
  period: string,
  use: { format: "page" | "csv" | "xlsx" | "api" },
): Promise<FlatRateBasis> {
  if (!can(ctx.principal, "shelters.followup")) throw forbidden();
  const { from, to } = periodBounds(flatRatePeriod.parse(period));
  const today = swedishToday(ctx.now);
  const start = sql<string>`${schema.referrals.data}->>'start'`;
  const end = sql<string | null>`${schema.referrals.data}->>'end'`;
  const rows = await ctx.db
    .select({
      id: schema.referrals.id,
      status: schema.referrals.status,
      data: schema.referrals.data,
      ref: schema.cases.ref,
      caseRegionId: schema.cases.regionId,
      shelterId: schema.shelters.id,
      shelterName: schema.shelters.name,
      shelterRegionId: schema.shelters.regionId,
    })
    .from(schema.referrals)
    .innerJoin(schema.cases, eq(schema.cases.id, schema.referrals.caseId))
    .innerJoin(schema.shelters, eq(schema.shelters.id, schema.referrals.shelterId))
    .where(
      and(
        eq(schema.referrals.type, "nsp-placement"),
        inArray(schema.referrals.status, STAYED),
        isNotNull(start),
        lte(start, to),
        or(sql`${end} is null`, sql`${end} >= ${from}`),
      ),
    )
    .orderBy(asc(schema.shelters.name), asc(start), asc(schema.cases.ref));
  const stays: FlatRateStay[] = [];
  for (const r of rows) {
    const d = r.data as {
      start: string;
      end: string | null;
      extensionReason?: string | null;
      extensionRequest?: { decision: string | null } | null;
    };
    const extended =
      r.status === "extended" || d.extensionRequest?.decision === "granted" || Boolean(d.extensionReason);
    const stay = { start: d.start, end: d.end, extended };
    const months = stayMonths(stay, from, to, today);
    if (months.length === 0) continue;
    const daysUsed = nspDaysUsed(stay, today);
    stays.push({
      referralId: r.id,
      caseRef: r.ref,
      caseRegionId: r.caseRegionId,
      shelterId: r.shelterId,
      shelterName: r.shelterName,
      shelterRegionId: r.shelterRegionId,
      status: r.status,
      start: d.start,
      end: d.end,
      extended,
      daysUsed,
      flatRateUsed: Math.min(NSP_FLAT_RATE_DAYS, daysUsed),
      months,
      period: sumDays(months),
    });
  }
  const groups = new Map<string, FlatRateBasis["byShelterMonth"][number]>();
  for (const s of stays)
    for (const m of s.months) {
      const key = `${s.shelterName}\u0000${s.shelterId}\u0000${m.month}`;
      const g = groups.get(key) ?? {
        shelterId: s.shelterId,
        shelterName: s.shelterName,
        month: m.month,
        stays: 0,
        flatRate: 0,
        extension: 0,
        beyond: 0,
      };
      g.stays += 1;
      g.flatRate += m.flatRate;
      g.extension += m.extension;
      g.beyond += m.beyond;
      groups.set(key, g);
    }
  const byShelterMonth = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, g]) => g);
  await audit(ctx.db, {
    actor: ctx.principal,
    action: use.format === "page" || use.format === "api" ? "read" : "export",
    objectType: "flat-rate-basis",
    objectId: period,
    outcome: "ok",
    detail: { format: use.format, stays: stays.length, cases: stays.map((s) => s.caseRef).join(",") },
  });
  return { period, from, to, today, stays, byShelterMonth, total: sumDays(stays.map((s) => s.period)) };
}
