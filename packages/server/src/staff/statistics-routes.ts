/**
 * The national team's statistics pages: GET /staff/statistics (a GET form of period and region,
 * the tables and charts) and GET /staff/statistics/export (a table as CSV or XLSX, or every table
 * as one XLSX). Thin: the service counts, protects and audits; the views render.
 */

import type { Db } from "@stodkedjan/db";
import { swedishToday } from "@stodkedjan/domain";
import { z } from "zod";
import { ServiceError } from "../cases/errors.ts";
import { attachment, CSV_TYPE, toCsv, toXlsx, XLSX_TYPE } from "../exports/index.ts";
import { ALL_TABLE_IDS } from "../statistics/catalogue.ts";
import { nationalStatistics, type StatisticsOptions } from "../statistics/service.ts";
import { fail } from "./errors.ts";
import { langOf } from "./i18n.ts";
import type { StaffContext } from "./layout.ts";
import type { Router } from "./router.ts";
import { type FilterValues, PERIOD_ISSUES, sheetOf, statisticsPage, tableTitle } from "./statistics-views.ts";

const exportQuery = z.object({
  table: z.enum([...ALL_TABLE_IDS, "all"]),
  format: z.enum(["csv", "xlsx"]),
});

/** The filter as typed (the current calendar year when none). */
function valuesOf(c: StaffContext): FilterValues {
  const year = swedishToday().slice(0, 4);
  return {
    from: c.req.query("from") ?? `${year}-01-01`,
    to: c.req.query("to") ?? `${year}-12-31`,
    region: c.req.query("region") ?? "",
  };
}

export function mountStatistics(router: Router, db: Db, settings: { threshold?: number } = {}) {
  const run = (c: StaffContext, values: FilterValues, audit?: StatisticsOptions["audit"]) => {
    const principal = c.get("principal");
    if (!principal) throw new ServiceError(403, "Not signed in");
    return nationalStatistics(
      { db, principal },
      { from: values.from, to: values.to, regionId: values.region || null },
      { threshold: settings.threshold, audit },
    );
  };
  /** A 400 from the filter: its fields' messages in the user's words. */
  const filterIssues = (c: StaffContext, e: ServiceError) => {
    const words = PERIOD_ISSUES(langOf(c)) as Record<string, string>;
    return e.issues.map((i) => ({ path: i.path, message: (words[i.message] ?? words.date) as string }));
  };

  router.get("/staff/statistics", "statistics.read", async (c) => {
    const values = valuesOf(c);
    try {
      return statisticsPage(c, langOf(c), values, [], await run(c, values));
    } catch (e) {
      if (e instanceof ServiceError && e.status === 400 && e.issues.length)
        return statisticsPage(c, langOf(c), values, filterIssues(c, e), null);
      return fail(c, e);
    }
  });

  router.get("/staff/statistics/export", "statistics.read", async (c) => {
    const values = valuesOf(c);
    const lang = langOf(c);
    const parsed = exportQuery.safeParse({ table: c.req.query("table"), format: c.req.query("format") });
    if (!parsed.success)
      return statisticsPage(c, lang, values, [{ path: "from", message: PERIOD_ISSUES(lang).period }], null);
    const { table, format } = parsed.data;
    if (table === "all" && format === "csv")
      return statisticsPage(c, lang, values, [{ path: "from", message: PERIOD_ISSUES(lang).period }], null);
    try {
      const s = await run(c, values, { action: "export", format, table });
      const tables = s.tables.filter((t) => table === "all" || t.id === table);
      const sheets = tables.map((t) => sheetOf(t, s, lang));
      const base =
        `${lang === "sv" ? "statistik" : "statistics"}-${s.period.id}${s.regionId ? `-${s.regionId}` : ""}-${table === "all" ? (lang === "sv" ? "alla" : "all") : tableTitle(table, lang)}`
          .toLowerCase()
          .replace(/[^a-z0-9åäö-]+/g, "-");
      if (format === "csv")
        return c.body(toCsv(sheets[0] as (typeof sheets)[number]), 200, {
          "content-type": CSV_TYPE,
          "content-disposition": attachment(`${base}.csv`),
        });
      return c.body(new Uint8Array(await toXlsx(sheets)), 200, {
        "content-type": XLSX_TYPE,
        "content-disposition": attachment(`${base}.xlsx`),
      });
    } catch (e) {
      if (e instanceof ServiceError && e.status === 400 && e.issues.length)
        return statisticsPage(c, lang, values, filterIssues(c, e), null);
      return fail(c, e);
    }
  });
}
