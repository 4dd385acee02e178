/**
 * The national statistics over the JSON API, for the agency's reporting scripts: the same
 * service, disclosure control and audit as the pages (ADR 0020, 0029). A suppressed cell is
 * `{ "status": "suppressed", "value": null }`.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Db } from "@stodkedjan/db";
import { REGION_IDS } from "@stodkedjan/domain/case-codes";
import { problemResponse } from "../problem.ts";
import type { Router } from "../staff/router.ts";
import { ALL_TABLE_IDS, DIMENSIONS } from "../statistics/catalogue.ts";
import { nationalStatistics } from "../statistics/service.ts";
import { type C, json, principalOf, run } from "./operations.ts";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .openapi({ example: "2026-01-01" });

const cell = z
  .object({
    status: z.enum(["shown", "suppressed"]),
    value: z.number().int().nullable().openapi({ description: "null when suppressed" }),
  })
  .openapi("StatisticsCell");

const table = z
  .object({
    id: z.enum(ALL_TABLE_IDS),
    population: z
      .string()
      .nullable()
      .openapi({ description: "What is counted; null for flat-rate days and shelters" }),
    rowDimension: z.enum(Object.keys(DIMENSIONS) as [string, ...string[]]),
    columnDimension: z.enum(Object.keys(DIMENSIONS) as [string, ...string[]]).nullable(),
    columns: z.array(z.string().nullable()).openapi({ description: "Column codes; null is the total" }),
    rows: z
      .array(
        z.object({
          key: z.string().nullable().openapi({ description: "Row code; null is the national total" }),
          cells: z.array(cell),
        }),
      )
      .openapi({
        description:
          "amp-country (rows: ISO 3166-1 alpha-2 return country, or unknown) lists the countries with a participant in the year, and unknown: an unlisted country is 0",
      }),
    unit: z.enum(["count", "days", "shelters"]),
    controlled: z
      .boolean()
      .openapi({ description: "false: not a count of persons (the public shelter registry)" }),
  })
  .openapi("StatisticsTable");

const statistics = z
  .object({
    requested: z.object({ from: z.string(), to: z.string() }),
    period: z.object({ id: z.string(), from: z.string(), to: z.string() }).openapi({
      description:
        "The period shown: the smallest published period covering the one asked for (the calendar year)",
    }),
    year: z.number().int(),
    regionId: z.string().nullable(),
    threshold: z.number().int(),
    tables: z.array(table),
  })
  .openapi("Statistics");

export function mountStatisticsApi(router: Router, db: Db, settings: { threshold?: number } = {}) {
  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/statistics",
      operationId: "getNationalStatistics",
      tags: ["statistics"],
      summary: "National statistics for a period and region, under disclosure control",
      description:
        "Individual cases and consultations by region and coded value, NSP persons, placements and flat-rate days, ÅMP participants (by gender and age group, form, region and return country), reflection-period applications and certified shelters. The period is widened to the calendar year that covers it, and counts from 1 to threshold − 1 are suppressed together with every count that would reveal them (complementary suppression over all tables). With regionId, tables by region show that region and the national total. Audited.",
      request: {
        query: z.object({
          from: day.openapi({ description: "First day (ISO date)" }),
          to: day.openapi({ description: "Last day (ISO date), in the same calendar year" }),
          regionId: z.enum(REGION_IDS).optional(),
        }),
      },
      responses: {
        200: json(statistics, "The protected tables"),
        400: problemResponse("Invalid dates, a period across a year's end, or an unknown region"),
        401: problemResponse("Not authenticated"),
        403: problemResponse("Not allowed for this role"),
      },
    }),
    "statistics.read",
    (c: C) => {
      const { from, to, regionId } = c.req.valid("query" as never) as {
        from: string;
        to: string;
        regionId?: string;
      };
      return run(c, () =>
        nationalStatistics(
          { db, principal: principalOf(c) },
          { from, to, regionId: regionId ?? null },
          { threshold: settings.threshold, audit: { action: "export", format: "json" } },
        ),
      );
    },
  );
}
