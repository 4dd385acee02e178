/**
 * The research extract (ADR 0030, docs/htcds-mapping.md): the individual cases registered in a
 * span of years, read from coded columns only (nothing decrypted, no reference, pseudonym,
 * municipality or free text), turned into HTCDS 2.0 rows at CTDC's public-data level by the
 * domain's `buildHtcdsExtract` (year-only dates, age bands, no quasi-identifier combination
 * rarer than k). Every download is written to the audit log: who, when, which years, how many rows.
 */
import { type Db, schema } from "@stodkedjan/db";
import {
  AMP_PHASES,
  NSP_SUPPORT_KINDS,
  OTHER_REFERRAL_KINDS,
  REFERRAL_MACHINES,
  REFERRAL_TYPES,
  swedishToday,
} from "@stodkedjan/domain";
import {
  AGE_GROUPS,
  CATEGORIES,
  CLOSE_REASONS,
  FORMS,
  GENDERS,
  REFERRING_ORGS,
  REGION_IDS,
} from "@stodkedjan/domain/case-codes";
import {
  buildHtcdsExtract,
  DEFAULT_K,
  type ExtractCase,
  type ExtractReferral,
  type ExtractRow,
  extractRowProblems,
  HTCDS_VERSION,
  type HtcdsExtract,
} from "@stodkedjan/domain/htcds";
import { stringify } from "csv-stringify/sync";
import { and, asc, desc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { can, type Principal } from "../access/policy.ts";
import { appendAudit } from "../audit/log.ts";
import { forbidden, invalid } from "../cases/errors.ts";

export interface ResearchCtx {
  db: Db;
  principal: Principal;
  now?: Date;
}

export const EXTRACT_FORMATS = ["csv", "json"] as const;
export type ExtractFormat = (typeof EXTRACT_FORMATS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** A stored case as the extract reads it: the codes are checked, so a value off our lists never reaches the mapping. */
const caseRow = z.object({
  id: z.string(),
  openedOn: isoDate,
  status: z.enum(["open", "closed"]),
  closeReason: z.enum(CLOSE_REASONS).nullable(),
  regionId: z.enum(REGION_IDS),
  referringOrg: z.enum(REFERRING_ORGS),
  forms: z.array(z.enum(FORMS)),
  category: z.enum(CATEGORIES).nullable(),
  step: z.number().int().min(1).max(6).nullable(),
  ageGroup: z.enum(AGE_GROUPS),
  birthYear: z.number().int().nullable(),
  gender: z.enum(GENDERS),
  citizenship: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable()
    .catch(null),
});

/** A stored referral → what the extract takes from it (type, status, kind, phase, the day it was made). */
function extractReferral(r: {
  type: string;
  status: string;
  data: unknown;
  createdAt: Date;
}): ExtractReferral | null {
  const type = r.type as (typeof REFERRAL_TYPES)[number];
  if (!REFERRAL_TYPES.includes(type) || !REFERRAL_MACHINES[type].isState(r.status)) return null;
  const data = (r.data ?? {}) as Record<string, unknown>;
  const createdOn = swedishToday(r.createdAt);
  const status = r.status as never;
  switch (type) {
    case "nsp-placement":
    case "reflection":
    case "witness-permit":
      return { type, status, createdOn };
    case "nsp-support": {
      const kind = NSP_SUPPORT_KINDS.find((k) => k === data.kind);
      return kind ? { type, status, kind, inHomeCountry: data.inHomeCountry === true, createdOn } : null;
    }
    case "amp": {
      const phase = typeof data.phase === "string" && AMP_PHASES.isState(data.phase) ? data.phase : null;
      return { type, status, phase, createdOn };
    }
    case "other": {
      const kind = OTHER_REFERRAL_KINDS.find((k) => k === data.kind);
      return kind ? { type, status, kind, createdOn } : null;
    }
  }
}

/** The individual cases registered (opened) from `fromYear` to `toYear`, as the extract reads them. */
export async function extractCases(db: Db, fromYear: number, toYear: number): Promise<ExtractCase[]> {
  const c = schema.cases;
  const p = schema.persons;
  const rows = await db
    .select({
      id: c.id,
      openedOn: c.openedOn,
      status: c.status,
      closeReason: c.closeReason,
      regionId: c.regionId,
      referringOrg: c.referringOrg,
      forms: c.forms,
      category: c.category,
      step: c.step,
      ageGroup: p.ageGroup,
      birthYear: p.birthYear,
      gender: p.gender,
      citizenship: p.citizenship,
    })
    .from(c)
    .innerJoin(p, eq(p.id, c.personId))
    .where(
      and(eq(c.kind, "individual"), gte(c.openedOn, `${fromYear}-01-01`), lte(c.openedOn, `${toYear}-12-31`)),
    )
    .orderBy(asc(c.openedOn));
  const cases = rows.map((r) => caseRow.parse(r));
  const referrals = new Map<string, ExtractReferral[]>();
  const ids = cases.map((x) => x.id);
  for (let i = 0; i < ids.length; i += 1000) {
    const found = await db
      .select({
        caseId: schema.referrals.caseId,
        type: schema.referrals.type,
        status: schema.referrals.status,
        data: schema.referrals.data,
        createdAt: schema.referrals.createdAt,
      })
      .from(schema.referrals)
      .where(inArray(schema.referrals.caseId, ids.slice(i, i + 1000)));
    for (const r of found) {
      const e = extractReferral(r);
      if (e) referrals.set(r.caseId, [...(referrals.get(r.caseId) ?? []), e]);
    }
  }
  return cases.map((x) => ({
    openedOn: x.openedOn,
    status: x.status,
    closeReason: x.closeReason,
    regionId: x.regionId,
    referringOrg: x.referringOrg,
    forms: x.forms,
    category: x.category,
    step: x.step,
    person: { ageGroup: x.ageGroup, birthYear: x.birthYear, gender: x.gender, citizenship: x.citizenship },
    referrals: referrals.get(x.id) ?? [],
  }));
}

/** The years an extract can span: from the first individual case's year to the current one. */
export async function extractYears(ctx: ResearchCtx): Promise<number[]> {
  if (!can(ctx.principal, "research.extract")) throw forbidden();
  const current = Number(swedishToday(ctx.now).slice(0, 4));
  const [row] = await ctx.db
    .select({ first: sql<string | null>`min(${schema.cases.openedOn})::text` })
    .from(schema.cases)
    .where(eq(schema.cases.kind, "individual"));
  const first = row?.first ? Math.min(Number(row.first.slice(0, 4)), current) : current;
  const years: number[] = [];
  for (let y = first; y <= current; y++) years.push(y);
  return years;
}

export interface ExtractRequest {
  fromYear: number;
  toYear: number;
  format: ExtractFormat;
}

export const DEFAULT_EXTRACT_K = DEFAULT_K;

export interface ExtractSettings {
  /** The smallest size of a quasi-identifier combination (CTDC: 11). */
  k?: number | undefined;
}

/**
 * The extract for a span of years, audited as an export in the same transaction that reads
 * it: the audit entry names the researcher, the years, the format and the rows released and left out.
 */
export async function researchExtract(
  ctx: ResearchCtx,
  request: ExtractRequest,
  settings: ExtractSettings = {},
): Promise<HtcdsExtract> {
  if (!can(ctx.principal, "research.extract")) throw forbidden();
  const current = Number(swedishToday(ctx.now).slice(0, 4));
  const { fromYear, toYear } = request;
  if (
    !(Number.isSafeInteger(fromYear) && Number.isSafeInteger(toYear)) ||
    fromYear > toYear ||
    toYear > current
  )
    throw invalid("The years must run forwards and end no later than this year.", [
      { path: "toYear", message: "The years must run forwards and end no later than this year." },
    ]);
  const k = settings.k ?? DEFAULT_K;
  return ctx.db.transaction(async (tx) => {
    const extract = buildHtcdsExtract(await extractCases(tx as unknown as Db, fromYear, toYear), { k });
    // Nothing leaves that the standard's picklists (or our documented extensions) do not allow.
    const problems = extract.rows.flatMap(extractRowProblems);
    if (problems.length) throw new Error(`research extract: ${problems.slice(0, 3).join("; ")}`);
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "export",
      objectType: "research-extract",
      objectId: `${fromYear}-${toYear}`,
      outcome: "ok",
      detail: {
        fromYear,
        toYear,
        format: request.format,
        rows: extract.rows.length,
        dropped: extract.dropped,
        k: extract.k,
        generalisation: extract.generalisation,
      },
    });
    return extract;
  });
}

