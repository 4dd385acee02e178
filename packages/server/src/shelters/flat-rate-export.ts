/**
 * The flat-rate basis as CSV (csv-stringify) and XLSX (exceljs 4.4): two tables, per stay and
 * month, and per shelter and month. Headings come from the caller, in the user's language. A
 * small module of its own so the shared export module can take it over later.
 */
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
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
function stayRows(basis: FlatRateBasis, h: FlatRateHeadings) {
  const head = [
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
  return { head, rows };
}

function shelterRows(basis: FlatRateBasis, h: FlatRateHeadings) {
  const head = [h.shelter, h.month, h.stayCount, h.flatRate, h.extension, h.beyond];
  const rows = basis.byShelterMonth.map((g) => [
    g.shelterName,
    g.month,
    g.stays,
    g.flatRate,
    g.extension,
    g.beyond,
  ]);
  return { head, rows };
}

/** CSV of the stays per month (UTF-8 with a byte-order mark, so spreadsheet programs read å, ä, ö). */
export function flatRateCsv(basis: FlatRateBasis, h: FlatRateHeadings): string {
  const { head, rows } = stayRows(basis, h);
  return `\uFEFF${stringify([head, ...rows])}`;
}

/** An XLSX workbook with both tables, a sheet each, headings bold and frozen. */
export async function flatRateXlsx(basis: FlatRateBasis, h: FlatRateHeadings): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = "Stödkedjan";
  book.created = new Date(`${basis.today}T12:00:00Z`);
  for (const [name, table] of [
    [h.stays, stayRows(basis, h)],
    [h.byShelter, shelterRows(basis, h)],
  ] as const) {
    const sheet = book.addWorksheet(name.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.addRow(table.head).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row);
    sheet.columns.forEach((col, i) => {
      col.width = Math.min(40, Math.max(10, String(table.head[i] ?? "").length + 2));
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
