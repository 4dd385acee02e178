/** Cases over the JSON API, for partner systems with tokens and for scripts. */
import { createRoute, z } from "@hono/zod-openapi";
import type { Db } from "@stodkedjan/db";
import { listCasesPage } from "../cases/finding.ts";
import {
  caseFilter,
  closeInput,
  consultationInput,
  individualInput,
  noteInput,
  personInput,
  reopenInput,
  shareInput,
  stepInput,
  taskInput,
} from "../cases/schemas.ts";
import * as cases from "../cases/service.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import * as persons from "../persons/service.ts";
import type { Router } from "../staff/router.ts";
import { errors as apiErrors, type C, json, jsonBody, principalOf, run } from "./operations.ts";

const idParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });
const taskParams = idParam.extend({ taskId: z.uuid().openapi({ param: { name: "taskId", in: "path" } }) });
const shareParams = idParam.extend({ shareId: z.uuid().openapi({ param: { name: "shareId", in: "path" } }) });
const transferParams = idParam.extend({
  transferId: z.uuid().openapi({ param: { name: "transferId", in: "path" } }),
});
const pendingTransfer = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    ref: z.string(),
    title: z.string(),
    fromRegionId: z.string(),
    toRegionId: z.string(),
    requestedAt: z.string().openapi({ description: "ISO 8601 instant" }),
  })
  .openapi("PendingTransfer");
/** A new case's body over the API: optionally linked to a person already registered. */
const apiIndividualInput = individualInput
  .extend({
    linkPersonId: z.uuid().optional().openapi({ description: "An existing person the case is about" }),
  })
  .openapi("IndividualCaseApiInput");
/** What the duplicate check compares: the coded fields and the name (matched through the blind index). */
const duplicateQuery = z
  .object(personInput.shape)
  .pick({ birthYear: true, gender: true, citizenship: true, name: true })
  .strict()
  .openapi("DuplicateQuery");
const possibleDuplicate = z
  .object({
    personId: z.uuid(),
    pseudonym: z.string(),
    name: z.string().nullable().openapi({ description: "Decrypted for the coordinator asking" }),
    ageGroup: z.enum(["child", "adult"]),
    birthYear: z.number().int().nullable(),
    gender: z.string(),
    citizenship: z.string().nullable(),
    cases: z.array(
      z.object({
        id: z.uuid(),
        ref: z.string(),
        openedOn: z.string(),
        step: z.number().int().nullable(),
        status: z.enum(["open", "closed"]),
      }),
    ),
  })
  .openapi("PossibleDuplicate");
const okBody = z.object({ ok: z.literal(true) });
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
    /** The nearest open deadline (referral rules and open tasks); null when closed or none. */
    nearestDeadline: z.string().nullable(),
  })
  .openapi("CaseSummary");
const caseDetail = z.record(z.string(), z.unknown()).openapi("CaseDetail", {
  description: "The case with its person, steps, notes and tasks (decrypted for authorised readers).",
});
const errors = apiErrors(
  "No such case, or not yours to see (or to decide on: only the owning region shares, revokes, closes and reopens)",
  "Not possible in the case's current state: a closed case takes no writes until it is reopened",
);

