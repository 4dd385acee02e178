/**
 * Persons and the records around a case (ADR 0023): registering a person with the blind index of
 * their name, the possible-duplicates check before a new person is saved, linking a new case to a
 * person already registered, a person's other cases, and groups of cases from one investigation.
 * Everything is scoped like the cases it touches: a person is visible only through a case the
 * principal may read, and every check, read and change is audited.
 */
import { randomUUID } from "node:crypto";
import { type Db, schema } from "@stodkedjan/db";
import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { can, type Principal, scopeOf } from "../access/policy.ts";
import { appendAudit, audit } from "../audit/log.ts";
import { ServiceError } from "../cases/errors.ts";
import type { IndividualInput } from "../cases/schemas.ts";
import { decryptField, encryptField } from "../crypto/fields.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import { isUuid } from "../ids.ts";
import { indexPersonName, nameHashes, nameTokens } from "./blind-index.ts";

export interface Ctx {
  db: Db;
  keys: KeyRing;
  principal: Principal;
  now?: Date;
}

type Tx = Pick<Db, "select" | "insert" | "delete" | "execute" | "update">;
type PersonInput = IndividualInput["person"];

const notFound = () => new ServiceError(404, "No such case, or not yours to see.");
const forbidden = () => new ServiceError(403, "Your role does not allow this.");

const userId = (ctx: Ctx) => (ctx.principal.kind === "user" ? ctx.principal.id : null);

function regionOf(ctx: Ctx): string {
  if (!can(ctx.principal, "case.create") || !ctx.principal.regionId) throw forbidden();
  return ctx.principal.regionId;
}

/** Registers a new person (their name also in the blind index); returns the person's id. */
export async function insertPerson(tx: Tx, keys: KeyRing, pseudonym: string, p: PersonInput) {
  const id = randomUUID();
  const enc = (value: string | undefined, aad: string) =>
    value === undefined ? null : encryptField(keys, value, `${aad}:${id}`);
  await tx.insert(schema.persons).values({
    id,
    pseudonym,
    ageGroup: p.ageGroup,
    birthYear: p.birthYear ?? null,
    gender: p.gender,
    citizenship: p.citizenship ?? null,
    languages: p.languages,
    nameEnc: enc(p.name, "persons.name"),
    contactEnc: enc(p.contact, "persons.contact"),
    identityDocsEnc: enc(p.identityDocuments, "persons.identity_docs"),
  });
  await indexPersonName(tx, keys, id, p.name);
  return id;
}

/** A case summary as the person's other cases and the duplicates check show it. */
export interface CaseSummary {
  id: string;
  ref: string;
  openedOn: string;
  step: number | null;
  status: "open" | "closed";
}

type ShareRow = { regionId: string; mode: string };
const sharesOf = sql<ShareRow[]>`(select coalesce(json_agg(json_build_object('regionId', s.region_id,
  'mode', s.mode)), '[]') from case_shares s where s.case_id = "cases"."id" and s.revoked_at is null)`;

/** The cases of these persons, each with its scope, so that only those the principal may read are kept. */
async function casesOfPersons(db: Pick<Db, "select">, personIds: string[]) {
  if (!personIds.length) return [];
  return db
    .select({
      personId: schema.cases.personId,
      id: schema.cases.id,
      ref: schema.cases.ref,
      openedOn: schema.cases.openedOn,
      step: schema.cases.step,
      status: schema.cases.status,
      regionId: schema.cases.regionId,
      shares: sharesOf,
    })
    .from(schema.cases)
    .where(inArray(schema.cases.personId, personIds))
    .orderBy(asc(schema.cases.openedOn), asc(schema.cases.ref));
}

const readable = (principal: Principal, row: { regionId: string; shares: ShareRow[] }) =>
  can(principal, "case.read", scopeOf(row.regionId, row.shares));

const summary = (r: CaseSummary): CaseSummary => ({
  id: r.id,
  ref: r.ref,
  openedOn: r.openedOn,
  step: r.step,
  status: r.status,
});

export interface DuplicateQuery {
  name?: string;
  birthYear?: number;
  gender: PersonInput["gender"];
  citizenship?: string;
}