export interface ExtractDownload {
  at: string;
  fromYear: number;
  toYear: number;
  format: string;
  rows: number;
}

/** The researcher's own downloads, newest first, from the audit log. */
export async function myDownloads(ctx: ResearchCtx, limit = 20): Promise<ExtractDownload[]> {
  if (!can(ctx.principal, "research.extract")) throw forbidden();
  const a = schema.auditLog;
  const rows = await ctx.db
    .select({ at: a.at, detail: a.detail })
    .from(a)
    .where(and(eq(a.actorId, ctx.principal.id), eq(a.objectType, "research-extract"), eq(a.action, "export")))
    .orderBy(desc(a.seq))
    .limit(limit);
  return rows.map((r) => {
    const d = (r.detail ?? {}) as Record<string, unknown>;
    return {
      at: r.at,
      fromYear: Number(d.fromYear),
      toYear: Number(d.toYear),
      format: String(d.format),
      rows: Number(d.rows),
    };
  });
}

/** A value as a CSV cell: several values joined by ";" (the HTCDS Excel toolkit's way), none as empty. */
function csvValue(v: ExtractRow[string]): string {
  if (v === null) return "";
  if (Array.isArray(v)) return v.join(";");
  return String(v);
}

export function extractCsv(extract: HtcdsExtract): string {
  return stringify([
    [...extract.columns],
    ...extract.rows.map((r) => extract.columns.map((c) => csvValue(r[c] ?? null))),
  ]);
}

/** The extract as JSON: what it is and how it was protected, then its rows (several values as arrays). */
export function extractJson(extract: HtcdsExtract) {
  return {
    standard: `HTCDS ${HTCDS_VERSION}`,
    k: extract.k,
    generalisation: extract.generalisation,
    dropped: extract.dropped,
    columns: [...extract.columns],
    rows: extract.rows,
  };
}