export function mountCaseApi(router: Router, db: Db, keys: KeyRing) {
  const ctx = (c: C) => ({ db, keys, principal: principalOf(c) });

  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/cases",
      operationId: "listCases",
      tags: ["cases"],
      summary: "List the region's cases",
      request: { query: caseFilter },
      responses: {
        200: json(
          z.object({ rows: z.array(caseSummary), more: z.boolean() }),
          "Cases, newest first unless sorted by deadline or step",
        ),
        ...errors,
      },
    }),
    "case.list",
    (c) => run(c, () => listCasesPage(ctx(c), c.req.valid("query"))),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/cases/consultations",
      operationId: "createConsultation",
      tags: ["cases"],
      summary: "Register a consultation",
      request: { body: jsonBody(consultationInput) },
      responses: { 201: json(created, "Registered"), ...errors },
    }),
    "case.create",
    (c) => run(c, () => cases.createConsultation(ctx(c), c.req.valid("json")), 201),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/cases/individual",
      operationId: "createIndividualCase",
      tags: ["cases"],
      summary: "Open an individual case",
      description:
        "With `linkPersonId` (a person found by `findPossibleDuplicates`), the case is that person's: the person fields are then not stored again.",
      request: { body: jsonBody(apiIndividualInput) },
      responses: {
        201: json(
          created.extend({
            pseudonym: z.string(),
            personId: z.string().openapi({ description: "The person; several cases can share one" }),
          }),
          "Opened",
        ),
        ...errors,
      },
    }),
    "case.create",
    (c) =>
      run(
        c,
        () => {
          const { linkPersonId, ...input } = c.req.valid("json");
          return cases.createIndividualCase(ctx(c), input, linkPersonId);
        },
        201,
      ),
  );
  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/cases/{id}",
      operationId: "getCase",
      tags: ["cases"],
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
      operationId: "addCaseNote",
      tags: ["cases"],
      summary: "Add a note (stored encrypted)",
      request: {
        params: idParam,
        body: jsonBody(noteInput),
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
      operationId: "setCaseStep",
      tags: ["cases"],
      summary: "Move an individual case to a step of the support chain",
      request: {
        params: idParam,
        body: jsonBody(stepInput),
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
      method: "post",
      path: "/api/v1/cases/{id}/tasks",
      operationId: "addCaseTask",
      tags: ["cases"],
      summary: "Add a task with a due date (title stored encrypted)",
      description:
        "The task is owned by `ownerId` if given (a coordinator of the case's region, or of a region it is shared with), otherwise by whoever adds it.",
      request: {
        params: idParam,
        body: jsonBody(taskInput),
      },
      responses: { 201: json(z.object({ id: z.uuid() }), "Added"), ...errors },
    }),
    "case.list",
    (c) =>
      run(
        c,
        () => {
          const t = c.req.valid("json");
          return cases.addTask(ctx(c), c.req.valid("param").id, t.title, t.dueOn, t.ownerId);
        },
        201,
      ),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/cases/{id}/tasks/{taskId}/done",
      operationId: "completeCaseTask",
      tags: ["cases"],
      summary: "Mark a task of the case done",
      description: "Takes no body. A task that is not the case's is a 404.",
      request: { params: taskParams },
      responses: { 200: json(okBody, "Marked done"), ...errors },
    }),
    "case.list",
    (c) =>
      run(c, async () => {
        const { id, taskId } = c.req.valid("param");
        await cases.completeTask(ctx(c), id, taskId);
        return { ok: true as const };
      }),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/cases/{id}/close",
      operationId: "closeCase",
      tags: ["cases"],
      summary: "Close the case",
      description:
        "With a reason, and the day it was closed (today if not given). A closed case is a 409. Closing ends the case's NSP placements and withdraws a transfer that waits; reflection periods and ÅMP applications keep running with their deadlines. When the case has any of these, closing is a 409 naming a key until `confirmed` carries that key.",
      request: {
        params: idParam,
        body: jsonBody(closeInput),
      },
      responses: { 200: json(okBody, "Closed"), ...errors },
    }),
    "case.list",
    (c) =>
      run(c, async () => {
        const { reason, closedOn, confirmed } = c.req.valid("json");
        await cases.closeCase(ctx(c), c.req.valid("param").id, { reason, closedOn, confirmed });
        return { ok: true as const };
      }),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/cases/{id}/reopen",
      operationId: "reopenCase",
      tags: ["cases"],
      summary: "Reopen a closed case",
      description:
        "By the owning region, with a reason (stored encrypted). An open case is a 409; a region handling the case jointly gets a 404.",
      request: {
        params: idParam,
        body: jsonBody(reopenInput),
      },
      responses: {
        201: json(z.object({ id: z.uuid() }), "Reopened; the id of the reopening record"),
        ...errors,
      },
    }),
    "case.list",
    (c) => run(c, () => cases.reopenCase(ctx(c), c.req.valid("param").id, c.req.valid("json").reason), 201),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/cases/{id}/shares",
      operationId: "shareCase",
      tags: ["cases"],
      summary: "Share the case with another region (joint work or transfer)",
      description:
        "A joint share takes effect at once. A transfer waits for the receiving region to accept it on its staff pages; until then the case stays with its region, and `id` is the transfer's. A region the case is already shared with, a second transfer, or a transfer while one waits is a 409; the case's own region or an unknown one is a 400.",
      request: {
        params: idParam,
        body: jsonBody(shareInput),
      },
      responses: { 201: json(z.object({ id: z.uuid() }), "Shared"), ...errors },
    }),
    "case.list",
    (c) =>
      run(
        c,
        async () => {
          const { regionId, mode } = c.req.valid("json");
          const { id } = await cases.shareCase(ctx(c), c.req.valid("param").id, regionId, mode);
          return { id };
        },
        201,
      ),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/cases/{id}/shares/{shareId}/revoke",
      operationId: "revokeCaseShare",
      tags: ["cases"],
      summary: "Revoke a share of the case",
      description: "Takes no body. A share that is not the case's, or is already revoked, is a 404.",
      request: { params: shareParams },
      responses: { 200: json(okBody, "Revoked"), ...errors },
    }),
    "case.list",
    (c) =>
      run(c, async () => {
        const { id, shareId } = c.req.valid("param");
        await cases.revokeShare(ctx(c), id, shareId);
        return { ok: true as const };
      }),
  );
  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/transfers",
      operationId: "listPendingTransfers",
      tags: ["cases"],
      summary: "Transfers waiting for an answer, to and from the caller's region",
      description:
        "`incoming` are offered to the caller's region, which accepts or declines each; `outgoing` are the region's own, waiting on the receiving region. Audited as a listing.",
      responses: {
        200: json(
          z.object({ incoming: z.array(pendingTransfer), outgoing: z.array(pendingTransfer) }),
          "Pending transfers, newest first",
        ),
        ...errors,
      },
    }),
    "case.list",
    (c) =>
      run(c, async () => {
        const { incoming, outgoing } = await cases.pendingTransfers(ctx(c));
        const out = (rows: typeof incoming) =>
          rows.map((r) => ({ ...r, requestedAt: r.requestedAt.toISOString() }));
        return { incoming: out(incoming), outgoing: out(outgoing) };
      }),
  );
  for (const answer of ["accept", "decline"] as const)
    router.api(
      createRoute({
        method: "post",
        path: `/api/v1/cases/{id}/transfers/{transferId}/${answer}`,
        operationId: answer === "accept" ? "acceptCaseTransfer" : "declineCaseTransfer",
        tags: ["cases"],
        summary:
          answer === "accept"
            ? "Accept a transfer offered to the caller's region: the region owns the case from now on"
            : "Decline a transfer offered to the caller's region: the case stays with the sender",
        description:
          "Takes no body. Only a coordinator of the receiving region answers, while the transfer waits; anyone else, and a transfer that no longer waits (accepted, declined or withdrawn), gets a 404, as for a case they cannot see. Of two answers at once exactly one wins; the other is a 409 (or the 404, when it comes after).",
        request: { params: transferParams },
        responses: {
          200: json(
            z.object({ shareId: z.uuid().nullable() }),
            answer === "accept" ? "Accepted; the transfer share's id" : "Declined (shareId is null)",
          ),
          ...errors,
        },
      }),
      "case.list",
      (c) =>
        run(c, () => {
          const { id, transferId } = c.req.valid("param");
          return cases.answerTransfer(ctx(c), id, transferId, answer);
        }),
    );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/cases/{id}/transfers/{transferId}/withdraw",
      operationId: "withdrawCaseTransfer",
      tags: ["cases"],
      summary: "Withdraw the case's transfer while it waits for an answer",
      description: "Takes no body. The owning region's; a transfer that no longer waits is a 404.",
      request: { params: transferParams },
      responses: { 200: json(okBody, "Withdrawn"), ...errors },
    }),
    "case.list",
    (c) =>
      run(c, async () => {
        const { id, transferId } = c.req.valid("param");
        await cases.withdrawTransfer(ctx(c), id, transferId);
        return { ok: true as const };
      }),
  );
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/persons/duplicates",
      operationId: "findPossibleDuplicates",
      tags: ["cases"],
      summary: "Before a new person is saved: persons in cases the caller may read who may be the same",
      description:
        "Same birth year, gender and citizenship where both are known, and a matching name, found through a keyed blind index of the normalised name (no row is decrypted to compare). Nothing is saved; the check is audited. Pass a result's `personId` as `linkPersonId` when opening the case to link it to that person.",
      request: { body: jsonBody(duplicateQuery) },
      responses: {
        200: json(z.array(possibleDuplicate), "Possible duplicates (empty when none)"),
        ...errors,
      },
    }),
    "case.create",
    (c) => run(c, () => persons.findPossibleDuplicates(ctx(c), c.req.valid("json"))),
  );
  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/cases/{id}/access-history",
      operationId: "getCaseAccessHistory",
      tags: ["audit"],
      summary: "Who read or changed the case, and when (this read is audited too)",
      request: { params: idParam },
      responses: {
        200: json(z.array(z.record(z.string(), z.unknown())), "Audit entries, newest first"),
        ...errors,
      },
    }),
    "case.history",
    (c) => run(c, () => cases.caseHistory(ctx(c), c.req.valid("param").id)),
  );
}
