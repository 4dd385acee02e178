/**
 * The registry of protected shelters certified within NSP. The national team keeps it (adds
 * shelters, edits them, records each certification's end); coordinators read it to choose a
 * shelter for a placement. Every write runs in one transaction with its audit entry. Shelters
 * are organisations, not people: nothing here is encrypted, and reads are not audited.
 */
import { type Db, schema } from "@stodkedjan/db";
import { type Certification, certificationOn, placementRefusal, swedishToday } from "@stodkedjan/domain";
import { and, asc, eq, gte, inArray, type SQL, sql } from "drizzle-orm";
import { can, type Permission, type Principal } from "../access/policy.ts";
import { appendAudit } from "../audit/log.ts";
import { forbidden, invalid, ServiceError } from "../cases/errors.ts";
import { isSlug } from "../ids.ts";
import type { ShelterInput, ShelterUpdate } from "./schemas.ts";

export interface ShelterCtx {
  db: Db;
  principal: Principal;
  now?: Date;
}

/** A placement occupies a place from the move-in until the exit (ADR 0025: also while an extension waits). */
export const OCCUPYING_STATUSES = ["placed", "extension-requested", "extended"] as const;

export interface ShelterView {
  id: string;
  name: string;
  operator: string;
  regionId: string;
  regionName: string;
  capacity: number;
  accepts: string[];
  forms: string[];
  certifiedUntil: string | null;
  certification: Certification;
  /** The day the national team withdrew the certification (null: not withdrawn). */
  certificationWithdrawnOn: string | null;
  /** NSP placements at the shelter now (placed or extended, not yet exited). */
  placements: number;
}

export const shelterNotFound = () => new ServiceError(404, "Det finns inget boende med det id:t.");
const today = (ctx: { now?: Date }) => swedishToday(ctx.now);

function needs(ctx: ShelterCtx, permission: Permission) {
  if (!can(ctx.principal, permission)) throw forbidden();
}

/** Placements occupying a place now, per shelter. */
export async function occupiedPlaces(db: Pick<Db, "select">, shelterIds: string[]) {
  if (shelterIds.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ shelterId: schema.referrals.shelterId, n: sql<number>`count(*)::int` })
    .from(schema.referrals)
    .where(
      and(
        eq(schema.referrals.type, "nsp-placement"),
        inArray(schema.referrals.status, [...OCCUPYING_STATUSES]),
        inArray(schema.referrals.shelterId, shelterIds),
      ),
    )
    .groupBy(schema.referrals.shelterId);
  return new Map(rows.map((r) => [r.shelterId as string, Number(r.n)]));
}

/** Whether a string could be a shelter's id at all (ids are slugs, see slugOf); others are not looked up. */
export const couldNameShelter = isSlug;

async function views(ctx: ShelterCtx, where?: SQL): Promise<ShelterView[]> {
  const rows = await ctx.db
    .select({ shelter: schema.shelters, regionName: schema.regions.nameSv })
    .from(schema.shelters)
    .innerJoin(schema.regions, eq(schema.regions.id, schema.shelters.regionId))
    .where(where)
    .orderBy(asc(schema.regions.nameSv), asc(schema.shelters.name));
  const ids = rows.map((r) => r.shelter.id);
  const placements = await occupiedPlaces(ctx.db, ids);
  const day = today(ctx);
  return rows.map(({ shelter: s, regionName }) => ({
    id: s.id,
    name: s.name,
    operator: s.operator,
    regionId: s.regionId,
    regionName,
    capacity: s.capacity,
    accepts: s.accepts,
    forms: s.forms,
    certifiedUntil: s.certifiedUntil,
    certification: certificationOn(s.certifiedUntil, day, s.certificationWithdrawnOn),
    certificationWithdrawnOn: s.certificationWithdrawnOn,
    placements: placements.get(s.id) ?? 0,
  }));
}

/** The registry, ordered by region and name; optionally one region, or only shelters certified today. */
export async function listShelters(
  ctx: ShelterCtx,
  filter: { regionId?: string | undefined; certified?: boolean | undefined } = {},
): Promise<ShelterView[]> {
  needs(ctx, "shelters.read");
  const conditions: SQL[] = [];
  if (filter.regionId) conditions.push(eq(schema.shelters.regionId, filter.regionId));
  if (filter.certified !== undefined) {
    const holds = gte(schema.shelters.certifiedUntil, today(ctx));
    conditions.push(filter.certified ? holds : sql`not coalesce(${holds}, false)`);
  }
  return views(ctx, conditions.length ? and(...conditions) : undefined);
}

export async function getShelter(ctx: ShelterCtx, id: string): Promise<ShelterView> {
  needs(ctx, "shelters.read");
  if (!couldNameShelter(id)) throw shelterNotFound();
  const [found] = await views(ctx, eq(schema.shelters.id, id));
  if (!found) throw shelterNotFound();
  return found;
}

async function checkRegion(db: Pick<Db, "select">, regionId: string) {
  const [region] = await db.select().from(schema.regions).where(eq(schema.regions.id, regionId));
  if (!region)
    throw invalid("Okänd region.", [
      { path: "regionId", message: "Välj en av de sju regionerna.", code: "region-unknown" },
    ]);
}

