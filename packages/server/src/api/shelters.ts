/** The shelter registry over the JSON API: read by coordinators' systems, kept by the national team. */
import { createRoute, z } from "@hono/zod-openapi";
import type { Db } from "@stodkedjan/db";
import { SHELTER_ACCEPTS } from "@stodkedjan/domain";
import * as certification from "../shelters/certification.ts";
import {
  assessmentInput,
  criterionInput,
  retirementInput,
  withdrawalInput,
} from "../shelters/certification-schemas.ts";
import { coverage } from "../shelters/coverage.ts";
import { flatRateBasis, flatRatePeriod } from "../shelters/flat-rate.ts";
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
      state: z.enum(["certified", "expiring", "expired", "withdrawn", "uncertified"]).openapi({
        description: "expiring: certified, but for 60 days or fewer from today",
      }),
      until: z.string().nullable(),
      daysLeft: z.number().int().nullable(),
    }),
    certificationWithdrawnOn: z.string().nullable(),
    placements: z.number().int().openapi({ description: "NSP placements there now (placed or extended)" }),
  })
  .openapi("Shelter");

const certificationSchema = z.object({
  state: z.enum(["certified", "expiring", "expired", "withdrawn", "uncertified"]),
  until: z.string().nullable(),
  daysLeft: z.number().int().nullable(),
});
const criterionSchema = z
  .object({ id: z.string(), textSv: z.string(), textEn: z.string(), builtIn: z.boolean() })
  .openapi("CertificationCriterion");
const retiredCriterionSchema = criterionSchema
  .extend({
    retiredOn: z.string().openapi({ description: "The first day the criterion no longer counts" }),
  })
  .openapi("RetiredCertificationCriterion");
const criterionParam = z.object({
  criterionId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "criterionId", in: "path" }, example: "c-rutiner-for-medfoljande-barn" }),
});
const assessmentSchema = z
  .object({
    id: z.string(),
    criterionId: z.string(),
    met: z.boolean(),
    evidence: z.string(),
    assessor: z.string(),
    assessedOn: z.string(),
    validUntil: z.string(),
  })
  .openapi("CertificationAssessment");
const checklistSchema = z
  .object({
    shelterId: z.string(),
    shelterName: z.string(),
    certification: certificationSchema,
    withdrawnOn: z.string().nullable(),
    withdrawnReason: z.string().nullable(),
    criteria: z.array(
      criterionSchema.extend({
        latest: assessmentSchema.nullable(),
        counts: z.boolean().openapi({ description: "false: the latest assessment predates a withdrawal" }),
      }),
    ),
    history: z.array(assessmentSchema),
    retiredCriteria: z.array(retiredCriterionSchema).openapi({
      description: "Retired criteria that the history holds assessments of; they no longer count",
    }),
  })
  .openapi("CertificationChecklist");
const days = { flatRate: z.number().int(), extension: z.number().int(), beyond: z.number().int() };
const flatRateSchema = z
  .object({
    period: z.string(),
    from: z.string(),
    to: z.string(),
    today: z.string(),
    stays: z.array(
      z.object({
        referralId: z.string(),
        caseRef: z.string(),
        caseRegionId: z.string(),
        shelterId: z.string(),
        shelterName: z.string(),
        shelterRegionId: z.string(),
        status: z.string(),
        start: z.string(),
        end: z.string().nullable(),
        extended: z.boolean(),
        daysUsed: z.number().int(),
        flatRateUsed: z
          .number()
          .int()
          .openapi({ description: "Flat-rate days of the whole stay so far, at most 90" }),
        months: z.array(z.object({ month: z.string(), ...days })),
        period: z.object(days),
      }),
    ),
    byShelterMonth: z.array(
      z.object({
        shelterId: z.string(),
        shelterName: z.string(),
        month: z.string(),
        stays: z.number().int(),
        ...days,
      }),
    ),
    total: z.object(days),
  })
  .openapi("FlatRateBasis");
