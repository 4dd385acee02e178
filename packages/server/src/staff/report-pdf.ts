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
    // Drawn line by line: pdfkit's own table lays every cell out through the font engine, which
    // with an embedded font takes seconds for these few rows.
    const first = Math.max(width * 0.4, width - 120 * (table.head.length - 1));
    const rest = (width - first) / (table.head.length - 1);
    const row = (texts: string[], bold: boolean) => {
      if (doc.y + 18 > doc.page.height - 56) doc.addPage();
      const y = doc.y;
      doc.font(bold ? "bold" : "regular").fontSize(10);
      texts.forEach((text, i) => {
        const x = 56 + (i === 0 ? 0 : first + (i - 1) * rest);
        doc.text(text, x, y, {
          width: i === 0 ? first : rest - 4,
          align: i === 0 ? "left" : "right",
          lineBreak: false,
        });
      });
      doc.x = 56;
      doc.y = y + 16;
      doc
        .moveTo(56, doc.y - 3)
        .lineTo(56 + width, doc.y - 3)
        .lineWidth(0.5)
        .strokeColor("#999999")
        .stroke();
    };
    row(table.head, true);
    for (const r of table.rows) row([r.label, ...r.cells.map((v) => v ?? "×")], r.total === true);
  }
  doc.moveDown(1.5);
  doc
    .font("regular")
    .fontSize(8.5)
    .text(t.generated(`${at.toISOString().slice(0, 16).replace("T", " ")} UTC`), { width });
  doc.end();
  return done;
}