export interface PossibleDuplicate {
  personId: string;
  pseudonym: string;
  name: string | null;
  ageGroup: "child" | "adult";
  birthYear: number | null;
  gender: string;
  citizenship: string | null;
  cases: CaseSummary[];
}

/**
 * Which of the index's persons the typed name matches, by their index rows: the same words in any
 * order, a one-word name equal to one of the typed words, or at least two words in common (one if
 * only one word was typed), so "Anna Svensson" finds "Anna Maria Svensson". The hashes are computed
 * under every key of the ring, so persons not yet re-indexed after a rotation are found too.
 */
async function personsMatchingName(db: Db, keys: KeyRing, name: string): Promise<string[]> {
  const words = nameTokens(name);
  if (!words.length) return [];
  /** Each typed hash, under any key, to the typed word it stands for (the whole name: "*"). */
  const wordOf = new Map<string, string>();
  for (const kid of keys.kids) {
    const hashes = nameHashes(keys, name, kid);
    if (!hashes) return [];
    wordOf.set(hashes.full, words.length === 1 ? (words[0] as string) : "*");
    for (const [i, h] of hashes.tokens.entries()) wordOf.set(h, words[i] as string);
  }
  const rows = await db
    .select({
      personId: schema.personNameIndex.personId,
      kind: schema.personNameIndex.kind,
      hash: schema.personNameIndex.hash,
    })
    .from(schema.personNameIndex)
    .where(inArray(schema.personNameIndex.hash, [...wordOf.keys()]));
  const needed = Math.min(2, words.length);
  const found = new Map<string, { whole: boolean; words: Set<string> }>();
  for (const row of rows) {
    const entry = found.get(row.personId) ?? { whole: false, words: new Set<string>() };
    found.set(row.personId, entry);
    // A stored whole name equal to the typed whole name, or (one word) to one typed word.
    if (row.kind === "full") entry.whole = true;
    else entry.words.add(wordOf.get(row.hash) as string);
  }
  return [...found].filter(([, m]) => m.whole || m.words.size >= needed).map(([id]) => id);
}

/**
 * The persons already registered that the person being typed may be: a matching name (through the
 * blind index) and no contradiction in birth year, gender or citizenship (a value unknown on either
 * side does not rule a person out). Only persons with a case the coordinator may read are shown, and
 * only those cases; a person known only elsewhere is never revealed, and the answer is then the same
 * as when nobody matches. The check and what it showed are audited; names are never written there.
 */
export async function findPossibleDuplicates(ctx: Ctx, query: DuplicateQuery): Promise<PossibleDuplicate[]> {
  regionOf(ctx);
  const ids = query.name ? await personsMatchingName(ctx.db, ctx.keys, query.name) : [];
  const coded: SQL[] = [];
  if (query.birthYear !== undefined)
    coded.push(
      sql`(${schema.persons.birthYear} is null or ${schema.persons.birthYear} = ${query.birthYear})`,
    );
  if (query.gender !== "unknown") coded.push(sql`${schema.persons.gender} in ('unknown', ${query.gender})`);
  if (query.citizenship !== undefined)
    coded.push(
      sql`(${schema.persons.citizenship} is null or ${schema.persons.citizenship} = ${query.citizenship})`,
    );
  const persons = ids.length
    ? await ctx.db
        .select()
        .from(schema.persons)
        .where(and(inArray(schema.persons.id, ids), ...coded))
    : [];
  const cases = await casesOfPersons(
    ctx.db,
    persons.map((p) => p.id),
  );
  const shown: PossibleDuplicate[] = [];
  for (const p of persons) {
    const mine = cases.filter((k) => k.personId === p.id && readable(ctx.principal, k)).map(summary);
    if (!mine.length) continue;
    shown.push({
      personId: p.id,
      pseudonym: p.pseudonym,
      name: p.nameEnc === null ? null : decryptField(ctx.keys, p.nameEnc, `persons.name:${p.id}`),
      ageGroup: p.ageGroup,
      birthYear: p.birthYear,
      gender: p.gender,
      citizenship: p.citizenship,
      cases: mine,
    });
  }
  shown.sort((a, b) => a.pseudonym.localeCompare(b.pseudonym));
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "list",
    objectType: "person",
    outcome: "ok",
    detail: {
      check: "possible-duplicates",
      count: shown.length,
      persons: shown.map((p) => p.personId).join(","),
      cases: shown.flatMap((p) => p.cases.map((k) => k.id)).join(","),
    },
  });
  return shown;
}