const groups = z.object({
  women: z.number().int(),
  men: z.number().int(),
  children: z.number().int(),
  families: z.number().int(),
});
const coverageSchema = z
  .object({
    regions: z.array(
      z.object({
        regionId: z.string(),
        shelters: z.number().int(),
        certified: z.number().int(),
        capacity: z.number().int(),
        free: z.number().int(),
        freeFor: groups,
        gaps: z.array(z.enum(["no-certified-shelter", "no-place-for-men", "no-free-place"])),
      }),
    ),
    formsUntaken: z.array(z.string()),
    total: z.object({
      shelters: z.number().int(),
      certified: z.number().int(),
      capacity: z.number().int(),
      free: z.number().int(),
      freeFor: groups,
    }),
  })
  .openapi("ShelterCoverage");
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

  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/shelters/{shelterId}/certification",
      operationId: "getShelterCertification",
      tags: ["shelters"],
      summary: "Read a shelter's certification checklist: criteria, latest assessments, history",
      request: { params: idParam },
      responses: { 200: json(checklistSchema, "The checklist"), ...errors },
    }),
    "shelters.read",
    (c) => run(c, () => certification.getChecklist(ctx(c), c.req.valid("param").shelterId)),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/shelters/{shelterId}/certification/assessments",
      operationId: "recordCertificationAssessment",
      tags: ["shelters"],
      summary: "Record an assessment of one criterion at a shelter; the certification follows (audited)",
      request: { params: idParam, body: jsonBody(assessmentInput) },
      responses: { 201: json(checklistSchema, "The checklist as it is now"), ...errors },
    }),
    "shelters.manage",
    (c) =>
      run(
        c,
        () => certification.recordAssessment(ctx(c), c.req.valid("param").shelterId, c.req.valid("json")),
        201,
      ),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/shelters/{shelterId}/certification/withdraw",
      operationId: "withdrawShelterCertification",
      tags: ["shelters"],
      summary: "Withdraw a shelter's certification from today (audited)",
      request: { params: idParam, body: jsonBody(withdrawalInput) },
      responses: {
        200: json(checklistSchema, "The checklist as it is now"),
        ...apiErrors("No such shelter", "The certification is already withdrawn"),
      },
    }),
    "shelters.manage",
    (c) =>
      run(c, () =>
        certification.withdrawCertification(ctx(c), c.req.valid("param").shelterId, c.req.valid("json")),
      ),
  );
  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/certification/criteria",
      operationId: "listCertificationCriteria",
      tags: ["shelters"],
      summary: "List the criteria of NSP's certification in force",
      responses: { 200: json(z.array(criterionSchema), "The criteria, in order"), ...errors },
    }),
    "shelters.read",
    (c) => run(c, () => certification.listCriteria(ctx(c))),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/certification/criteria",
      operationId: "addCertificationCriterion",
      tags: ["shelters"],
      summary: "Add a criterion to the certification checklist (audited)",
      request: { body: jsonBody(criterionInput) },
      responses: { 201: json(criterionSchema, "Added"), ...errors },
    }),
    "shelters.manage",
    (c) => run(c, () => certification.addCriterion(ctx(c), c.req.valid("json")), 201),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/certification/criteria/{criterionId}/retire",
      operationId: "retireCertificationCriterion",
      tags: ["shelters"],
      summary: "Retire a criterion the national team added; shelters' certification follows (audited)",
      description:
        "From `retiredOn` (today in Swedish time when left out) the criterion is no longer assessed and no longer counts; its assessments stay in each shelter's history. NSP's built-in criteria cannot be retired (400 at `criterionId`).",
      request: { params: criterionParam, body: jsonBody(retirementInput) },
      responses: { 200: json(retiredCriterionSchema, "The criterion as retired"), ...errors },
    }),
    "shelters.manage",
    (c) =>
      run(c, () =>
        certification.retireCriterion(ctx(c), c.req.valid("param").criterionId, c.req.valid("json")),
      ),
  );
  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/flat-rate",
      operationId: "getFlatRateBasis",
      tags: ["shelters"],
      summary: "The basis for NSP's flat-rate payment per placement, shelter and month (audited)",
      request: {
        query: z.object({
          period: flatRatePeriod.openapi({
            example: "2026",
            description: "A year (YYYY) or a month (YYYY-MM)",
          }),
        }),
      },
      responses: { 200: json(flatRateSchema, "The basis for the period"), ...errors },
    }),
    "shelters.followup",
    (c) => run(c, () => flatRateBasis(ctx(c), c.req.valid("query").period, { format: "api" })),
  );
  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/coverage",
      operationId: "getShelterCoverage",
      tags: ["shelters"],
      summary: "Certified shelters, free places and known gaps per region",
      responses: { 200: json(coverageSchema, "Coverage by region"), ...errors },
    }),
    "shelters.followup",
    (c) => run(c, () => coverage(ctx(c))),
  );
}
