/**
 * The flat-rate basis as tables for the shared CSV/XLSX export: per stay and month, and per
 * shelter and month. Headings come from the caller, in the user's language.
 */
import { type Sheet, toCsv, toXlsx } from "../exports/index.ts";
import type { FlatRateBasis } from "./flat-rate.ts";

export interface FlatRateHeadings {
  stays: string;
  byShelter: string;
  caseRef: string;
  shelter: string;
  region: string;
  start: string;
  end: string;
  status: string;
  month: string;
  flatRate: string;
  extension: string;
  beyond: string;
  stayCount: string;
  regionName: (id: string) => string;
  statusName: (status: string) => string;
}

/** One row per stay and month: the table the payment is checked against. */
function stayRows(basis: FlatRateBasis, h: FlatRateHeadings): Sheet {
  const columns = [
    h.caseRef,
    h.shelter,
    h.region,
    h.start,
    h.end,
    h.status,
    h.month,
    h.flatRate,
    h.extension,
    h.beyond,
  ];
  const rows = basis.stays.flatMap((s) =>
    s.months.map((m) => [
      s.caseRef,
      s.shelterName,
      h.regionName(s.shelterRegionId),
      s.start,
      s.end ?? "",
      h.statusName(s.status),
      m.month,
      m.flatRate,
      m.extension,
      m.beyond,
    ]),
  );
  return { name: h.stays, columns, rows };
}

function shelterRows(basis: FlatRateBasis, h: FlatRateHeadings): Sheet {
  const columns = [h.shelter, h.month, h.stayCount, h.flatRate, h.extension, h.beyond];
  const rows = basis.byShelterMonth.map((g) => [
    g.shelterName,
    g.month,
    g.stays,
    g.flatRate,
    g.extension,
    g.beyond,
  ]);
  return { name: h.byShelter, columns, rows };
}

/** CSV of the stays per month. */
export function flatRateCsv(basis: FlatRateBasis, h: FlatRateHeadings): string {
  return toCsv(stayRows(basis, h));
}

/** An XLSX workbook with both tables, a sheet each. */
export function flatRateXlsx(basis: FlatRateBasis, h: FlatRateHeadings): Promise<Buffer> {
  return toXlsx([stayRows(basis, h), shelterRows(basis, h)]);
}