/** A readable, stable id from the name: "Skyddat boende Älvstaden" → "skyddat-boende-alvstaden". */
export function slugOf(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "boende";
}

export async function createShelter(ctx: ShelterCtx, input: ShelterInput): Promise<ShelterView> {
  needs(ctx, "shelters.manage");
  await checkRegion(ctx.db, input.regionId);
  const id = await ctx.db.transaction(async (tx) => {
    const base = slugOf(input.name);
    for (let n = 1; n <= 100; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      const [row] = await tx
        .insert(schema.shelters)
        .values({ id: candidate, ...input })
        .onConflictDoNothing()
        .returning({ id: schema.shelters.id });
      if (!row) continue;
      await appendAudit(tx, {
        actor: ctx.principal,
        action: "create",
        objectType: "shelter",
        objectId: row.id,
        outcome: "ok",
        detail: { regionId: input.regionId, capacity: input.capacity, certifiedUntil: input.certifiedUntil },
      });
      return row.id;
    }
    throw invalid("Det finns redan många boenden med det namnet.", [
      { path: "name", message: "Välj ett namn som skiljer boendet från de andra." },
    ]);
  });
  return getShelter(ctx, id);
}

/** Whether a shelter's certification follows its checklist (it has been assessed or withdrawn). */
export async function followsChecklist(db: Pick<Db, "select">, shelterId: string): Promise<boolean> {
  const [one] = await db
    .select({ id: schema.certificationAssessments.id })
    .from(schema.certificationAssessments)
    .where(eq(schema.certificationAssessments.shelterId, shelterId))
    .limit(1);
  return one !== undefined;
}

type AuditValue = string | number | string[] | null;
const same = (a: AuditValue, b: AuditValue) => JSON.stringify(a) === JSON.stringify(b);
const flat = (v: AuditValue) => (Array.isArray(v) ? v.join(",") : v);

/** Changes the fields given; the audit entry records each changed field's old and new value. */
export async function updateShelter(
  ctx: ShelterCtx,
  id: string,
  change: ShelterUpdate,
): Promise<ShelterView> {
  needs(ctx, "shelters.manage");
  if (!couldNameShelter(id)) throw shelterNotFound();
  if (change.regionId !== undefined) await checkRegion(ctx.db, change.regionId);
  await ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(schema.shelters).where(eq(schema.shelters.id, id)).for("update");
    if (!current) throw shelterNotFound();
    // Each changed field's old and new value (lists as comma-separated text), e.g. "certifiedUntil.to".
    const detail: Record<string, string | number | null> = {};
    for (const [field, to] of Object.entries(change) as [keyof ShelterUpdate, AuditValue][]) {
      const from = current[field] as AuditValue;
      if (to === undefined || same(from, to)) continue;
      detail[`${field}.from`] = flat(from);
      detail[`${field}.to`] = flat(to);
    }
    if (Object.keys(detail).length === 0) return;
    // A shelter assessed on the checklist has its certification from the checklist (ADR 0027).
    if ("certifiedUntil.to" in detail && (await followsChecklist(tx, id)))
      throw invalid("The certification follows the checklist.", [
        {
          path: "certifiedUntil",
          message: "record an assessment on the certification checklist instead",
          code: "certification-follows-checklist",
        },
      ]);
    await tx.update(schema.shelters).set(change).where(eq(schema.shelters.id, id));
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "update",
      objectType: "shelter",
      objectId: id,
      outcome: "ok",
      detail,
    });
  });
  return getShelter(ctx, id);
}

/**
 * Refuses a placement at a shelter that is not certified on the day of referral (`today`) and on
 * the day the stay starts (`start`, when known): only a certified shelter receives NSP's flat rate.
 */
export function assertPlacementCertified(
  shelter: { name: string; certifiedUntil: string | null },
  today: string,
  start: string | null,
) {
  const until = shelter.certifiedUntil;
  switch (placementRefusal(until, today, start)) {
    case null:
      return;
    case "uncertified":
      throw invalid(`${shelter.name} är inte certifierat inom NSP och kan inte ta emot en placering.`, [
        {
          path: "shelterId",
          message: "boendet är inte certifierat",
          code: "shelter-uncertified",
          params: { name: shelter.name },
        },
      ]);
    case "expired":
      throw invalid(
        `Certifieringen för ${shelter.name} har gått ut (den gällde till ${until}). Välj ett boende med giltig certifiering.`,
        [
          {
            path: "shelterId",
            message: "certifieringen har gått ut",
            code: "shelter-expired",
            params: { name: shelter.name, until: until ?? "" },
          },
        ],
      );
    case "expires-before-start":
      throw invalid(
        `Certifieringen för ${shelter.name} gäller bara till ${until}, före inflyttningen ${start}. Välj ett boende som är certifierat då.`,
        [
          {
            path: "start",
            message: "boendets certifiering har gått ut före inflyttningen",
            code: "shelter-expires-before-start",
            params: { name: shelter.name, until: until ?? "" },
          },
        ],
      );
  }
}