/**
 * The person a new case is to be linked to: only a person with a case the principal may read.
 * Anything else (no such person, or one known only to other regions) is the same refusal, audited,
 * which the form shows next to the choice.
 */
export async function linkablePerson(ctx: Ctx, personId: string) {
  const [person] = isUuid(personId)
    ? await ctx.db.select().from(schema.persons).where(eq(schema.persons.id, personId))
    : [];
  const cases = person ? await casesOfPersons(ctx.db, [person.id]) : [];
  if (!person || !cases.some((k) => readable(ctx.principal, k))) {
    await audit(ctx.db, {
      actor: ctx.principal,
      action: "access.denied",
      objectType: "person",
      objectId: person ? person.id : null,
      outcome: "denied",
      detail: { permission: "case.read" },
    });
    throw new ServiceError(400, "Choose one of the persons shown, or a new person.", [
      { path: "duplicateChoice", message: "not a person you can link this case to" },
    ]);
  }
  return person;
}

/** The other cases of a case's person that the principal may read (audited as a list). */
export async function otherCasesOf(ctx: Ctx, caseId: string, personId: string): Promise<CaseSummary[]> {
  const rows = (await casesOfPersons(ctx.db, [personId])).filter(
    (k) => k.id !== caseId && readable(ctx.principal, k),
  );
  if (rows.length)
    await audit(ctx.db, {
      actor: ctx.principal,
      action: "list",
      objectType: "case",
      outcome: "ok",
      detail: { count: rows.length, ids: rows.map((r) => r.id).join(","), person: personId },
    });
  return rows.map(summary);
}

// ---------------------------------------------------------------------------------------------
// Groups of cases from one investigation

export interface GroupView {
  id: string;
  name: string;
  /** Whether the principal's region keeps the group (and may add and remove its cases). */
  ours: boolean;
  /** The group's cases the principal may read, this case included. */
  cases: CaseSummary[];
}

/**
 * The groups a case belongs to, each with the cases in it that the principal may read, and the
 * groups kept by the principal's region that the case could join. The caller has read the case.
 */
export async function groupsOfCase(ctx: Ctx, caseId: string) {
  const region = ctx.principal.regionId;
  const memberships = await ctx.db
    .select({
      id: schema.caseGroups.id,
      regionId: schema.caseGroups.regionId,
      nameEnc: schema.caseGroups.nameEnc,
    })
    .from(schema.caseGroupMembers)
    .innerJoin(schema.caseGroups, eq(schema.caseGroups.id, schema.caseGroupMembers.groupId))
    .where(eq(schema.caseGroupMembers.caseId, caseId))
    .orderBy(asc(schema.caseGroups.createdAt));
  const groupIds = memberships.map((g) => g.id);
  const members = groupIds.length
    ? await ctx.db
        .select({
          groupId: schema.caseGroupMembers.groupId,
          id: schema.cases.id,
          ref: schema.cases.ref,
          openedOn: schema.cases.openedOn,
          step: schema.cases.step,
          status: schema.cases.status,
          regionId: schema.cases.regionId,
          shares: sharesOf,
        })
        .from(schema.caseGroupMembers)
        .innerJoin(schema.cases, eq(schema.cases.id, schema.caseGroupMembers.caseId))
        .where(inArray(schema.caseGroupMembers.groupId, groupIds))
        .orderBy(asc(schema.cases.openedOn), asc(schema.cases.ref))
    : [];
  const name = (g: { id: string; nameEnc: string }) =>
    decryptField(ctx.keys, g.nameEnc, `case_groups.name:${g.id}`);
  const groups: GroupView[] = memberships.map((g) => ({
    id: g.id,
    name: name(g),
    ours: g.regionId === region,
    cases: members.filter((m) => m.groupId === g.id && readable(ctx.principal, m)).map(summary),
  }));
  const shownCases = groups.flatMap((g) => g.cases.map((k) => k.id)).filter((id) => id !== caseId);
  if (shownCases.length)
    await audit(ctx.db, {
      actor: ctx.principal,
      action: "list",
      objectType: "case",
      outcome: "ok",
      detail: { count: shownCases.length, ids: [...new Set(shownCases)].join(","), groupsOf: caseId },
    });
  const joinable = region
    ? (
        await ctx.db
          .select({ id: schema.caseGroups.id, nameEnc: schema.caseGroups.nameEnc })
          .from(schema.caseGroups)
          .where(eq(schema.caseGroups.regionId, region))
          .orderBy(asc(schema.caseGroups.createdAt))
      )
        .filter((g) => !groupIds.includes(g.id))
        .map((g) => ({ id: g.id, name: name(g) }))
    : [];
  return { groups, joinable };
}

