/**
 * ÅMP over the JSON API (ADR 0028). IOM's system addresses applications at /api/v1/amp/...; the
 * coordinator's through the case at /api/v1/cases/{id}/amp/{rid}. IOM decides, pays claims and
 * records follow-up contacts; the coordinator sets the details and submits; both record phases,
 * confirm a child's guardian and receiving authority, and write messages. Every call is audited.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Db } from "@stodkedjan/db";
import { AMP_SUPPORT_KINDS } from "@stodkedjan/domain";
import type { Permission } from "../access/policy.ts";
import {
  ampChildConfirmation,
  ampClaimInput,
  ampDecision,
  ampDetails,
  ampFollowUpInput,
  ampMessageInput,
  ampPhaseInput,
  ampSubmit,
} from "../amp/schemas.ts";
import * as amp from "../amp/service.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import type { Router } from "../staff/router.ts";
import { errors as apiErrors, type C, json, jsonBody, principalOf, run } from "./operations.ts";

const rid = z.uuid().openapi({ param: { name: "rid", in: "path" } });
const caseId = z.uuid().openapi({ param: { name: "id", in: "path" } });
const errors = apiErrors(
  "No such ÅMP application, or not yours to see",
  "Not possible in the application's current state (e.g. a move the status does not allow)",
);

const application = z
  .object({
    id: z.uuid(),
    side: z.enum(["coordinator", "iom"]),
    caseId: z.uuid().nullable().openapi({ description: "Only on the coordinator's side." }),
    pseudonym: z.string(),
    regionId: z.string(),
    application: z
      .object({ type: z.literal("amp"), status: z.string() })
      .catchall(z.unknown())
      .openapi({
        description: "Status, dates, return country, items, phase and phase dates, child routine.",
      }),
    balances: z.array(
      z.object({
        kind: z.enum(AMP_SUPPORT_KINDS),
        grantedSek: z.number().int(),
        claimedSek: z.number().int(),
        remainingSek: z.number().int(),
      }),
    ),
    window: z
      .object({
        closesOn: z.iso.date(),
        daysLeft: z.number().int(),
        months: z.number().int(),
        days: z.number().int(),
        open: z.boolean(),
      })
      .nullable()
      .openapi({
        description: "The claim window, approval day through two years later; null until approved.",
      }),
    claims: z.array(z.record(z.string(), z.unknown())),
    messages: z.array(z.record(z.string(), z.unknown())).openapi({ description: "Decrypted, oldest first." }),
    followUps: z
      .array(z.record(z.string(), z.unknown()))
      .openapi({ description: "IOM's contacts after the return." }),
    moves: z
      .array(z.string())
      .openapi({ description: "The statuses this side may move the application to now." }),
    childConfirmedBySide: z.boolean(),
    childFixed: z.boolean().openapi({
      description:
        "The case's person is a child (age group child, or a birth year that makes them under 18 today): the application is flagged for the child routine and setAmpDetails refuses child=false with 400 amp-child-fixed.",
    }),
  })
  .openapi("AmpApplication");
const written = json(z.object({}).catchall(z.unknown()), "Recorded");

type Write = (ctx: amp.AmpCtx, at: amp.AmpAt, input: unknown) => Promise<unknown>;
interface Op {
  path: string;
  operationId: string;
  summary: string;
  body: z.ZodType;
  write: Write;
  status: 200 | 201;
}

const IOM_OPS: Op[] = [
  {
    path: "decision",
    operationId: "decideAmpApplication",
    summary: "IOM's decision: ask the coordinator for more, approve with support items, refuse or close",
    body: ampDecision,
    write: amp.decide,
    status: 200,
  },
  {
    path: "claims",
    operationId: "addAmpClaim",
    summary: "Record support paid against a granted item, within its balance and the two-year window",
    body: ampClaimInput,
    write: amp.addClaim,
    status: 201,
  },
  {
    path: "followups",
    operationId: "addAmpFollowUp",
    summary: "Record IOM's follow-up contact after the return (text stored encrypted)",
    body: ampFollowUpInput,
    write: amp.addIomFollowUp,
    status: 201,
  },
];
const COORDINATOR_OPS: Op[] = [
  {
    path: "details",
    operationId: "setAmpDetails",
    summary: "Set the return country and whether a child returns, until IOM decides",
    body: ampDetails,
    write: amp.setDetails,
    status: 200,
  },
  {
    path: "submit",
    operationId: "submitAmpApplication",
    summary: "Submit the application to IOM, or resubmit it with the answer IOM asked for",
    body: ampSubmit,
    write: amp.submit,
    status: 200,
  },
];
/** What both sides do, IOM's operationId first. */
const SHARED_OPS: [Omit<Op, "operationId">, string, string][] = [
  [
    {
      path: "messages",
      summary: "Write a message to the other side (text stored encrypted)",
      body: ampMessageInput,
      write: amp.addMessageTo,
      status: 201,
    },
    "addAmpMessage",
    "addCaseAmpMessage",
  ],
  [
    {
      path: "phase",
      summary: "Record the phase the return entered and the day (a child's journey needs both confirmations)",
      body: ampPhaseInput,
      write: amp.setPhase,
      status: 200,
    },
    "setAmpPhase",
    "setCaseAmpPhase",
  ],
  [
    {
      path: "child-confirmation",
      summary: "Confirm, for a child's return, the child's guardian and the receiving authority",
      body: ampChildConfirmation,
      write: amp.confirmChild,
      status: 200,
    },
    "confirmAmpChild",
    "confirmCaseAmpChild",
  ],
];

