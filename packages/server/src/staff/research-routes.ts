/** The researcher's page and the extract's download (CSV or JSON), each download audited by the service. */
import type { Db } from "@stodkedjan/db";
import { z } from "zod";
import { principalOf } from "../api/operations.ts";
import * as research from "../research/service.ts";
import type { StaffContext } from "./layout.ts";
import { researchPage } from "./research-views.ts";
import type { Router } from "./router.ts";

const query = z.object({
  fromYear: z.coerce.number().int(),
  toYear: z.coerce.number().int(),
  format: z.enum(research.EXTRACT_FORMATS),
});

export function mountResearch(router: Router, db: Db, settings: research.ExtractSettings) {
  const k = settings.k ?? research.DEFAULT_EXTRACT_K;
  const show = async (c: StaffContext, badYears: boolean) => {
    const ctx = { db, principal: principalOf(c) };
    return researchPage(c, {
      k,
      years: await research.extractYears(ctx),
      values: {
        fromYear: c.req.query("fromYear"),
        toYear: c.req.query("toYear"),
        format: c.req.query("format"),
      },
      badYears,
      downloads: await research.myDownloads(ctx),
    });
  };

  router.get("/staff/research", "research.extract", (c) => show(c, false));

  router.get("/staff/research/extract", "research.extract", async (c) => {
    const ctx = { db, principal: principalOf(c) };
    const parsed = query.safeParse(c.req.query());
    const years = await research.extractYears(ctx);
    if (
      !parsed.success ||
      parsed.data.fromYear > parsed.data.toYear ||
      !years.includes(parsed.data.fromYear) ||
      !years.includes(parsed.data.toYear)
    )
      return show(c, true);
    const { fromYear, toYear, format } = parsed.data;
    const extract = await research.researchExtract(ctx, parsed.data, settings);
    const name = `htcds-extract-${fromYear}-${toYear}.${format}`;
    const headers = { "content-disposition": `attachment; filename="${name}"` };
    if (format === "json")
      return c.body(JSON.stringify(research.extractJson(extract), null, 1), 200, {
        ...headers,
        "content-type": "application/json; charset=utf-8",
      });
    return c.body(`\uFEFF${research.extractCsv(extract)}`, 200, {
      ...headers,
      "content-type": "text/csv; charset=utf-8",
    });
  });
}