/** Runs a change to a case's groups in one transaction with its audit entry on the case. */
async function groupChange<T>(ctx: Ctx, caseId: string, change: string, fn: (tx: Tx) => Promise<T>) {
  if (!isUuid(caseId)) throw notFound();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ regionId: schema.cases.regionId, shares: sharesOf })
      .from(schema.cases)
      .where(eq(schema.cases.id, caseId))
      .for("update");
    if (!row || !can(ctx.principal, "case.write", scopeOf(row.regionId, row.shares))) throw notFound();
    const result = await fn(tx as unknown as Tx);
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "update",
      objectType: "case",
      objectId: caseId,
      outcome: "ok",
      detail: { change, group: (result as { groupId: string }).groupId },
    });
    return result;
  });
}

const groupMissing = () =>
  new ServiceError(400, "Choose one of your region's groups.", [
    { path: "groupId", message: "not a group of your region" },
  ]);

/** Puts a case in a new group with this name (or reference), kept by the principal's region. */
export function createGroup(ctx: Ctx, caseId: string, name: string) {
  const region = ctx.principal.regionId;
  if (!region) throw forbidden();
  return groupChange(ctx, caseId, "group-create", async (tx) => {
    const groupId = randomUUID();
    await tx.insert(schema.caseGroups).values({
      id: groupId,
      regionId: region,
      nameEnc: encryptField(ctx.keys, name, `case_groups.name:${groupId}`),
      createdBy: userId(ctx),
    });
    await tx.insert(schema.caseGroupMembers).values({ groupId, caseId, addedBy: userId(ctx) });
    return { groupId };
  });
}

/** Adds a case to one of the principal's region's groups (again: nothing changes). */
export function addToGroup(ctx: Ctx, caseId: string, groupId: string) {
  return groupChange(ctx, caseId, "group-add", async (tx) => {
    const [group] = isUuid(groupId)
      ? await tx.select().from(schema.caseGroups).where(eq(schema.caseGroups.id, groupId))
      : [];
    if (!group || group.regionId !== ctx.principal.regionId) throw groupMissing();
    await tx
      .insert(schema.caseGroupMembers)
      .values({ groupId, caseId, addedBy: userId(ctx) })
      .onConflictDoNothing();
    return { groupId };
  });
}

/** Takes a case out of one of the principal's region's groups. */
export function removeFromGroup(ctx: Ctx, caseId: string, groupId: string) {
  return groupChange(ctx, caseId, "group-remove", async (tx) => {
    const [group] = isUuid(groupId)
      ? await tx.select().from(schema.caseGroups).where(eq(schema.caseGroups.id, groupId))
      : [];
    if (!group || group.regionId !== ctx.principal.regionId) throw groupMissing();
    const removed = await tx
      .delete(schema.caseGroupMembers)
      .where(and(eq(schema.caseGroupMembers.groupId, groupId), eq(schema.caseGroupMembers.caseId, caseId)))
      .returning({ caseId: schema.caseGroupMembers.caseId });
    if (!removed.length) throw groupMissing();
    return { groupId };
  });
}
