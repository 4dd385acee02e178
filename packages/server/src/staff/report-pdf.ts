/**
 * The annual report as a PDF (pdfkit, ADR 0030), with the same tables and words as the page. The
 * text is set in DejaVu Sans, embedded (subset) from the dejavu-fonts-ttf package, so å, ä, ö,
 * × and – print on any reader without a font of its own.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import PDFDocument from "pdfkit";
import type { AnnualReport } from "../report/service.ts";
import type { Lang } from "./i18n.ts";
import { REPORT_TEXT, shownTables } from "./report-views.ts";

const fontDir = join(dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");
const REGULAR = join(fontDir, "DejaVuSans.ttf");
const BOLD = join(fontDir, "DejaVuSans-Bold.ttf");

/** The report as PDF bytes. `at` is when it was compiled, printed in its footer and metadata. */
export function reportPdf(report: AnnualReport, lang: Lang, at: Date): Promise<Buffer> {
  const t = REPORT_TEXT(lang);
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    lang,
    info: {
      Title: t.titleYear(report.year),
      Author: "Stödkedjan",
      Subject: t.intro(report.year),
      CreationDate: at,
    },
    // Tagged, with the document's language: readers and screen readers get the structure.
    tagged: true,
    displayTitle: true,
  });
  doc.registerFont("regular", REGULAR);
  doc.registerFont("bold", BOLD);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const width = doc.page.width - 2 * 56;
  doc.font("bold").fontSize(20).text(t.titleYear(report.year));
  doc.moveDown(0.5);
  doc.font("regular").fontSize(10.5).text(t.intro(report.year));
  doc.moveDown(0.5);
  doc.fontSize(9.5).text(t.control(report.threshold));
  for (const table of shownTables(report, lang)) {
    doc.moveDown(1.2);
    // Keep a table's heading with its first rows.
    if (doc.y > doc.page.height - 220) doc.addPage();
    doc.font("bold").fontSize(13).text(table.caption);
    doc.font("regular").fontSize(9).text(table.note);
    doc.moveDown(0.4);
    const first = Math.max(width * 0.4, width - 90 * (table.head.length - 1));
    const rest = (width - first) / (table.head.length - 1);
    const bold = (text: string, type: "TH" | "TD" = "TH") => ({ text, type, font: { src: BOLD } });
    doc.fontSize(10).table({
      columnStyles: table.head.map((_, i) => ({
        width: i === 0 ? first : rest,
        align: { x: i === 0 ? ("left" as const) : ("right" as const) },
      })),
      data: [
        table.head.map((h) => bold(h)),
        ...table.rows.map((r) => [
          r.total ? bold(r.label) : { text: r.label, type: "TH" as const },
          ...r.cells.map((v) => (r.total ? bold(v ?? "×", "TD") : (v ?? "×"))),
        ]),
      ],
    });
  }
  doc.moveDown(1.5);
  doc
    .font("regular")
    .fontSize(8.5)
    .text(t.generated(`${at.toISOString().slice(0, 16).replace("T", " ")} UTC`), { width });
  doc.end();
  return done;
}
