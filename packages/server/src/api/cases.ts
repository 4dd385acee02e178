/** Cases over the JSON API, for partner systems with tokens and for scripts. */
import { createRoute, z } from "@hono/zod-openapi";
import type { Db } from "@stodkedjan/db";
import { historyOf } from "../audit/log.ts";
import { caseFilter, consultationInput, individualInput, noteInput, stepInput } from "../cases/schemas.ts";
import * as cases from "../cases/service.ts";
import { decryptField } from "../crypto/fields.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import { listCasesWithDeadlines } from "../referrals/service.ts";
import type { Router } from "../staff/router.ts";
import { errors as apiErrors, type C, json, principalOf, run, security } from "./operations.ts";

const idParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });
const created = z.object({ id: z.uuid(), ref: z.string() }).openapi("Created");
const caseSummary = z
  .object({
    id: z.uuid(),
    ref: z.string(),
    kind: z.enum(["consultation", "individual"]),
    title: z.string(),
    status: z.enum(["open", "closed"]),
    step: z.number().int().nullable(),
    openedOn: z.string(),
    regionId: z.string(),
  })
  .openapi("CaseSummary");
const caseDetail = z.record(z.string(), z.unknown()).openapi("CaseDetail", {
  description: "The case with its person, steps, notes and tasks (decrypted for authorised readers).",
});
const errors = apiErrors("No such case, or not yours to see", "Not possible in the case's current state");

export function mountCaseApi(router: Router, db: Db, keys: KeyRing) {
  const ctx = (c: C) => ({ db, keys, principal: principalOf(c) });

  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/cases",
      tags: ["cases"],
      security,
      summary: "List the region's cases",
      request: { query: caseFilter },
      responses: {
        200: json(z.object({ rows: z.array(caseSummary), more: z.boolean() }), "Cases, newest first"),
        ...errors,
      },
    }),
    "case.list",
    (c) =>
      run(c, () =>
        listCasesWithDeadlines(ctx(c), c.req.valid("query"), (token, taskId) =>
          decryptField(keys, token, `tasks.title:${taskId}`),
        ),
      ),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/cases/consultations",
      tags: ["cases"],
      security,
      summary: "Register a consultation",
      request: { body: { content: { "application/json": { schema: consultationInput } }, required: true } },
      responses: { 201: json(created, "Registered"), ...errors },
    }),
    "case.create",
    (c) => run(c, () => cases.createConsultation(ctx(c), c.req.valid("json")), 201),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/cases/individual",
      tags: ["cases"],
      security,
      summary: "Open an individual case",
      request: { body: { content: { "application/json": { schema: individualInput } }, required: true } },
      responses: { 201: json(created.extend({ pseudonym: z.string() }), "Opened"), ...errors },
    }),
    "case.create",
    (c) => run(c, () => cases.createIndividualCase(ctx(c), c.req.valid("json")), 201),
  );
  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/cases/{id}",
      tags: ["cases"],
      security,
      summary: "Read a case (audited)",
      request: { params: idParam },
      responses: { 200: json(caseDetail, "The case"), ...errors },
    }),
    "case.list",
    (c) => run(c, () => cases.getCase(ctx(c), c.req.valid("param").id)),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/cases/{id}/notes",
      tags: ["cases"],
      security,
      summary: "Add a note (stored encrypted)",
      request: {
        params: idParam,
        body: { content: { "application/json": { schema: noteInput } }, required: true },
      },
      responses: { 201: json(z.object({ id: z.uuid() }), "Added"), ...errors },
    }),
    "case.list",
    (c) => run(c, () => cases.addNote(ctx(c), c.req.valid("param").id, c.req.valid("json").body), 201),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/cases/{id}/step",
      tags: ["cases"],
      security,
      summary: "Move an individual case to a step of the support chain",
      request: {
        params: idParam,
        body: { content: { "application/json": { schema: stepInput } }, required: true },
      },
      responses: { 200: json(z.object({ ok: z.literal(true) }), "Changed"), ...errors },
    }),
    "case.list",
    (c) =>
      run(c, async () => {
        await cases.changeStep(ctx(c), c.req.valid("param").id, c.req.valid("json").step);
        return { ok: true as const };
      }),
  );
  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/cases/{id}/access-history",
      tags: ["audit"],
      security,
      summary: "Who read or changed the case, and when",
      request: { params: idParam },
      responses: {
        200: json(z.array(z.record(z.string(), z.unknown())), "Audit entries, newest first"),
        ...errors,
      },
    }),
    "case.history",
    (c) =>
      run(c, async () => {
        const { id } = c.req.valid("param");
        if (c.get("principal")?.role === "coordinator") await cases.authorizeCase(ctx(c), id, "case.read");
        return historyOf(db, "case", id);
      }),
  );
}
