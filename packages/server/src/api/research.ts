/** The research extract over the JSON API, for researchers' tools (ADR 0030); every call audited. */
import { createRoute, z } from "@hono/zod-openapi";
import type { Db } from "@stodkedjan/db";
import * as research from "../research/service.ts";
import type { Router } from "../staff/router.ts";
import { errors, json, principalOf, run } from "./operations.ts";

const year = z.coerce.number().int().min(2000).max(2199);
const value = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);

const extractSchema = z
  .object({
    standard: z.string().openapi({ example: "HTCDS 2.0" }),
    k: z.number().int().openapi({ description: "No quasi-identifier combination is shared by fewer rows" }),
    generalisation: z.number().int().openapi({
      description:
        "The level applied: 0 none; 1 rare citizenships blanked; 2 age bands blanked; 3 regions blanked; 4 all citizenships blanked",
    }),
    dropped: z
      .number()
      .int()
      .openapi({ description: "Rows left out because their combination stayed rarer than k" }),
    columns: z.array(z.string()),
    rows: z.array(z.record(z.string(), value)).openapi({
      description:
        "One row per individual case: HTCDS 2.0 fields and picklist values, then the ext_ extensions",
    }),
  })
  .openapi("ResearchExtract");

export function mountResearchApi(router: Router, db: Db, settings: research.ExtractSettings) {
  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/research/extract",
      operationId: "getResearchExtract",
      tags: ["research"],
      summary: "The pseudonymised HTCDS 2.0 extract of the cases registered in a span of years (audited)",
      description:
        "CTDC's public-data practice: years only, age bands, no combination of quasi-identifiers rarer than k. Every call is written to the audit log with the years and the number of rows.",
      request: {
        query: z.object({
          fromYear: year.openapi({ description: "The first year of registration", example: 2025 }),
          toYear: year.openapi({ description: "The last year of registration", example: 2025 }),
        }),
      },
      responses: { 200: json(extractSchema, "The extract"), ...errors("No such period") },
    }),
    "research.extract",
    (c) =>
      run(c, async () => {
        const { fromYear, toYear } = c.req.valid("query");
        const extract = await research.researchExtract(
          { db, principal: principalOf(c) },
          { fromYear, toYear, format: "json" },
          settings,
        );
        return research.extractJson(extract);
      }),
  );
}
