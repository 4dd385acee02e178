/** The national team's annual report: a page for a chosen year (GET form, printable) and its PDF. */
import type { Db } from "@stodkedjan/db";
import { z } from "zod";
import { principalOf } from "../api/operations.ts";
import * as report from "../report/service.ts";
import { langOf } from "./i18n.ts";
import type { StaffContext } from "./layout.ts";
import { reportPdf } from "./report-pdf.ts";
import { reportPage } from "./report-views.ts";
import type { Router } from "./router.ts";

const yearQuery = z.coerce.number().int();

export function mountReport(router: Router, db: Db, options: { threshold?: number | undefined }) {
  /** The asked year if it is one the report offers, else the default and whether the ask was refused. */
  async function chosen(c: StaffContext) {
    const ctx = { db, principal: principalOf(c) };
    const years = await report.reportYears(ctx);
    const asked = c.req.query("year");
    const parsed = asked === undefined ? null : yearQuery.safeParse(asked);
    const fallback = years.includes(report.defaultReportYear())
      ? report.defaultReportYear()
      : (years[0] as number);
    if (parsed === null) return { ctx, years, year: fallback, bad: false };
    if (!parsed.success || !years.includes(parsed.data)) return { ctx, years, year: fallback, bad: true };
    return { ctx, years, year: parsed.data, bad: false };
  }

  router.get("/staff/report", "report.read", async (c) => {
    const { ctx, years, year, bad } = await chosen(c);
    return reportPage(c, await report.annualReport(ctx, year, options), years, bad);
  });

  router.get("/staff/report/pdf", "report.read", async (c) => {
    const { ctx, year, bad } = await chosen(c);
    if (bad) return c.redirect(`/staff/report?year=${encodeURIComponent(c.req.query("year") ?? "")}`, 303);
    const figures = await report.annualReport(ctx, year, options);
    const lang = langOf(c);
    const pdf = await reportPdf(figures, lang, new Date());
    await report.auditReportExport(ctx, year, "pdf");
    return c.body(new Uint8Array(pdf), 200, {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${lang === "sv" ? "arsrapport" : "annual-report"}-${year}.pdf"`,
    });
  });
}
