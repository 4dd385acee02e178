/**
 * IOM's view of ÅMP applications: those the coordinators have submitted (a prepared one is still
 * the coordinator's draft), with the person's pseudonym, the region, the status, the phase and
 * the granted support. Follow-up entries are not part of it: they are the coordinator's own
 * account of contacts, free text that the application does not need. Every list is audited.
 */
import { type Db, schema } from "@stodkedjan/db";
import type { AmpReferral } from "@stodkedjan/domain";
import { and, asc, eq, ne, type SQL } from "drizzle-orm";
import { can, type Principal } from "../access/policy.ts";
import { audit } from "../audit/log.ts";
import { forbidden } from "../cases/errors.ts";

export interface AmpCtx {
  db: Db;
  principal: Principal;
  now?: Date;
}

export interface AmpApplicationView {
  id: string;
  pseudonym: string;
  regionId: string;
  application: AmpReferral;
}

async function applications(ctx: AmpCtx, where?: SQL): Promise<AmpApplicationView[]> {
  if (!can(ctx.principal, "amp.read")) throw forbidden();
  const rows = await ctx.db
    .select({
      id: schema.referrals.id,
      caseId: schema.referrals.caseId,
      status: schema.referrals.status,
      data: schema.referrals.data,
      pseudonym: schema.persons.pseudonym,
      regionId: schema.cases.regionId,
    })
    .from(schema.referrals)
    .innerJoin(schema.cases, eq(schema.cases.id, schema.referrals.caseId))
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .where(and(eq(schema.referrals.type, "amp"), ne(schema.referrals.status, "prepared"), where))
    .orderBy(asc(schema.referrals.createdAt));
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "list",
    objectType: "amp",
    outcome: "ok",
    detail: { count: rows.length, ids: [...new Set(rows.map((r) => r.caseId))].join(",") },
  });
  return rows.map((r) => ({
    id: r.id,
    pseudonym: r.pseudonym,
    regionId: r.regionId,
    application: { ...(r.data as object), type: "amp", status: r.status } as AmpReferral,
  }));
}

/** Every application IOM may see: submitted, decided or withdrawn after submission. */
export function listAmpApplications(ctx: AmpCtx): Promise<AmpApplicationView[]> {
  return applications(ctx);
}

/** The applications waiting for IOM's decision (submitted), oldest first: IOM's start page. */
export function awaitingDecision(ctx: AmpCtx): Promise<AmpApplicationView[]> {
  return applications(ctx, eq(schema.referrals.status, "submitted"));
}
