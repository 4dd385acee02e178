/** The annual report's figures over the JSON API, for the agency's reporting scripts (ADR 0030). */
import { createRoute, z } from "@hono/zod-openapi";
import type { Db } from "@stodkedjan/db";
import * as report from "../report/service.ts";
import type { Router } from "../staff/router.ts";
import { errors, json, principalOf, run } from "./operations.ts";

const cellSchema = z
  .object({
    coords: z
      .array(z.string().nullable())
      .openapi({ description: "One category per dimension, in the table's order; null is the total" }),
    status: z.enum(["shown", "suppressed"]).openapi({
      description:
        "suppressed: hidden by the disclosure control, exactly as in the national statistics for the year (why is not told: that would itself say whether the count is small)",
    }),
    value: z.number().int().nullable().openapi({ description: "The count; null when hidden" }),
  })
  .openapi("ReportCell");

const reportSchema = z
  .object({
    year: z.number().int(),
    from: z.string(),
    to: z.string(),
    sheltersOn: z.string().openapi({ description: "The day whose registry the shelter count reads" }),
    threshold: z.number().int().openapi({ description: "No shown count is under it (zero is shown)" }),
    tables: z.array(
      z.object({
        id: z.enum(["cases", "nsp", "amp"]).openapi({
          description:
            "cases: individual cases opened in the year, by region and age group; nsp: persons given NSP support in the year (adult, child, child in the home country); amp: ÅMP applications approved in the year, by gender and age group. Each is a table of the national statistics for the year, cell for cell",
        }),
        dimensions: z.array(z.object({ name: z.string(), categories: z.array(z.string()) })),
        cells: z.array(cellSchema),
      }),
    ),
    shelters: z
      .array(z.object({ regionId: z.string(), certified: z.number().int() }))
      .openapi({ description: "Certified shelters per region (organisations: not suppressed)" }),
  })
  .openapi("AnnualReport");

export function mountReportApi(router: Router, db: Db, options: { threshold?: number | undefined }) {
  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/reports/annual",
      operationId: "getAnnualReport",
      tags: ["reports"],
      summary: "The annual report's figures for a year, under disclosure control (audited)",
      description:
        "The figures the agency reports to the government, taken from the national statistics' protected release for the year: every cell is the statistics' cell (the same count, or suppressed there too). None is under the threshold, none lets a hidden one be worked out.",
      request: {
        query: z.object({
          year: z.coerce
            .number()
            .int()
            .min(2000)
            .max(2199)
            .openapi({ description: "The calendar year", example: 2025 }),
        }),
      },
      responses: { 200: json(reportSchema, "The report's figures"), ...errors("No such year") },
    }),
    "report.read",
    (c) =>
      run(c, async () => {
        const ctx = { db, principal: principalOf(c) };
        const { year } = c.req.valid("query");
        const figures = await report.annualReport(ctx, year, options);
        await report.auditReportExport(ctx, year, "json");
        return {
          ...figures,
          tables: figures.tables.map((t) => ({
            ...t,
            dimensions: t.dimensions.map((d) => ({ name: d.name, categories: [...d.categories] })),
          })),
        };
      }),
  );
}