export function mountAmpApi(router: Router, db: Db, keys: KeyRing) {
  const ctx = (c: C) => ({ db, keys, principal: principalOf(c) });
  const iomAt = (c: C): amp.AmpAt => ({ rid: (c.req.valid as (t: "param") => { rid: string })("param").rid });
  const caseAt = (c: C): amp.AmpAt => {
    const p = (c.req.valid as (t: "param") => { id: string; rid: string })("param");
    return { rid: p.rid, caseId: p.id };
  };

  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/amp/applications",
      operationId: "listAmpApplications",
      tags: ["amp"],
      summary: "The ÅMP applications submitted to IOM, without case content (audited)",
      responses: {
        200: json(
          z.array(
            z.object({
              id: z.uuid(),
              pseudonym: z.string(),
              regionId: z.string(),
              application: z.record(z.string(), z.unknown()),
            }),
          ),
          "Applications, oldest first",
        ),
        ...errors,
      },
    }),
    "amp.read",
    (c) => run(c, () => amp.listAmpApplications(ctx(c))),
  );
  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/amp/applications/{rid}",
      operationId: "getAmpApplication",
      tags: ["amp"],
      summary: "One ÅMP application as IOM sees it: balances, claim window, claims, messages (audited)",
      request: { params: z.object({ rid }) },
      responses: { 200: json(application, "The application"), ...errors },
    }),
    "amp.read",
    (c) => run(c, () => amp.getApplication(ctx(c), iomAt(c))),
  );
  router.api(
    createRoute({
      method: "get",
      path: "/api/v1/cases/{id}/amp/{rid}",
      operationId: "getCaseAmpApplication",
      tags: ["amp"],
      summary:
        "One ÅMP application of the case as its coordinator sees it: IOM's decision, balances, window (audited)",
      request: { params: z.object({ id: caseId, rid }) },
      responses: { 200: json(application, "The application"), ...errors },
    }),
    "case.list",
    (c) => run(c, () => amp.getApplication(ctx(c), caseAt(c))),
  );

  const mount = (op: Op, side: "iom" | "coordinator") => {
    const iom = side === "iom";
    router.api(
      createRoute({
        method: "post",
        path: iom ? `/api/v1/amp/applications/{rid}/${op.path}` : `/api/v1/cases/{id}/amp/{rid}/${op.path}`,
        operationId: op.operationId,
        tags: ["amp"],
        summary: op.summary,
        request: {
          params: iom ? z.object({ rid }) : z.object({ id: caseId, rid }),
          body: jsonBody(op.body),
        },
        responses: { [op.status]: written, ...errors },
      }),
      (iom ? "amp.decide" : "case.list") satisfies Permission,
      (c: C) =>
        run(c, () => op.write(ctx(c), iom ? iomAt(c) : caseAt(c), c.req.valid("json" as never)), op.status),
    );
  };
  for (const op of IOM_OPS) mount(op, "iom");
  for (const op of COORDINATOR_OPS) mount(op, "coordinator");
  for (const [op, iomId, caseOpId] of SHARED_OPS) {
    mount({ ...op, operationId: iomId }, "iom");
    mount({ ...op, operationId: caseOpId }, "coordinator");
  }
}
