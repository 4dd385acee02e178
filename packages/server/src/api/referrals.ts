/** A case's referrals over the JSON API, with the ÅMP follow-up entries. */
import { createRoute, z } from "@hono/zod-openapi";
import type { Db } from "@stodkedjan/db";
import { AMP_FOLLOW_UP_KINDS, REFERRAL_TYPES } from "@stodkedjan/domain";
import type { KeyRing } from "../crypto/keyring.ts";
import { followUpInput, referralCreate, referralUpdate } from "../referrals/schemas.ts";
import * as referrals from "../referrals/service.ts";
import type { Router } from "../staff/router.ts";
import { errors as apiErrors, type C, json, jsonBody, principalOf, run } from "./operations.ts";

const caseId = z.uuid().openapi({ param: { name: "id", in: "path" } });
const referralId = z.uuid().openapi({ param: { name: "rid", in: "path" } });

const followUp = z
  .object({
    id: z.uuid(),
    on: z.iso.date(),
    kind: z.enum(AMP_FOLLOW_UP_KINDS),
    body: z.string().openapi({ description: "Decrypted for the case's coordinators; never shown to IOM." }),
    by: z.string().nullable().openapi({ description: "Who wrote it; null when written with an API token." }),
    createdAt: z.iso.datetime(),
  })
  .openapi("AmpFollowUp");
const referralView = z
  .object({
    id: z.uuid(),
    referral: z
      .object({ type: z.enum(REFERRAL_TYPES), status: z.string() })
      .catchall(z.unknown())
      .openapi({ description: "The referral's type, status and type-specific dates and fields." }),
    shelter: z.string().nullable(),
    next: z.array(z.string()).openapi({ description: "The statuses the rules allow next." }),
    deadlines: z.array(z.record(z.string(), z.unknown())),
    followUps: z
      .array(followUp)
      .openapi({ description: "ÅMP follow-up entries, newest first; empty for other referrals." }),
  })
  .openapi("Referral");

const errors = apiErrors(
  "No such case or referral, or not yours to see",
  "Not possible for this referral or in its current state",
);

export function mountReferralApi(router: Router, db: Db, keys: KeyRing) {
  const ctx = (c: C) => ({ db, keys, principal: principalOf(c) });

  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/cases/{id}/referrals",
      operationId: "listReferrals",
      tags: ["referrals"],
      summary: "The case's referrals with their deadlines and ÅMP follow-ups (audited)",
      request: { params: z.object({ id: caseId }) },
      responses: { 200: json(z.array(referralView), "Referrals, oldest first"), ...errors },
    }),
    "case.list",
    (c) => run(c, () => referrals.listReferrals(ctx(c), c.req.valid("param").id)),
  );
  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/cases/{id}/referrals/{rid}",
      operationId: "getReferral",
      tags: ["referrals"],
      summary: "One referral with its deadlines and ÅMP follow-ups (audited)",
      request: { params: z.object({ id: caseId, rid: referralId }) },
      responses: { 200: json(referralView, "The referral"), ...errors },
    }),
    "case.list",
    (c) =>
      run(c, () => {
        const { id, rid } = c.req.valid("param");
        return referrals.getReferral(ctx(c), id, rid);
      }),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/cases/{id}/referrals",
      operationId: "createReferral",
      tags: ["referrals"],
      summary: "Refer an individual case: NSP placement or support, ÅMP, betänketid, witness permit or other",
      description:
        "An NSP placement needs a shelter certified today and on its start date. The referral starts in " +
        "its type's first status (requested, planned, prepared or draft).",
      request: {
        params: z.object({ id: caseId }),
        body: jsonBody(referralCreate),
      },
      responses: { 201: json(z.object({ id: z.uuid() }), "Referred"), ...errors },
    }),
    "case.list",
    (c) => run(c, () => referrals.createReferral(ctx(c), c.req.valid("param").id, c.req.valid("json")), 201),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/cases/{id}/referrals/{rid}",
      operationId: "updateReferral",
      tags: ["referrals"],
      summary: "Change a referral's status and/or its type's dates and fields",
      description:
        "The type's status machine and rules decide what is valid; anything else answers 409 or 400 and " +
        "changes nothing. An ÅMP application is only submitted or withdrawn here: IOM's decision, the " +
        "support items, the approval day and the phases answer 403 (see the amp operations, ADR 0028).",
      request: {
        params: z.object({ id: caseId, rid: referralId }),
        body: jsonBody(referralUpdate),
      },
      responses: {
        200: json(
          z.object({ type: z.enum(REFERRAL_TYPES), status: z.string() }).catchall(z.unknown()),
          "The referral as changed",
        ),
        ...errors,
      },
    }),
    "case.list",
    (c) =>
      run(c, () => {
        const { id, rid } = c.req.valid("param");
        return referrals.updateReferral(ctx(c), id, rid, c.req.valid("json"));
      }),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/cases/{id}/referrals/{rid}/followups",
      operationId: "addReferralFollowUp",
      tags: ["referrals"],
      summary: "Add a follow-up entry to a submitted or approved ÅMP application (text stored encrypted)",
      description:
        "The day may not lie in the future (Swedish time) or before the application was submitted; a " +
        "reintegration check needs the return to be in its reintegration phase. Other referrals, and ÅMP " +
        "applications that are prepared, refused or withdrawn, answer 409.",
      request: {
        params: z.object({ id: caseId, rid: referralId }),
        body: jsonBody(followUpInput),
      },
      responses: { 201: json(z.object({ id: z.uuid() }), "Added"), ...errors },
    }),
    "case.list",
    (c) =>
      run(
        c,
        () => {
          const { id, rid } = c.req.valid("param");
          return referrals.addFollowUp(ctx(c), id, rid, c.req.valid("json"));
        },
        201,
      ),
  );
}
