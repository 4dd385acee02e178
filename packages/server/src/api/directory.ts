/** The public directory over the API: municipality → region → coordinators. */
import { createRoute, z } from "@hono/zod-openapi";
import { coordinatorsOf, type Db, listMunicipalities } from "@stodkedjan/db";
import { findMunicipalities, MATCH_KINDS } from "@stodkedjan/domain";
import { problemResponse } from "../problem.ts";
import type { Router } from "../staff/router.ts";

const coordinatorSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    hostMunicipality: z.string(),
    focus: z.enum(["all", "children", "adults"]),
    phone: z.string(),
    email: z.string(),
    placeholder: z
      .boolean()
      .openapi({ description: "true while the contact details are example placeholders" }),
  })
  .openapi("Coordinator");

const lookupSchema = z
  .object({
    code: z.string().openapi({ example: "1880" }),
    name: z.string().openapi({ example: "Örebro" }),
    county: z.string().openapi({ example: "Örebro län" }),
    region: z.object({ id: z.string(), nameSv: z.string(), nameEn: z.string() }),
    match: z.enum(MATCH_KINDS).openapi({
      description:
        "How the query matched: the SCB code, the exact name, the name without å/ä/ö, the start of the name, or the start of a later word. Several `exact`/`folded` matches (Habo, Håbo) mean the query is ambiguous: ask which one is meant.",
    }),
    coordinators: z.array(coordinatorSchema),
  })
  .openapi("MunicipalityLookup");

const lookupRoute = createRoute({
  method: "get",
  path: "/api/v1/directory/lookup",
  operationId: "lookupMunicipality",
  summary: "Find the region and regional coordinators for a municipality",
  description:
    "Matches municipality names with or without å/ä/ö, by prefix, or by SCB code, ranked as the public guide and directory rank them: the SCB code, then the exact name as typed, then the name with å/ä/ö folded, then names starting with the query, then names with a later word starting with it.",
  tags: ["directory"],
  request: {
    query: z.object({
      q: z.string().trim().min(1).max(60).openapi({ example: "orebro" }),
      limit: z.coerce.number().int().min(1).max(20).default(5),
    }),
  },
  responses: {
    200: {
      description: "Best matches first",
      content: { "application/json": { schema: z.array(lookupSchema) } },
    },
    400: problemResponse("Invalid query"),
  },
});

export function mountDirectory(router: Router, db: Db) {
  router.api(lookupRoute, "public", async (c) => {
    const { q, limit } = c.req.valid("query");
    const all = await listMunicipalities(db);
    const byCode = new Map(all.map((m) => [m.code, m]));
    const matches = findMunicipalities(
      all.map((m) => ({ code: m.code, name: m.name, county: m.county, region: m.region.id })),
      q,
      limit,
    );
    const result = await Promise.all(
      matches.map(async ({ municipality, kind }) => {
        const entry = byCode.get(municipality.code);
        if (!entry) throw new Error(`municipality ${municipality.code} vanished`);
        return { ...entry, match: kind, coordinators: await coordinatorsOf(db, entry.region.id) };
      }),
    );
    return c.json(
      result.map((r) => ({
        ...r,
        coordinators: r.coordinators.map(({ regionId: _, ...k }) => k),
      })),
      200,
    );
  });
}
