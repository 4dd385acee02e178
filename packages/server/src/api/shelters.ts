/** The shelter registry over the JSON API: read by coordinators' systems, kept by the national team. */
import { createRoute, z } from "@hono/zod-openapi";
import type { Db } from "@stodkedjan/db";
import { SHELTER_ACCEPTS } from "@stodkedjan/domain";
import { shelterInput, shelterUpdate } from "../shelters/schemas.ts";
import * as shelters from "../shelters/service.ts";
import type { Router } from "../staff/router.ts";
import { errors as apiErrors, type C, json, jsonBody, principalOf, run } from "./operations.ts";

const idParam = z.object({
  shelterId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "shelterId", in: "path" }, example: "skyddat-boende-norrsken" }),
});
const shelterSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    operator: z.string(),
    regionId: z.string(),
    regionName: z.string(),
    capacity: z.number().int(),
    accepts: z.array(z.enum(SHELTER_ACCEPTS)),
    forms: z.array(z.string()),
    certifiedUntil: z.string().nullable().openapi({ description: "The last day the certification holds" }),
    certification: z.object({
      state: z.enum(["certified", "expiring", "expired", "uncertified"]).openapi({
        description: "expiring: certified, but for 60 days or fewer from today",
      }),
      until: z.string().nullable(),
      daysLeft: z.number().int().nullable(),
    }),
    placements: z.number().int().openapi({ description: "NSP placements there now (placed or extended)" }),
  })
  .openapi("Shelter");
const errors = apiErrors("No such shelter");

export function mountShelterApi(router: Router, db: Db) {
  const ctx = (c: C) => ({ db, principal: principalOf(c) });

  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/shelters",
      operationId: "listShelters",
      tags: ["shelters"],
      summary: "List the registry of NSP shelters, by region",
      request: {
        query: z.object({
          regionId: z
            .string()
            .regex(/^[a-z]{1,40}$/)
            .optional(),
          certified: z
            .enum(["true", "false"])
            .optional()
            .openapi({ description: "true: only shelters certified today; false: only the others" }),
        }),
      },
      responses: { 200: json(z.array(shelterSchema), "Shelters by region, then name"), ...errors },
    }),
    "shelters.read",
    (c) => {
      const { regionId, certified } = c.req.valid("query");
      return run(c, () =>
        shelters.listShelters(ctx(c), {
          regionId,
          certified: certified === undefined ? undefined : certified === "true",
        }),
      );
    },
  );
  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/shelters/{shelterId}",
      operationId: "getShelter",
      tags: ["shelters"],
      summary: "Read one shelter",
      request: { params: idParam },
      responses: { 200: json(shelterSchema, "The shelter"), ...errors },
    }),
    "shelters.read",
    (c) => run(c, () => shelters.getShelter(ctx(c), c.req.valid("param").shelterId)),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/shelters",
      operationId: "createShelter",
      tags: ["shelters"],
      summary: "Add a shelter to the registry (audited)",
      description: "The id is made from the name and returned; it never changes.",
      request: { body: jsonBody(shelterInput) },
      responses: { 201: json(shelterSchema, "Added"), ...errors },
    }),
    "shelters.manage",
    (c) => run(c, () => shelters.createShelter(ctx(c), c.req.valid("json")), 201),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/shelters/{shelterId}",
      operationId: "updateShelter",
      tags: ["shelters"],
      summary: "Change a shelter, e.g. record a renewed certification (audited)",
      description: "Send only the fields to change.",
      request: {
        params: idParam,
        body: jsonBody(shelterUpdate),
      },
      responses: { 200: json(shelterSchema, "The shelter as changed"), ...errors },
    }),
    "shelters.manage",
    (c) => run(c, () => shelters.updateShelter(ctx(c), c.req.valid("param").shelterId, c.req.valid("json"))),
  );
}
