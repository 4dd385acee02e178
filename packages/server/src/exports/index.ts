/**
 * Downloads of tables as CSV (csv-stringify) and XLSX (exceljs), for every page that offers a
 * table for download. A table is a sheet: a name, column headings and rows of text or numbers
 * (null: an empty cell). The callers audit the download; this module only writes the bytes.
 */
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";

export interface Sheet {
  /** The sheet's name in a workbook (at most 31 characters, no []:*?/\ — trimmed here). */
  name: string;
  columns: readonly string[];
  rows: readonly (readonly (string | number | null)[])[];
  /** A line under the table, e.g. what a symbol means. */
  note?: string;
}

export const CSV_TYPE = "text/csv; charset=utf-8";
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** CSV with a byte-order mark, so spreadsheet programs read å, ä and ö right. */
export function toCsv(sheet: Sheet): string {
  const body = stringify(
    sheet.rows.map((r) => r.map((v) => v ?? "")),
    { header: true, columns: [...sheet.columns] },
  );
  return `\uFEFF${body}${sheet.note ? stringify([[sheet.note]]) : ""}`;
}

const sheetName = (name: string, taken: Set<string>) => {
  const base = name.replace(/[[\]:*?/\\]/g, " ").slice(0, 31) || "Sheet";
  let out = base;
  for (let i = 2; taken.has(out); i++) out = `${base.slice(0, 28)} ${i}`;
  taken.add(out);
  return out;
};

/** One workbook, one sheet per table, headings in bold and kept in view, numbers as numbers. */
export async function toXlsx(sheets: readonly Sheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Stödkedjan";
  const taken = new Set<string>();
  for (const s of sheets) {
    const ws = workbook.addWorksheet(sheetName(s.name, taken), { views: [{ state: "frozen", ySplit: 1 }] });
    ws.addRow([...s.columns]).font = { bold: true };
    for (const row of s.rows) ws.addRow(row.map((v) => v ?? ""));
    if (s.note) {
      ws.addRow([]);
      ws.addRow([s.note]);
    }
    ws.columns.forEach((col, i) => {
      col.width = Math.min(
        40,
        Math.max(
          10,
          ...[s.columns[i] ?? "", ...s.rows.map((r) => String(r[i] ?? ""))].map((v) => v.length + 2),
        ),
      );
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A Content-Disposition for a download, with an ASCII fallback name and the real one (RFC 6266). */
export function attachment(filename: string): string {
  const ascii = filename
    .normalize("NFD")
    .replace(/[^\x20-\x7e]/g, "")
    .replace(/["\\]/g, "");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
