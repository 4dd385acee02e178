/**
 * Property-based fuzzing of the API's write operations. Every generated request goes through the
 * whole app (identify, guard, case scope, validation, service, database) with a signed-in
 * coordinator (or, for the shelter registry, a member of the national team), and every answer must be:
 * - never a 5xx;
 * - a 4xx as application/problem+json whose `status` equals the HTTP status;
 * - a 2xx as documented: the created id (201), `{ ok: true }` for a step change or a close, the
 *   referral as changed, or the shelter as added or changed;
 * - without partial writes: after each request the rows of cases, persons, case_steps, case_notes,
 *   tasks, case_shares, referrals, referral_events, referral_followups, shelters and audit_log have
 *   grown by exactly what the answer accounts for (a create, a note, a step, a task, a share, a
 *   referral with its first event, a status change's event, an ÅMP follow-up, a shelter, an audited
 *   denial, or nothing at all), the rows of referrals and shelters were updated only by an accepted
 *   change, a refused change left the referral or shelter as it was, a case was closed only by an
 *   accepted close (and as asked), and at the end the totals equal the accepted requests and no
 *   person, step, note, task, share, referral, event or follow-up lacks what it belongs to (or vice versa).
 * Where the generator knows the answer (an untouched valid body, a missing required key, an
 * unknown key, a wrong JSON type, a case out of scope, a placement at a shelter whose certification
 * does not hold, another role) it is asserted too.
 *
 * The referral changes are aimed at referrals of the open case in several states; each is put back
 * into its state (with a plain SQL update, outside the counted rows) after every accepted change, so
 * that every request meets the same referral and a failure replays on its own. Likewise a closed
 * case is opened again (a plain SQL update) and a new share deleted (counted) after each accepted
 * close or share, so that every close and share meets an open, unshared case.
 *
 * FUZZ_SEED=<n> replays a run; FUZZ_RUNS=<n> overrides the number of JSON bodies per operation;
 * FUZZ_REPORT=1 prints the answers' statuses per operation.
 */
import { isDeepStrictEqual } from "node:util";
import {
  AMP_FOLLOW_UP_KINDS,
  AMP_PHASES,
  AMP_SUPPORT_KINDS,
  NSP_SUPPORT_KINDS,
  OTHER_REFERRAL_KINDS,
  REFERRAL_MACHINES,
  REFERRAL_TYPES,
  REFLECTION_APPLICANTS,
  SHELTER_ACCEPTS,
} from "@stodkedjan/domain";
import { type SQL, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditLog } from "../audit/log.ts";
import {
  CATEGORIES,
  CLOSE_REASONS,
  consultationInput,
  FORMS,
  GENDERS,
  individualInput,
  REFERRED_TO,
  REFERRING_ORGS,
  TOPICS,
} from "../cases/schemas.ts";
import * as cases from "../cases/service.ts";
import { REFERRAL_DATE_FIELDS, type ReferralUpdate } from "../referrals/schemas.ts";
import * as referrals from "../referrals/service.ts";
import * as shelters from "../shelters/service.ts";
import { type TestApp, testApp } from "../testing.ts";

const YEAR = new Date().getUTCFullYear();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A shelter's id: made from its name, never changed. */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Expect = "accept" | "reject" | "any";
/** A generated request body: JSON to serialise, what the generator knows of the answer, and how it was made. */
interface Case {
  body: Json;
  expect: Expect;
  how: string;
}

/** Number literals JSON can hold but JavaScript cannot write: substituted after JSON.stringify. */
const RAW_NUMBERS = [
  "1e400",
  "-1e400",
  "1.0",
  "6.000",
  "1e0",
  "10E-1",
  "2E0",
  "123456789012345678901234567890",
];
const rawMarker = (literal: string) => `\u0001raw:${literal}\u0001`;
function serialise(body: Json): string {
  let text = JSON.stringify(body);
  for (const literal of RAW_NUMBERS) text = text.replaceAll(JSON.stringify(rawMarker(literal)), literal);
  return text;
}

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const isoDate = fc
  .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const freeText = (max: number) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
    {
      weight: 2,
      arbitrary: fc
        .string({ unit: "grapheme", maxLength: Math.min(max, 200) })
        .filter((s) => s.length <= max),
    },
    { weight: 1, arbitrary: fc.constant("å".repeat(max)) },
  );
const nonBlank = (max: number) => freeText(max).filter((s) => s.trim().length > 0);

const BOUNDARY_NUMBERS = [
  0,
  -0,
  1,
  -1,
  6,
  7,
  0.5,
  1.5,
  5.999999999999999,
  2 ** 15 - 1,
  2 ** 15,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 - 1,
  2 ** 53,
  -(2 ** 53),
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  1e21,
  YEAR,
  YEAR + 1,
  YEAR - 17,
  YEAR - 18,
  YEAR - 19,
  YEAR - 110,
  YEAR - 111,
  1880,
  9999,
];
const BAD_DATES = [
  "",
  "2025-02-30",
  "2025-13-01",
  "2025-00-10",
  "2025-04-31",
  "2023-02-29",
  "1900-02-29",
  "2000-02-29",
  "2024-02-29",
  "0000-01-01",
  "0000-02-29",
  "0001-01-01",
  "1582-10-10",
  "9999-12-31",
  "10000-01-01",
  "+2025-01-01",
  "-2025-01-01",
  "2025-1-1",
  "20250101",
  "2025/01/01",
  "2025-01-01T00:00:00Z",
  " 2025-01-01",
  "2025-01-01\n",
  "2025\u201001\u201001",
  "\u0662\u0660\u0662\u0665-\u0660\u0661-\u0660\u0661",
  "infinity",
  "epoch",
  "today",
];
/** Any UTF-16 code units, lone surrogates included (cheaper to build than fc.string's "binary" unit). */
const utf16 = (maxLength: number) =>
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength }).map((units) => String.fromCharCode(...units));
const NASTY_STRINGS = [
  "",
  " ",
  "\t\n\r ",
  "\u0000",
  "a\u0000b",
  "\u0000\u0001\u0002\u001f\u007f",
  "\ud800",
  "\udfff\ud800",
  "\ufeff",
  "\u200b\u200d\u2028\u2029",
  "𝟏𝟖𝟖𝟎",
  "\u0661\u0668\u0668\u0660",
  "1880\n",
  " 1880",
  "ÄR-2026-000001",
  "'; drop table cases; --",
  "$1",
  "%s%n",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "null",
  "undefined",
  "true",
  "1",
  "NaN",
  "[]",
  "{}",
  "__proto__",
  "SE",
  "se",
  "sv",
  "SV",
  "swe",
  "child",
  "adult",
  "CHILD",
  "woman ",
  "Sexual",
  "sexual\u0000",
  "zz",
];
const REFERRAL_STATUSES = [...new Set(Object.values(REFERRAL_MACHINES).flatMap((m) => m.states))];
const junkString = fc.oneof(
  { weight: 3, arbitrary: pick(NASTY_STRINGS) },
  { weight: 2, arbitrary: pick(BAD_DATES) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: utf16(30) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, "0")) },
  {
    weight: 2,
    arbitrary: pick([
      ...REFERRING_ORGS,
      ...FORMS,
      ...CATEGORIES,
      ...TOPICS,
      ...REFERRED_TO,
      ...GENDERS,
      ...REFERRAL_TYPES,
      ...REFERRAL_STATUSES,
      ...NSP_SUPPORT_KINDS,
      ...OTHER_REFERRAL_KINDS,
      ...REFLECTION_APPLICANTS,
      ...AMP_SUPPORT_KINDS,
      ...AMP_PHASES.states,
      ...SHELTER_ACCEPTS,
    ]).chain((v) =>
      fc.constantFrom(v, v.toUpperCase(), ` ${v}`, `${v} `, `${v}x`, v.slice(1), v.replace("-", "_")),
    ),
  },
  // Huge: far past every max length, up to 1 MB.
  { weight: 1, arbitrary: fc.integer({ min: 4_001, max: 1_000_000 }).map((n) => "ö".repeat(n)) },
);
const junkNumber = fc.oneof(
  { weight: 3, arbitrary: pick(BOUNDARY_NUMBERS) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);
const deepArray = fc.integer({ min: 50, max: 1_000 }).map((depth) => {
  let v: Json = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
});
const deepObject = fc.integer({ min: 50, max: 1_000 }).map((depth) => {
  let v: Json = {};
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
});
const junk: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 5, arbitrary: junkNumber },
  { weight: 2, arbitrary: pick(RAW_NUMBERS.map(rawMarker)) },
  { weight: 8, arbitrary: junkString },
  { weight: 1, arbitrary: fc.constant(null).map((): Json => []) },
  { weight: 1, arbitrary: fc.constant(null).map((): Json => ({})) },
  { weight: 2, arbitrary: fc.array(pick([...FORMS, ...NASTY_STRINGS.slice(0, 8)]), { maxLength: 20 }) },
  { weight: 1, arbitrary: fc.array(pick(["sv", "en", "ro", "ar", "ti", "SV", "x", ""]), { maxLength: 15 }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  { weight: 1, arbitrary: deepArray },
  { weight: 1, arbitrary: deepObject },
);
/** Well-formed dates in the first and last years that four digits can write. */
const edgeDate = fc
  .tuple(fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 9_990, max: 9_999 })), isoDate)
  .map(([year, date]) => `${String(year).padStart(4, "0")}${date.slice(4)}`);
/** Junk of the same JSON type as a value (a string for a string, ...), or of any type. */
function junkFor(value: Json): fc.Arbitrary<Json> {
  const same: fc.Arbitrary<Json> =
    typeof value === "string"
      ? /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? fc.oneof(pick(BAD_DATES), edgeDate, junkString)
        : junkString
      : typeof value === "number"
        ? fc.oneof(junkNumber, pick(RAW_NUMBERS.map(rawMarker)))
        : Array.isArray(value)
          ? fc.oneof(
              fc.array(pick([...FORMS, ...NASTY_STRINGS]), { maxLength: 20 }),
              fc.array(junk, { maxLength: 5 }),
              deepArray,
            )
          : value !== null && typeof value === "object"
            ? fc.oneof(fc.dictionary(fc.string({ maxLength: 12 }), junk, { maxKeys: 5 }), deepObject)
            : junk;
  return fc.oneof(same, junk);
}
const junkKey = fc.oneof(
  pick(["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "", " ", "id", "regionId"]),
  pick(["status", "ref", "createdBy", "kind", "person ", "Name", "step\u0000", "å"]),
  fc.string({ maxLength: 12 }),
);

const jsonType = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
const typeOfJunk = (v: Json) =>
  typeof v === "string" && v.startsWith("\u0001raw:") ? "number" : jsonType(v);

type Path = (string | number)[];
function pathsOf(value: Json, prefix: Path = []): Path[] {
  const out: Path[] = [];
  const entries: [string | number, Json][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : value !== null && typeof value === "object"
      ? Object.entries(value)
      : [];
  for (const [k, v] of entries) out.push([...prefix, k], ...pathsOf(v, [...prefix, k]));
  return out;
}
const objectPaths = (value: Json): Path[] =>
  [[], ...pathsOf(value)].filter((p) => {
    const v = at(value, p);
    return v !== null && typeof v === "object" && !Array.isArray(v);
  });
function at(value: Json, path: Path): Json {
  let v: Json = value;
  for (const k of path) v = (v as Record<string | number, Json>)[k] as Json;
  return v;
}
/** Sets an own property, also for keys such as __proto__ that assignment would treat specially. */
function setOwn(target: Json, key: string | number, value: Json) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
const clone = (v: Json): Json => JSON.parse(JSON.stringify(v));
const show = (path: Path) => path.join(".") || "(root)";

interface Shape {
  /** Keys the schema requires, as dotted paths. */
  required: ReadonlySet<string>;
  /** Fields coerced from other types (shared with the staff forms), so a wrong JSON type may pass. */
  coerced: ReadonlySet<string>;
  /** Fields that may be null, so null in place of a value may pass. */
  nullable?: ReadonlySet<string>;
  /** Every optional key of the schema, as dotted paths: never added as an "unknown" key. */
  known?: ReadonlySet<string>;
  /** Whether the fields depend on each other, so that a body missing some answers either way. */
  dependent?: boolean;
  /** Whether an empty object is refused (a change of nothing). */
  nonEmpty?: boolean;
}

/** Valid bodies with one field replaced, removed or one key added; the generator records what it did. */
function oneMutation(valid: fc.Arbitrary<Json>, shape: Shape): fc.Arbitrary<Case> {
  return valid.chain((v) => {
    const fields = pathsOf(v);
    const replace = pick(fields)
      .chain((path) => fc.tuple(fc.constant(path), junkFor(at(v, path))))
      .map(([path, value]): Case => {
        const body = clone(v);
        setOwn(at(body, path.slice(0, -1)), path[path.length - 1] as string | number, value);
        const before = jsonType(at(v, path));
        const key = path.filter((p) => typeof p === "string").join(".");
        const wrongType = before !== typeOfJunk(value) && typeof path[path.length - 1] === "string";
        // A nullable field may be null, and one that was null may have held a value of any type.
        const allowed =
          shape.coerced.has(key) || (shape.nullable?.has(key) && (value === null || before === "null"));
        return {
          body,
          expect: wrongType && !allowed ? "reject" : "any",
          how: `replace ${show(path)} (${before}) with ${typeOfJunk(value)}`,
        };
      });
    const remove = pick(fields).map((path): Case => {
      const body = clone(v);
      const parent = at(body, path.slice(0, -1));
      const last = path[path.length - 1] as string | number;
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete (parent as Record<string, Json>)[last];
      const key = path.join(".");
      const emptied = shape.nonEmpty && path.length === 1 && Object.keys(body as object).length === 0;
      return {
        body,
        expect:
          Array.isArray(parent) || shape.dependent
            ? "any"
            : shape.required.has(key) || emptied
              ? "reject"
              : "accept",
        how: `remove ${show(path)}`,
      };
    });
    const add = fc
      .tuple(pick(objectPaths(v)), junkKey, junk)
      .filter(
        ([path, key]) =>
          !Object.hasOwn(at(v, path) as object, key) && !shape.known?.has([...path, key].join(".")),
      )
      .map(([path, key, value]): Case => {
        const body = clone(v);
        setOwn(at(body, path), key, value);
        return { body, expect: "reject", how: `add unknown key ${JSON.stringify(key)} at ${show(path)}` };
      });
    return fc.oneof(
      { weight: 5, arbitrary: replace },
      { weight: 2, arbitrary: remove },
      { weight: 2, arbitrary: add },
    );
  });
}

/** The mix of JSON bodies sent to one operation. */
function bodies(valid: fc.Arbitrary<Json>, shape: Shape): fc.Arbitrary<Case> {
  const untouched = valid.map((body): Case => ({ body, expect: "accept", how: "valid" }));
  const several = valid.chain((v) =>
    fc.array(fc.tuple(pick(pathsOf(v)), junk), { minLength: 2, maxLength: 5 }).map(([...changes]): Case => {
      const body = clone(v);
      const done: string[] = [];
      for (const [path, value] of changes) {
        // Not inside a value replaced before (which is generated, and may be shared).
        if (done.some((d) => `${show(path)}.`.startsWith(`${d}.`))) continue;
        setOwn(at(body, path.slice(0, -1)), path[path.length - 1] as string | number, value);
        done.push(show(path));
      }
      return { body, expect: "any", how: `replace ${changes.map(([p]) => show(p)).join(", ")}` };
    }),
  );
  const missing = valid.chain((v) =>
    fc.subarray(Object.keys(v as object)).map((keep): Case => {
      const body = Object.fromEntries(keep.map((k) => [k, (v as Record<string, Json>)[k] as Json]));
      const dropped = Object.keys(v as object).filter((k) => !keep.includes(k));
      return {
        body,
        expect:
          dropped.some((k) => shape.required.has(k)) || (shape.nonEmpty && keep.length === 0)
            ? "reject"
            : dropped.length > 0 && shape.dependent
              ? "any"
              : "accept",
        how: `keep only ${keep.join(", ") || "nothing"}`,
      };
    }),
  );
  const notAnObject = fc
    .oneof(junk, fc.array(valid, { minLength: 1, maxLength: 2 }))
    .filter((b) => jsonType(b) !== "object")
    .map((body): Case => ({ body, expect: "reject", how: `a JSON ${jsonType(body)}` }));
  const randomObject = fc
    .dictionary(junkKey, junk, { maxKeys: 8 })
    .map((body): Case => ({ body, expect: "any", how: "random object" }));
  return fc.oneof(
    { weight: 2, arbitrary: untouched },
    { weight: 10, arbitrary: oneMutation(valid, shape) },
    { weight: 2, arbitrary: several },
    { weight: 2, arbitrary: missing },
    { weight: 1, arbitrary: notAnObject },
    { weight: 1, arbitrary: randomObject },
  );
}

const validConsultation = (codes: string[]) =>
  fc.record(
    {
      channel: pick(["support-line", "coordinator"]),
      referringOrg: pick(REFERRING_ORGS),
      municipalityCode: pick(codes),
      topic: pick(TOPICS),
      forms: fc.uniqueArray(pick(FORMS), { minLength: 1, maxLength: FORMS.length }),
      referredTo: pick(REFERRED_TO),
      advice: freeText(4000),
      openedOn: isoDate,
    },
    { requiredKeys: ["channel", "referringOrg", "municipalityCode", "topic", "forms", "referredTo"] },
  ) as fc.Arbitrary<Json>;

const validPerson = pick(["child", "adult"] as const).chain((ageGroup) =>
  fc.record(
    {
      ageGroup: fc.constant(ageGroup),
      birthYear:
        ageGroup === "child"
          ? fc.integer({ min: YEAR - 18, max: YEAR })
          : fc.integer({ min: YEAR - 110, max: YEAR - 18 }),
      gender: pick(GENDERS),
      citizenship: pick(["SE", "RO", "NG", "UA", "VN", "TH", "ER"]),
      languages: fc.uniqueArray(pick(["sv", "en", "ro", "ar", "ti", "uk", "vie", "tha"]), { maxLength: 10 }),
      name: freeText(200),
      contact: freeText(500),
      identityDocuments: freeText(500),
    },
    { requiredKeys: ["ageGroup", "gender"] },
  ),
);

const validIndividual = (codes: string[]) =>
  fc.record(
    {
      referringOrg: pick(REFERRING_ORGS),
      municipalityCode: pick(codes),
      forms: fc.uniqueArray(pick(FORMS), { minLength: 1, maxLength: FORMS.length }),
      category: pick(CATEGORIES),
      step: fc.integer({ min: 1, max: 6 }),
      person: validPerson,
      openedOn: isoDate,
    },
    { requiredKeys: ["referringOrg", "municipalityCode", "forms", "category", "person"] },
  ) as fc.Arbitrary<Json>;

const validNote = fc.record({ body: nonBlank(8000) }) as fc.Arbitrary<Json>;
/** A task owned by whoever adds it, or given to `owner` (a coordinator who works the case). */
const validTask = (owner: string) =>
  fc.record(
    { title: nonBlank(300), dueOn: isoDate, ownerId: fc.constant(owner) },
    { requiredKeys: ["title", "dueOn"] },
  ) as fc.Arbitrary<Json>;
/** Tasks given to someone who may not work the case: another region's coordinator, or no user at all. */
const refusedTask = (owners: string[]) =>
  fc
    .record({ title: nonBlank(300), dueOn: isoDate, ownerId: pick(owners) })
    .map((body): Case => ({ body, expect: "reject", how: `task for ${body.ownerId}` }));
const validClose = fc.record(
  { reason: pick(CLOSE_REASONS), closedOn: isoDate },
  { requiredKeys: ["reason"] },
) as fc.Arbitrary<Json>;
/**
 * A joint share with a region other than the case's own (the case is never shared when a request
 * meets it). A transfer is a request the receiving region answers (ADR 0021), tested with its
 * races in cases/closing.test.ts; here it is sent only where it is refused.
 */
const validShare = (regions: string[]) =>
  fc.record({ regionId: pick(regions), mode: fc.constant("joint") }) as fc.Arbitrary<Json>;
/** Shares the service refuses: with the case's own region, or one that does not exist. */
const refusedShare = fc
  .record({ regionId: pick(["bergslagen", "atlantis", "x"]), mode: pick(["joint", "transfer"]) })
  .map((body): Case => ({ body, expect: "reject", how: `share with ${body.regionId}` }));
const validStep = fc.record({ step: fc.integer({ min: 1, max: 6 }) }) as fc.Arbitrary<Json>;
/** The ÅMP application the follow-ups go to was submitted this many days ago (and is in reintegration). */
const FOLLOW_UP_DAYS = 400;
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const validFollowUp = fc.record({
  on: fc.integer({ min: 0, max: FOLLOW_UP_DAYS }).map(daysAgo),
  kind: pick(AMP_FOLLOW_UP_KINDS),
  body: nonBlank(4000),
}) as fc.Arbitrary<Json>;

/** Days from `min` on, as far as the generated dates go. */
const daysFrom = (min: string) =>
  fc
    .date({ min: new Date(`${min}T00:00:00Z`), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
const daysUntil = (max: string) =>
  fc
    .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
const orNull = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: null });
/** Two days in order: a first and a last day. */
const period = fc.tuple(isoDate, isoDate).map(([a, b]) => (a <= b ? [a, b] : [b, a]));

/** The shelters placements are referred to: certified for long, for 30 more days, expired, never certified. */
interface PlacementShelters {
  certified: string;
  ending: string;
  endingUntil: string;
  expired: string;
  uncertified: string;
}
const validReferral = (s: PlacementShelters) =>
  fc.oneof(
    fc.record(
      { type: fc.constant("nsp-placement"), shelterId: fc.constant(s.certified), start: orNull(isoDate) },
      { requiredKeys: ["type", "shelterId"] },
    ),
    fc.record(
      {
        type: fc.constant("nsp-placement"),
        shelterId: fc.constant(s.ending),
        start: orNull(daysUntil(s.endingUntil)),
      },
      { requiredKeys: ["type", "shelterId"] },
    ),
    fc.record(
      { type: fc.constant("nsp-support"), kind: pick(NSP_SUPPORT_KINDS), inHomeCountry: fc.boolean() },
      { requiredKeys: ["type", "kind"] },
    ),
    fc.record({ type: fc.constant("amp") }),
    fc.record({ type: fc.constant("reflection"), applicant: pick(REFLECTION_APPLICANTS) }),
    fc.record({
      type: fc.constant("witness-permit"),
      applicant: fc.constant("preliminary-investigation-leader"),
    }),
    fc.record({ type: fc.constant("other"), kind: pick(OTHER_REFERRAL_KINDS) }),
  ) as fc.Arbitrary<Json>;
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** Placements the registry refuses: expired or no certification, none left on the start day, no such shelter. */
const refusedPlacement = (s: PlacementShelters) =>
  fc
    .oneof(
      fc.record(
        {
          shelterId: pick([s.expired, s.uncertified, "skyddat-boende-som-inte-finns"]),
          start: orNull(isoDate),
        },
        { requiredKeys: ["shelterId"] },
      ),
      fc.record({ shelterId: fc.constant(s.ending), start: daysFrom(addDays(s.endingUntil, 1)) }),
    )
    .map(
      (b): Case => ({
        body: { type: "nsp-placement", ...b },
        expect: "reject",
        how: `placement at ${b.shelterId} from ${b.start ?? "(no start)"}`,
      }),
    );

/**
 * The referrals of the open case that changes are aimed at, in several states; the dates of the
 * ones created further on lie on FIXTURE_DAY (an approval ten days later).
 */
const FIXTURES = [
  "nsp-requested",
  "nsp-placed",
  "support-planned",
  "amp-prepared",
  "amp-approved",
  "reflection-draft",
  "reflection-submitted",
  "witness-submitted",
  "other-sent",
] as const;
type Fixture = (typeof FIXTURES)[number];
const FIXTURE_DAY = "2024-03-01";
const LATER = daysFrom("2024-03-15");
const supportItem = fc.record({
  kind: pick(AMP_SUPPORT_KINDS),
  amountSek: fc.integer({ min: 0, max: 10_000_000 }),
});
/** Changes each fixture takes: a next status with the dates it needs, or new values for its fields. */
const VALID_CHANGES: Record<Fixture, fc.Arbitrary<Json>> = {
  "nsp-requested": fc.oneof(
    fc.record(
      { status: fc.constant("placed"), start: isoDate, extensionReason: orNull(freeText(500)) },
      { requiredKeys: ["status", "start"] },
    ),
    fc.record(
      { status: pick(["declined", "cancelled"]), start: orNull(isoDate) },
      { requiredKeys: ["status"] },
    ),
    fc.record({ start: orNull(isoDate) }),
  ),
  "nsp-placed": fc.oneof(
    fc.record({ status: fc.constant("extended"), extensionReason: nonBlank(500) }),
    fc.record({ status: fc.constant("exited"), end: LATER }),
    fc
      .record({ end: orNull(LATER), extensionReason: orNull(freeText(500)) }, { requiredKeys: [] })
      .filter((c) => Object.keys(c).length > 0),
  ),
  "support-planned": fc.oneof(
    fc.record({ status: fc.constant("ongoing"), start: isoDate }),
    fc.record({ status: fc.constant("cancelled") }),
    fc.record({ start: orNull(isoDate) }),
  ),
  "amp-prepared": fc.oneof(
    fc.record({ status: fc.constant("submitted"), submittedOn: isoDate }),
    fc.record({ status: fc.constant("withdrawn") }),
    fc.record({ addItem: supportItem }),
    fc.record({ submittedOn: orNull(isoDate) }),
  ),
  "amp-approved": fc.oneof(
    fc.record({ phase: fc.constant("pre-departure") }),
    fc.record({ status: fc.constant("withdrawn") }),
    fc.record({ addItem: supportItem, approvedOn: LATER }, { requiredKeys: ["addItem"] }),
  ),
  "reflection-draft": fc.oneof(
    fc.record({ status: fc.constant("submitted"), submittedOn: isoDate }),
    fc.record({ status: fc.constant("withdrawn") }),
    fc.record({ submittedOn: orNull(isoDate) }),
  ),
  "reflection-submitted": fc.oneof(
    fc.record({ status: fc.constant("granted"), decidedOn: LATER, permitStart: isoDate }),
    fc.record({ status: fc.constant("rejected"), decidedOn: LATER }),
    fc.record({ status: fc.constant("withdrawn"), decidedOn: orNull(LATER) }, { requiredKeys: ["status"] }),
    fc.record({ decidedOn: orNull(LATER) }),
  ),
  "witness-submitted": fc.oneof(
    fc
      .tuple(LATER, period)
      .map(([decidedOn, [start, end]]) => ({ status: "granted", decidedOn, start, end })),
    fc.record({ status: fc.constant("rejected"), decidedOn: LATER }),
    fc.record({ status: fc.constant("withdrawn"), decidedOn: orNull(LATER) }, { requiredKeys: ["status"] }),
    period.map(([start, end]) => ({ start, end })),
  ),
  "other-sent": fc.oneof(
    fc.record({ status: pick(["accepted", "declined"]), answeredOn: LATER }),
    fc.record({ status: fc.constant("cancelled") }),
    fc.record({ answeredOn: orNull(LATER) }),
  ),
} as Record<Fixture, fc.Arbitrary<Json>>;

const SHELTER_KEYS = [
  "name",
  "operator",
  "regionId",
  "capacity",
  "accepts",
  "forms",
  "certifiedUntil",
] as const;
const shelterFields = (regionIds: string[], name: fc.Arbitrary<string>) => ({
  name,
  operator: nonBlank(200),
  regionId: pick(regionIds),
  capacity: fc.integer({ min: 1, max: 500 }),
  accepts: fc.uniqueArray(pick(SHELTER_ACCEPTS), { minLength: 1, maxLength: SHELTER_ACCEPTS.length }),
  forms: fc.uniqueArray(pick(FORMS), { minLength: 1, maxLength: FORMS.length }),
  certifiedUntil: orNull(isoDate),
});
/** A new shelter; its name starts with a number, so that its id (made from the name) seldom repeats. */
const validShelter = (regionIds: string[]) =>
  fc.record(
    shelterFields(
      regionIds,
      fc.tuple(fc.nat(), freeText(180)).map(([n, text]) => `Boende ${n} ${text}`),
    ),
  ) as fc.Arbitrary<Json>;
const validShelterChange = (regionIds: string[]) =>
  fc
    .record(shelterFields(regionIds, nonBlank(200)), { requiredKeys: [] })
    .filter((c) => Object.keys(c).length > 0) as fc.Arbitrary<Json>;

const REFERRAL_DATES: string[] = REFERRAL_DATE_FIELDS;
const SHAPES = {
  consultation: {
    required: new Set(["channel", "referringOrg", "municipalityCode", "topic", "forms", "referredTo"]),
    coerced: new Set<string>(),
  },
  individual: {
    required: new Set([
      "referringOrg",
      "municipalityCode",
      "forms",
      "category",
      "person",
      "person.ageGroup",
      "person.gender",
    ]),
    coerced: new Set<string>(),
  },
  note: { required: new Set(["body"]), coerced: new Set<string>() },
  task: { required: new Set(["title", "dueOn"]), coerced: new Set<string>() },
  close: { required: new Set(["reason"]), coerced: new Set<string>() },
  share: { required: new Set(["regionId", "mode"]), coerced: new Set<string>() },
  // stepInput uses z.coerce.number (the staff form posts strings), so "3", true or [3] pass.
  step: { required: new Set(["step"]), coerced: new Set(["step"]) },
  followUp: { required: new Set(["on", "kind", "body"]), coerced: new Set<string>() },
  // A discriminated union: each key is required by the types that have it, except start and inHomeCountry.
  referral: {
    required: new Set(["type", "shelterId", "kind", "applicant"]),
    coerced: new Set<string>(),
    nullable: new Set(["start"]),
  },
  // Every field is optional, but which are needed depends on the status asked for.
  referralUpdate: {
    required: new Set<string>(),
    coerced: new Set<string>(),
    nullable: new Set(REFERRAL_DATES.concat(["extensionReason", "phase"])),
    known: new Set(REFERRAL_DATES.concat(["status", "extensionReason", "phase", "addItem"])),
    dependent: true,
  },
  shelter: {
    required: new Set(SHELTER_KEYS),
    coerced: new Set<string>(),
    nullable: new Set(["certifiedUntil"]),
  },
  shelterUpdate: {
    required: new Set<string>(),
    coerced: new Set<string>(),
    nullable: new Set(["certifiedUntil"]),
    known: new Set(SHELTER_KEYS),
    nonEmpty: true,
  },
} satisfies Record<string, Shape>;

/** Bodies that are not JSON at all (each is checked to fail JSON.parse), or JSON under the wrong media type. */
const NOT_JSON = [
  "",
  " ",
  "{",
  "}",
  "[",
  "{]",
  "nul",
  "NaN",
  "Infinity",
  "-Infinity",
  "undefined",
  "{'body':'x'}",
  '{"body":"x",}',
  '{"body":"x"}}',
  '{"body":"x"} x',
  '{body:"x"}',
  '{"body":"\\x41"}',
  '{"body":"\\ud800"',
  "\ufeff{}",
  "\u0000",
  "0x10",
  "01",
  "+1",
  ".5",
  "1.",
  "--1",
  '{"a":1e}',
  '"unterminated',
  "[1,2",
  "<xml/>",
  "body=x",
];
const notJson = (s: string) => {
  try {
    JSON.parse(s);
    return false;
  } catch {
    return true;
  }
};
const rawBodies = (valid: fc.Arbitrary<Json>) =>
  fc.record({
    body: fc.oneof(
      { weight: 3, arbitrary: pick(NOT_JSON) },
      { weight: 2, arbitrary: fc.string({ maxLength: 60 }).filter(notJson) },
      { weight: 1, arbitrary: utf16(60).filter(notJson) },
      {
        weight: 2,
        arbitrary: valid.chain((v) => {
          const text = serialise(v);
          return fc.nat(text.length - 1).map((n) => text.slice(0, n));
        }),
      },
      { weight: 1, arbitrary: valid.map((v) => `${serialise(v)},`) },
      { weight: 2, arbitrary: valid.map((v) => serialise(v)) },
    ),
    contentType: fc.oneof(
      { weight: 4, arbitrary: fc.constant("application/json") },
      {
        weight: 3,
        arbitrary: pick([
          "application/json; charset=utf-8",
          "APPLICATION/JSON",
          "application/problem+json",
          "application/json;charset=latin1",
          "text/plain",
          "text/html",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/octet-stream",
          "json",
          "",
          null,
        ]),
      },
    ),
  });

// ---------------------------------------------------------------------------------------------
// The harness
// ---------------------------------------------------------------------------------------------

interface Counts {
  cases: number;
  persons: number;
  steps: number;
  notes: number;
  tasks: number;
  shares: number;
  followups: number;
  referrals: number;
  events: number;
  shelters: number;
  audit: number;
  /** Rows of referrals and shelters updated (not inserted). */
  referralsUpdated: number;
  sheltersUpdated: number;
}
const COUNTED = [
  "cases",
  "persons",
  "steps",
  "notes",
  "tasks",
  "shares",
  "followups",
  "referrals",
  "events",
  "shelters",
  "audit",
  "referralsUpdated",
  "sheltersUpdated",
] as const satisfies readonly (keyof Counts)[];
const NONE = Object.fromEntries(COUNTED.map((k) => [k, 0])) as unknown as Counts;
const add = (a: Counts, b: Partial<Counts>): Counts =>
  Object.fromEntries(COUNTED.map((k) => [k, a[k] + (b[k] ?? 0)])) as unknown as Counts;

interface Operation {
  name: string;
  /** The rows an accepted request adds (and, for a change, the rows it may add besides: see check). */
  writes: Partial<Counts>;
  ok: 200 | 201;
  /** Who sends it. */
  as: "coordinator" | "national";
}
const OPS = {
  consultation: {
    name: "POST /api/v1/cases/consultations",
    writes: { cases: 1, audit: 1 },
    ok: 201,
    as: "coordinator",
  },
  individual: {
    name: "POST /api/v1/cases/individual",
    writes: { cases: 1, persons: 1, steps: 1, audit: 1 },
    ok: 201,
    as: "coordinator",
  },
  note: { name: "POST /api/v1/cases/{id}/notes", writes: { notes: 1, audit: 1 }, ok: 201, as: "coordinator" },
  step: { name: "POST /api/v1/cases/{id}/step", writes: { steps: 1, audit: 1 }, ok: 200, as: "coordinator" },
  task: { name: "POST /api/v1/cases/{id}/tasks", writes: { tasks: 1, audit: 1 }, ok: 201, as: "coordinator" },
  // The case's status, day and reason changed (watched, not counted), then opened again.
  close: { name: "POST /api/v1/cases/{id}/close", writes: { audit: 1 }, ok: 200, as: "coordinator" },
  // The share is deleted again after each accepted request (counted).
  share: {
    name: "POST /api/v1/cases/{id}/shares",
    writes: { shares: 1, audit: 1 },
    ok: 201,
    as: "coordinator",
  },
  followUp: {
    name: "POST /api/v1/cases/{id}/referrals/{rid}/followups",
    writes: { followups: 1, audit: 1 },
    ok: 201,
    as: "coordinator",
  },
  referral: {
    name: "POST /api/v1/cases/{id}/referrals",
    writes: { referrals: 1, events: 1, audit: 1 },
    ok: 201,
    as: "coordinator",
  },
  // Plus an event when the status changed.
  referralUpdate: {
    name: "POST /api/v1/cases/{id}/referrals/{rid}",
    writes: { referralsUpdated: 1, audit: 1 },
    ok: 200,
    as: "coordinator",
  },
  shelter: { name: "POST /api/v1/shelters", writes: { shelters: 1, audit: 1 }, ok: 201, as: "national" },
  // The shelter updated and audited when anything changed; a change to the same values writes nothing.
  shelterUpdate: { name: "POST /api/v1/shelters/{shelterId}", writes: {}, ok: 200, as: "national" },
} satisfies Record<string, Operation>;
type Kind = keyof typeof OPS;
const KINDS = Object.keys(OPS) as Kind[];

/** The cases the per-case operations are aimed at. */
type Aim =
  | "open" // an open individual case of the coordinator's region
  | "consultation"
  | "closed"
  | "other-region" // out of scope: 404 whatever is sent
  | "missing" // no such case: 404 whatever is sent
  | "upper-case"; // the open case's id in upper case
const TARGETS = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Aim>("open") },
  { weight: 1, arbitrary: pick<Aim>(["consultation", "closed", "other-region", "missing", "upper-case"]) },
);

/** Where follow-ups are sent: the approved application of the open case, its draft, or a case out of reach. */
type FollowUpAim = "open" | "draft" | "other-region" | "missing" | "upper-case";
const FOLLOW_UP_TARGETS = fc.oneof(
  { weight: 12, arbitrary: fc.constant<FollowUpAim>("open") },
  { weight: 1, arbitrary: pick<FollowUpAim>(["draft", "other-region", "missing", "upper-case"]) },
);

/**
 * Where referral changes are sent: a fixture of the open case, or that fixture's id under a case out
 * of reach, under the consultation (not its referral), a referral id the open case lacks, or the open
 * case's id in upper case.
 */
type ChangeAim = "fixture" | "other-region" | "missing" | "consultation" | "no-referral" | "upper-case";
const CHANGE_TARGETS = fc.oneof(
  { weight: 12, arbitrary: fc.constant<ChangeAim>("fixture") },
  {
    weight: 1,
    arbitrary: pick<ChangeAim>(["other-region", "missing", "consultation", "no-referral", "upper-case"]),
  },
);

/** Where shelter changes are sent: one of two shelters, one that does not exist, or by a coordinator (403). */
type ShelterAim = "a" | "b" | "missing" | "coordinator";
const SHELTER_TARGETS = fc.oneof(
  { weight: 12, arbitrary: pick<ShelterAim>(["a", "b"]) },
  { weight: 1, arbitrary: pick<ShelterAim>(["missing", "coordinator"]) },
);

const rows = async <T>(t: TestApp, query: SQL) =>
  ((await t.db.execute(query)) as unknown as { rows: T[] }).rows;

/** The true row counts (count(*)), for the totals at the start and end; updates are not counted. */
async function countRows(t: TestApp): Promise<Counts> {
  const [row] = await rows<Counts>(
    t,
    sql`select (select count(*) from cases)::int as cases, (select count(*) from persons)::int as persons,
      (select count(*) from case_steps)::int as steps, (select count(*) from case_notes)::int as notes,
      (select count(*) from tasks)::int as tasks, (select count(*) from case_shares)::int as shares,
      (select count(*) from referral_followups)::int as followups,
      (select count(*) from referrals)::int as referrals, (select count(*) from referral_events)::int as events,
      (select count(*) from shelters)::int as shelters,
      (select count(*) from audit_log)::int as audit,
      0 as "referralsUpdated", 0 as "sheltersUpdated"`,
  );
  return row as Counts;
}

/**
 * Row counters kept by triggers in the test database, so that the rows written by each request can
 * be checked with one cheap query instead of counting ever larger tables. The triggers run inside the
 * writing transaction, so they count exactly the rows that were committed; the totals are checked
 * against count(*) at the end as well. Updates of referrals and shelters are counted apart.
 */
async function installRowCounters(t: TestApp) {
  await t.db.execute(
    sql`create table fuzz_row_counts as select
      (select count(*) from cases)::int as cases, (select count(*) from persons)::int as persons,
      (select count(*) from case_steps)::int as steps, (select count(*) from case_notes)::int as notes,
      (select count(*) from tasks)::int as tasks, (select count(*) from case_shares)::int as shares,
      (select count(*) from referral_followups)::int as followups,
      (select count(*) from referrals)::int as referrals, (select count(*) from referral_events)::int as events,
      (select count(*) from shelters)::int as shelters,
      (select count(*) from audit_log)::int as audit,
      0 as referrals_updated, 0 as shelters_updated`,
  );
  await t.db.execute(
    sql.raw(`create function fuzz_count_row() returns trigger language plpgsql as $$
    declare
      d int := case tg_op when 'INSERT' then 1 when 'DELETE' then -1 else 0 end;
      u int := case tg_op when 'UPDATE' then 1 else 0 end;
    begin
      update fuzz_row_counts set
        cases = cases + case when tg_table_name = 'cases' then d else 0 end,
        persons = persons + case when tg_table_name = 'persons' then d else 0 end,
        steps = steps + case when tg_table_name = 'case_steps' then d else 0 end,
        notes = notes + case when tg_table_name = 'case_notes' then d else 0 end,
        tasks = tasks + case when tg_table_name = 'tasks' then d else 0 end,
        shares = shares + case when tg_table_name = 'case_shares' then d else 0 end,
        followups = followups + case when tg_table_name = 'referral_followups' then d else 0 end,
        referrals = referrals + case when tg_table_name = 'referrals' then d else 0 end,
        events = events + case when tg_table_name = 'referral_events' then d else 0 end,
        shelters = shelters + case when tg_table_name = 'shelters' then d else 0 end,
        audit = audit + case when tg_table_name = 'audit_log' then d else 0 end,
        referrals_updated = referrals_updated + case when tg_table_name = 'referrals' then u else 0 end,
        shelters_updated = shelters_updated + case when tg_table_name = 'shelters' then u else 0 end;
      return null;
    end $$`),
  );
  for (const table of [
    "cases",
    "persons",
    "case_steps",
    "case_notes",
    "tasks",
    "case_shares",
    "referral_followups",
    "referral_events",
    "audit_log",
  ]) {
    await t.db.execute(
      sql.raw(`create trigger fuzz_count_row after insert or delete on ${table}
        for each row execute function fuzz_count_row()`),
    );
  }
  for (const table of ["referrals", "shelters"]) {
    await t.db.execute(
      sql.raw(`create trigger fuzz_count_row after insert or delete or update on ${table}
        for each row execute function fuzz_count_row()`),
    );
  }
}

/** The referral fixtures as they were made, to compare with and to put back. */
async function saveFixtures(t: TestApp, ids: string[]) {
  await t.db.execute(
    sql`create table fuzz_referral_fixtures as select id, status, data, shelter_id, updated_at from referrals
      where id in (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
  );
}
/** Opens a case again after an accepted close (a cases row updated, which is not counted). */
async function reopenCase(t: TestApp, caseId: string) {
  await t.db.execute(
    sql`update cases set status = 'open', closed_on = null, close_reason = null where id = ${caseId}::uuid`,
  );
}
/** Deletes a share an accepted request made, so that the case is unshared again (one case_shares row deleted). */
async function unshare(t: TestApp, shareId: string) {
  await t.db.execute(sql`delete from case_shares where id = ${shareId}::uuid`);
}
/** Puts a fixture back as it was made (one referrals row updated, nothing inserted). */
async function restoreFixture(t: TestApp, rid: string) {
  await t.db.execute(
    sql`update referrals r set status = f.status, data = f.data, updated_at = f.updated_at
      from fuzz_referral_fixtures f where f.id = r.id and r.id = ${rid}::uuid`,
  );
}

interface Created {
  cases?: number;
  persons?: number;
  steps?: number;
  notes?: number;
  followups?: number;
  referrals?: number;
  events?: number;
  /** A created referral's status and the status its first event records. */
  status?: string | null;
  firstEvent?: string | null;
  shelters?: number;
  /** A created task's or share's row, as far as the request decides it. */
  tasks?: number;
  dueOn?: string;
  ownerId?: string;
  shares?: number;
  regionId?: string;
  mode?: string;
}
/** A watched case's closing: its status, day and reason. */
interface Closing {
  status: string;
  closedOn: string | null;
  closeReason: string | null;
}
/** A watched referral: its type, status and data, and whether it is still as its fixture was made. */
interface Watched {
  type: string;
  status: string;
  data: Record<string, unknown>;
  unchanged: boolean;
}
type ShelterRow = Record<(typeof SHELTER_KEYS)[number], unknown>;
interface Probe {
  /** An id an accepted request returned, with the operation that made it. */
  created?: { kind: Kind; id: string } | undefined;
  /** A referral fixture to read. */
  referral?: string | undefined;
  /** A shelter to read. */
  shelter?: string | undefined;
  /** A case whose closing to read. */
  closing?: string | undefined;
}
const shelterRow = (id: string) =>
  sql`(select json_build_object('name', name, 'operator', operator, 'regionId', region_id,
      'capacity', capacity, 'accepts', accepts, 'forms', forms, 'certifiedUntil', certified_until)
      from shelters where id = ${id})`;
function createdRows({ kind, id }: { kind: Kind; id: string }): SQL {
  if (kind === "shelter")
    return sql`json_build_object('shelters', (select count(*) from shelters where id = ${id}))`;
  if (!UUID.test(id)) return sql`null`;
  if (kind === "task")
    return sql`(select json_build_object('tasks', count(*) over (), 'dueOn', due_on, 'ownerId', owner_id)
      from tasks where id = ${id}::uuid and done_at is null)`;
  if (kind === "share")
    return sql`(select json_build_object('shares', count(*) over (), 'regionId', region_id, 'mode', mode)
      from case_shares where id = ${id}::uuid and revoked_at is null)`;
  if (kind === "referral")
    return sql`json_build_object(
      'referrals', (select count(*) from referrals where id = ${id}::uuid),
      'events', (select count(*) from referral_events where referral_id = ${id}::uuid),
      'status', (select status from referrals where id = ${id}::uuid),
      'firstEvent', (select min(to_status) from referral_events where referral_id = ${id}::uuid
        and from_status is null))`;
  return sql`json_build_object(
      'cases', (select count(*) from cases where id = ${id}::uuid),
      'persons', (select count(*) from persons p join cases c on c.person_id = p.id where c.id = ${id}::uuid),
      'steps', (select count(*) from case_steps where case_id = ${id}::uuid),
      'notes', (select count(*) from case_notes where id = ${id}::uuid),
      'followups', (select count(*) from referral_followups where id = ${id}::uuid))`;
}
/** The counters, and what the probe asks for: the rows that carry a created id, a referral, a shelter. */
async function trackedRows(
  t: TestApp,
  probe: Probe = {},
): Promise<
  Counts & {
    created?: Created;
    referral?: Watched | null;
    shelter?: ShelterRow | null;
    closing?: Closing | null;
  }
> {
  const parts: SQL[] = [
    sql`c.cases, c.persons, c.steps, c.notes, c.tasks, c.shares, c.followups, c.referrals, c.events, c.shelters, c.audit,
      c.referrals_updated as "referralsUpdated", c.shelters_updated as "sheltersUpdated"`,
  ];
  if (probe.created !== undefined) parts.push(sql`${createdRows(probe.created)} as created`);
  if (probe.referral !== undefined)
    parts.push(sql`(select json_build_object('type', r.type, 'status', r.status, 'data', r.data,
        'unchanged', (r.status, r.data, r.shelter_id, r.updated_at)
          is not distinct from (f.status, f.data, f.shelter_id, f.updated_at))
      from referrals r join fuzz_referral_fixtures f on f.id = r.id where r.id = ${probe.referral}::uuid)
      as referral`);
  if (probe.shelter !== undefined) parts.push(sql`${shelterRow(probe.shelter)} as shelter`);
  if (probe.closing !== undefined)
    parts.push(sql`(select json_build_object('status', status, 'closedOn', closed_on, 'closeReason', close_reason)
      from cases where id = ${probe.closing}::uuid) as closing`);
  type Row = Counts & { created?: Created; referral?: Watched; shelter?: ShelterRow; closing?: Closing };
  const [row] = await rows<Row>(t, sql`select ${sql.join(parts, sql`, `)} from fuzz_row_counts c`);
  return row as Row;
}

/** Cross-table invariants: each must be 0. */
async function orphans(t: TestApp) {
  const [row] = await rows<Record<string, number>>(
    t,
    sql`select
      (select count(*) from cases c where c.kind = 'individual'
        and (select count(*) from persons p where p.id = c.person_id) <> 1)::int as individual_without_one_person,
      (select count(*) from cases c where c.kind = 'individual'
        and not exists (select 1 from case_steps s where s.case_id = c.id))::int as individual_without_step,
      (select count(*) from cases c where c.kind = 'individual' and c.step not in (
        select s.step from case_steps s where s.case_id = c.id
          and s.changed_at = (select max(changed_at) from case_steps where case_id = c.id)))::int
        as step_differs_from_timeline,
      (select count(*) from persons p join cases c on c.person_id = p.id
        where c.kind <> 'individual')::int as person_on_consultation,
      (select count(*) from case_steps s join cases c on c.id = s.case_id
        where c.kind <> 'individual')::int as step_on_consultation,
      (select count(*) from persons p where not exists (select 1 from cases c where c.person_id = p.id))::int
        as orphan_persons,
      (select count(*) from case_steps s where not exists (select 1 from cases c where c.id = s.case_id))::int
        as orphan_steps,
      (select count(*) from case_notes n where not exists (select 1 from cases c where c.id = n.case_id))::int
        as orphan_notes,
      (select count(*) from tasks k where not exists (select 1 from cases c where c.id = k.case_id))::int
        as orphan_tasks,
      (select count(*) from tasks k where k.owner_id is null or not exists (select 1 from users u
        where u.id = k.owner_id and u.role = 'coordinator' and u.region_id = 'bergslagen'))::int
        as task_owned_by_someone_outside_the_case,
      (select count(*) from case_shares s join cases c on c.id = s.case_id
        where s.region_id = c.region_id)::int as share_with_own_region,
      (select count(*) from case_shares s where s.revoked_at is null)::int as share_left_active,
      (select count(*) from cases c where (c.status = 'closed') <> (c.close_reason is not null))::int
        as closed_without_reason_or_reason_without_close,
      (select count(*) from referral_followups f where not exists (select 1 from referrals r
        where r.id = f.referral_id and r.case_id = f.case_id and r.type = 'amp'))::int
        as followup_without_its_application,
      (select count(*) from cases c where not exists (select 1 from audit_log a
        where a.object_type = 'case' and a.object_id = c.id::text and a.action = 'create'))::int
        as case_without_create_audit,
      (select count(*) from referrals r join cases c on c.id = r.case_id
        where c.kind <> 'individual')::int as referral_on_consultation,
      (select count(*) from referral_events e where not exists (select 1 from referrals r
        where r.id = e.referral_id))::int as orphan_referral_events,
      (select count(*) from referrals r where (select count(*) from referral_events e
        where e.referral_id = r.id and e.from_status is null) <> 1)::int as referral_without_one_first_event,
      (select count(*) from referral_events e
        where e.from_status is not distinct from e.to_status)::int as event_without_status_change,
      (select count(*) from referrals r where (r.type = 'nsp-placement') <> (r.shelter_id is not null))::int
        as placement_without_shelter_or_shelter_without_placement,
      (select count(*) from referrals r join shelters s on s.id = r.shelter_id
        where s.certified_until is null or s.certified_until < r.created_at::date
          or s.certified_until < (r.data->>'start')::date)::int as placement_at_uncertified_shelter,
      (select count(*) from referrals r where r.id::text not in (select a.detail->>'referral' from audit_log a
        where a.object_type = 'case' and a.action = 'create' and a.detail ? 'referral'
          and not a.detail ? 'followUp'))::int as referral_without_create_audit,
      (select count(*) from shelters s where s.id not in (select a.object_id from audit_log a
        where a.object_type = 'shelter' and a.action = 'create' and a.object_id is not null))::int
        as shelter_without_create_audit`,
  );
  return row;
}

function fuzzSuite(target: "pglite" | "postgres", runs: number, rawRuns: number, timeout: number) {
  let t: TestApp;
  const sessions = { coordinator: { cookie: "", csrf: "" }, national: { cookie: "", csrf: "" } };
  let codes: string[];
  let regionIds: string[];
  /** The coordinator who sends the requests (a task's valid owner), and users who may not own its tasks. */
  let coordinatorId = "";
  const strangers: string[] = [];
  const ids = {} as Record<Aim, string>;
  /**
   * The open case that closes and shares meet: nothing runs on it, so a close needs no confirmation
   * of what it ends (ADR 0021), while the open case above carries the referral fixtures.
   */
  let plain = "";
  /** What the database should hold: the last counts, plus what accepted requests have added since. */
  let known: Counts | null = null;
  const accepted = {
    ...(Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>),
    denied: 0,
    /** Accepted referral changes that changed the status (and so added an event). */
    statusChanges: 0,
    /** Fixtures put back after an accepted change. */
    restores: 0,
    /** Accepted shelter changes that changed something (and so updated the row and audited). */
    shelterChanges: 0,
    /** Cases opened again after an accepted close. */
    reopened: 0,
    /** Shares deleted again after an accepted share. */
    unshared: 0,
  };
  /** The answers' statuses per operation, for FUZZ_REPORT and the check that each operation accepts some. */
  const answers = Object.fromEntries(KINDS.map((k) => [k, {}])) as Record<Kind, Record<number, number>>;
  /** The open case's approved ÅMP application (in reintegration), and a prepared one. */
  const rids = { open: "", draft: "" };
  /** The referral fixtures of the open case, and the status each was made in. */
  const fixtures = {} as Record<Fixture, string>;
  const fixtureStatus = new Map<string, string>();
  /** The shelters placements are referred to, and the two that shelter changes are aimed at. */
  const placementShelters = {} as PlacementShelters;
  const shelterIds = { a: "", b: "", missing: "skyddat-boende-som-inte-finns" };
  /** Each watched shelter as last read. */
  const shelterRows = new Map<string, ShelterRow | null>();
  let baseline: Counts;

  beforeAll(async () => {
    t = await testApp(target);
    const coordinator = await t.signIn("coordinator", "bergslagen");
    const stranger = await t.signIn("coordinator", "stockholm");
    const national = await t.signIn("national");
    sessions.coordinator = coordinator;
    sessions.national = national;
    coordinatorId = coordinator.principal.id;
    strangers.push(stranger.principal.id, national.principal.id, "0b7c9d1e-2f3a-4b5c-8d6e-7f8091a2b3c4");
    codes = (await rows<{ code: string }>(t, sql`select code from municipalities order by code`)).map(
      (r) => r.code,
    );
    regionIds = (await rows<{ id: string }>(t, sql`select id from regions order by id`)).map((r) => r.id);
    const ctx = { db: t.db, keys: t.keys, principal: coordinator.principal };
    const individual = individualInput.parse({
      referringOrg: "police",
      municipalityCode: "1880",
      forms: ["labour"],
      category: "trafficking",
      person: { ageGroup: "adult", gender: "woman", name: "Fuzz Testsson" },
    });
    ids.open = (await cases.createIndividualCase(ctx, individual)).id;
    plain = (await cases.createIndividualCase(ctx, individual)).id;
    ids.closed = (await cases.createIndividualCase(ctx, individual)).id;
    await cases.closeCase(ctx, ids.closed, { reason: "moved" });
    ids.consultation = (
      await cases.createConsultation(
        ctx,
        consultationInput.parse({
          channel: "coordinator",
          referringOrg: "school",
          municipalityCode: "1880",
          topic: "other",
          forms: ["begging"],
          referredTo: "none",
        }),
      )
    ).id;
    ids["other-region"] = (
      await cases.createIndividualCase({ ...ctx, principal: stranger.principal }, individual)
    ).id;
    ids.missing = "6f1d3c52-9b0e-4d7a-8c3f-2a5b1e9d0c47";
    ids["upper-case"] = ids.open.toUpperCase();
    rids.open = (await referrals.createReferral(ctx, ids.open, { type: "amp" })).id;
    await referrals.updateReferral(ctx, ids.open, rids.open, {
      status: "submitted",
      submittedOn: daysAgo(FOLLOW_UP_DAYS),
    });
    await referrals.updateReferral(ctx, ids.open, rids.open, {
      status: "approved",
      approvedOn: daysAgo(FOLLOW_UP_DAYS - 10),
    });
    for (const phase of ["pre-departure", "travel", "reintegration"] as const)
      await referrals.updateReferral(ctx, ids.open, rids.open, { phase });
    rids.draft = (await referrals.createReferral(ctx, ids.open, { type: "amp" })).id;

    // The shelter registry: where placements go, and two shelters to change.
    const registry = { db: t.db, principal: national.principal };
    const addShelter = async (name: string, certifiedUntil: string | null) =>
      (
        await shelters.createShelter(registry, {
          name,
          operator: "Fuzz AB",
          regionId: "bergslagen",
          capacity: 6,
          accepts: ["women"],
          forms: ["sexual"],
          certifiedUntil,
        })
      ).id;
    placementShelters.endingUntil = addDays(new Date().toISOString().slice(0, 10), 30);
    placementShelters.certified = await addShelter("Fuzz certifierat", "2199-12-31");
    placementShelters.ending = await addShelter(
      "Fuzz certifierat en månad till",
      placementShelters.endingUntil,
    );
    placementShelters.expired = await addShelter("Fuzz utgånget", "2020-01-01");
    placementShelters.uncertified = await addShelter("Fuzz ej certifierat", null);
    shelterIds.a = await addShelter("Fuzz att ändra", "2027-06-30");
    shelterIds.b = await addShelter("Fuzz att ändra igen", null);

    // The referral fixtures that changes are aimed at.
    const make = async (
      input: Parameters<typeof referrals.createReferral>[2],
      ...changes: ReferralUpdate[]
    ) => {
      const { id } = await referrals.createReferral(ctx, ids.open, input);
      for (const change of changes) await referrals.updateReferral(ctx, ids.open, id, change);
      return id;
    };
    const later = addDays(FIXTURE_DAY, 10);
    const placement = { type: "nsp-placement", shelterId: placementShelters.certified } as const;
    fixtures["nsp-requested"] = await make(placement);
    fixtures["nsp-placed"] = await make({ ...placement, start: FIXTURE_DAY }, { status: "placed" });
    fixtures["support-planned"] = await make({
      type: "nsp-support",
      kind: "rehabilitation",
      inHomeCountry: false,
    });
    fixtures["amp-prepared"] = await make({ type: "amp" });
    fixtures["amp-approved"] = await make(
      { type: "amp" },
      { status: "submitted", submittedOn: FIXTURE_DAY },
      { status: "approved", approvedOn: later },
    );
    fixtures["reflection-draft"] = await make({ type: "reflection", applicant: "social-welfare-board" });
    fixtures["reflection-submitted"] = await make(
      { type: "reflection", applicant: "preliminary-investigation-leader" },
      { status: "submitted", submittedOn: FIXTURE_DAY },
    );
    fixtures["witness-submitted"] = await make(
      { type: "witness-permit", applicant: "preliminary-investigation-leader" },
      { status: "submitted", submittedOn: FIXTURE_DAY },
    );
    fixtures["other-sent"] = await make(
      { type: "other", kind: "kast" },
      { status: "sent", sentOn: FIXTURE_DAY },
    );
    for (const rid of Object.values(fixtures)) {
      const [row] = await rows<{ status: string }>(
        t,
        sql`select status from referrals where id = ${rid}::uuid`,
      );
      fixtureStatus.set(rid, row?.status ?? "");
    }
    await saveFixtures(t, Object.values(fixtures));

    baseline = await countRows(t);
    await installRowCounters(t);
    expect(await trackedRows(t)).toEqual(baseline);
  }, 60_000);

  afterAll(async () => {
    if (!t) return;
    if (process.env.FUZZ_REPORT) {
      for (const kind of KINDS) console.info(`${target} ${OPS[kind].name}: ${JSON.stringify(answers[kind])}`);
      console.info(`${target} ${JSON.stringify(accepted)}`);
    }
    // Totals: exactly the accepted requests (and audited denials) were written, nothing else.
    const total = await countRows(t);
    const updates = {
      referralsUpdated: accepted.referralUpdate + accepted.restores,
      sheltersUpdated: accepted.shelterChanges,
    };
    expect(await trackedRows(t)).toEqual({ ...total, ...updates });
    expect(total).toEqual(
      add(baseline, {
        cases: accepted.consultation + accepted.individual,
        persons: accepted.individual,
        steps: accepted.individual + accepted.step,
        notes: accepted.note,
        tasks: accepted.task,
        shares: accepted.share - accepted.unshared,
        followups: accepted.followUp,
        referrals: accepted.referral,
        events: accepted.referral + accepted.statusChanges,
        shelters: accepted.shelter,
        audit:
          accepted.consultation +
          accepted.individual +
          accepted.note +
          accepted.step +
          accepted.task +
          accepted.close +
          accepted.share +
          accepted.followUp +
          accepted.referral +
          accepted.referralUpdate +
          accepted.shelter +
          accepted.shelterChanges +
          accepted.denied,
      }),
    );
    await t.close();
  }, 120_000);

  async function post(
    path: string,
    body: string,
    contentType: string | null,
    session: { cookie: string; csrf: string },
  ) {
    const headers: Record<string, string> = { cookie: session.cookie, "x-csrf-token": session.csrf };
    if (contentType !== null) headers["content-type"] = contentType;
    // A byte body, so that no content type is implied when none is sent.
    const res = await t.app.request(path, { method: "POST", headers, body: new TextEncoder().encode(body) });
    return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
  }

  /**
   * Sends one request and checks the answer and the rows written. `kind` names the operation;
   * `expected` is what the generator knows of the answer. `referral` names the fixture a change is
   * aimed at and `shelter` the shelter: each is read after the request (and the fixture put back
   * after an accepted change).
   */
  async function check(
    kind: Kind,
    path: string,
    body: string,
    expected: Expect | 403 | 404,
    how: string,
    {
      contentType = "application/json",
      strayPath = false,
      as = OPS[kind].as,
      notFoundAudited = true,
      referral,
      shelter,
      closing,
    }: {
      contentType?: string | null;
      /** The path may name no operation at all (a 404 that audits nothing). */
      strayPath?: boolean;
      /** Who sends it, if not who may. */
      as?: Operation["as"];
      /** Whether a 404 is a denial of a case out of scope (audited), rather than a missing referral or shelter. */
      notFoundAudited?: boolean;
      referral?: string;
      shelter?: string;
      /** A case that is open before the request, whose closing is read after it (and undone after an accepted close). */
      closing?: string;
    } = {},
  ) {
    const op: Operation = OPS[kind];
    const dayBefore = new Date().toISOString().slice(0, 10);
    const before = known ?? (await trackedRows(t));
    if (shelter !== undefined && !shelterRows.has(shelter))
      shelterRows.set(shelter, (await trackedRows(t, { shelter })).shelter ?? null);
    const shelterBefore = shelter === undefined ? undefined : shelterRows.get(shelter);
    const res = await post(path, body, contentType, sessions[as]);
    const context = `${op.name} [${how}] -> ${res.status} ${res.type} ${res.text.slice(0, 500)}`;

    // First observe (so that the totals stay right even when an assertion below fails) ...
    let answer: Record<string, unknown> | undefined;
    try {
      answer = JSON.parse(res.text);
    } catch {
      answer = undefined;
    }
    const ok = res.status >= 200 && res.status < 300;
    const id = ok && typeof answer?.id === "string" ? answer.id : undefined;
    const {
      created,
      referral: watched,
      shelter: shelterAfter,
      closing: closingAfter,
      ...after
    } = await trackedRows(t, {
      created: id === undefined ? undefined : { kind, id },
      referral,
      shelter,
      closing,
    });
    known = after;
    answers[kind][res.status] = (answers[kind][res.status] ?? 0) + 1;
    if (ok) accepted[kind]++;
    const statusChanged =
      kind === "referralUpdate" &&
      ok &&
      referral !== undefined &&
      answer?.status !== fixtureStatus.get(referral);
    if (statusChanged) accepted.statusChanges++;
    const shelterChanged = kind === "shelterUpdate" && ok && !isDeepStrictEqual(shelterAfter, shelterBefore);
    if (shelterChanged) accepted.shelterChanges++;
    if (shelter !== undefined) shelterRows.set(shelter, shelterAfter ?? null);
    // A case out of scope is an audited denial, and so is an operation the role may not use; a path
    // that names no operation at all (a stray id such as "..") is a 404 that audits nothing, and so is
    // a referral or shelter that does not exist.
    const denial =
      (res.status === 404 && notFoundAudited && !(strayPath && after.audit === before.audit)) ||
      (res.status === 403 && as !== op.as);
    if (denial) accepted.denied++;
    if (ok && referral !== undefined) {
      await restoreFixture(t, referral);
      known = add(after, { referralsUpdated: 1 });
      accepted.restores++;
    }
    if (ok && kind === "close" && closingAfter?.status === "closed" && closing !== undefined) {
      await reopenCase(t, closing);
      accepted.reopened++;
    }
    if (ok && kind === "share" && id !== undefined && UUID.test(id)) {
      await unshare(t, id);
      known = add(after, { shares: -1 });
      accepted.unshared++;
    }

    // ... then judge.
    expect(res.status, context).toBeLessThan(500);
    expect([op.ok, 400, 401, 403, 404, 409, 413, 415, 422], context).toContain(res.status);
    if (res.status >= 400) {
      expect(res.type, context).toMatch(/^application\/problem\+json/);
      expect(answer?.status, context).toBe(res.status);
      expect(typeof answer?.title, context).toBe("string");
    } else {
      expect(res.status, context).toBe(op.ok);
      expect(res.type, context).toMatch(/^application\/json/);
      if (kind === "step" || kind === "close") expect(answer, context).toEqual({ ok: true });
      else if (kind === "referralUpdate")
        expect(answer, context).toEqual({ ...watched?.data, type: watched?.type, status: watched?.status });
      else if (kind === "shelter" || kind === "shelterUpdate") {
        expect(answer?.id, context).toMatch(SLUG);
        if (kind === "shelterUpdate")
          expect(shelterAfter, `a changed shelter is watched: ${context}`).toBeTruthy();
      } else expect(answer?.id, context).toMatch(UUID);
    }
    if (expected === "accept") expect(res.status, context).toBe(op.ok);
    if (expected === "reject") expect(res.status, context).toBeGreaterThanOrEqual(400);
    if (expected === 403 || expected === 404) expect(res.status, context).toBe(expected);

    // No partial write: exactly the rows the answer accounts for, and what was created is whole.
    const writes = ok
      ? {
          ...op.writes,
          ...(statusChanged ? { events: 1 } : {}),
          ...(shelterChanged ? { audit: 1, sheltersUpdated: 1 } : {}),
        }
      : denial
        ? { audit: 1 }
        : NONE;
    expect(after, `rows written by ${context}`).toEqual(add(before, writes));
    const whole = { cases: 0, persons: 0, steps: 0, notes: 0, followups: 0 };
    if (kind === "consultation" && ok) expect(created, context).toEqual({ ...whole, cases: 1 });
    if (kind === "individual" && ok)
      expect(created, context).toEqual({ ...whole, cases: 1, persons: 1, steps: 1 });
    if (kind === "note" && ok) expect(created, context).toEqual({ ...whole, notes: 1 });
    if (kind === "followUp" && ok) expect(created, context).toEqual({ ...whole, followups: 1 });
    if (kind === "referral" && ok) {
      const first = referralFirstStatus(JSON.parse(body).type);
      expect(created, context).toEqual({ referrals: 1, events: 1, status: first, firstEvent: first });
    }
    if (kind === "shelter" && ok) expect(created, context).toEqual({ shelters: 1 });
    // A task or share as sent (a task's owner by default whoever added it); a case closed as asked.
    const sent =
      ok && (kind === "task" || kind === "close" || kind === "share")
        ? (JSON.parse(body.replace(/^\ufeff/, "")) as Record<string, Json>)
        : {};
    if (kind === "task" && ok)
      expect(created, context).toEqual({
        tasks: 1,
        dueOn: sent.dueOn,
        ownerId: sent.ownerId ?? coordinatorId,
      });
    if (kind === "share" && ok)
      expect(created, context).toEqual({ shares: 1, regionId: sent.regionId, mode: sent.mode });
    if (closing !== undefined) {
      if (ok && kind === "close") {
        expect(closingAfter?.status, `the case after ${context}`).toBe("closed");
        expect(closingAfter?.closeReason, `the case after ${context}`).toBe(sent.reason);
        const days =
          sent.closedOn === undefined ? [dayBefore, new Date().toISOString().slice(0, 10)] : [sent.closedOn];
        expect(days, `the case after ${context}`).toContain(closingAfter?.closedOn);
      } else
        expect(closingAfter, `the case after ${context}`).toEqual({
          status: "open",
          closedOn: null,
          closeReason: null,
        });
    }
    // A change: what was refused left the referral or shelter as it was; what was accepted is what
    // the answer shows, and of a shelter's fields only those sent were changed.
    if (referral !== undefined) {
      expect(watched, context).toBeTruthy();
      expect(watched?.unchanged, `the referral after ${context}`).toBe(!ok);
    }
    if (kind === "shelterUpdate" && shelter !== undefined) {
      if (!ok) expect(shelterAfter, `the shelter after ${context}`).toEqual(shelterBefore);
      else {
        const sent = JSON.parse(body) as Record<string, Json>;
        for (const k of ["name", "operator"]) if (typeof sent[k] === "string") sent[k] = sent[k].trim();
        expect(shelterAfter, `the shelter after ${context}`).toEqual({ ...shelterBefore, ...sent });
      }
    }
    if ((kind === "shelter" || kind === "shelterUpdate") && ok) {
      const shown = Object.fromEntries(SHELTER_KEYS.map((k) => [k, answer?.[k]]));
      const stored = shelterAfter ?? (await trackedRows(t, { shelter: answer?.id as string })).shelter;
      expect(shown, context).toEqual(stored);
    }
  }

  const caseTargetPath = (target: Aim, kind: "notes" | "step" | "tasks" | "close" | "shares") => {
    const onPlain = kind === "close" || kind === "shares";
    const id =
      onPlain && target === "open"
        ? plain
        : onPlain && target === "upper-case"
          ? plain.toUpperCase()
          : ids[target];
    return `/api/v1/cases/${id}/${kind}`;
  };
  /** The cases a per-case operation refuses (409) whatever valid body is sent. */
  const refusedAt: Record<"note" | "step" | "task" | "close" | "share", Aim[]> = {
    // A closed case takes no writes until it is reopened.
    note: ["closed"],
    step: ["consultation", "closed"],
    task: ["closed"],
    close: ["closed"],
    share: ["closed"],
  };
  /** What a valid-or-not body to a per-case operation must get, given the case it is aimed at. */
  const expectationFor = (target: Aim, kind: keyof typeof refusedAt, expected: Expect): Expect | 404 => {
    if (target === "other-region" || target === "missing") return 404;
    if (target === "upper-case") return "any";
    if (!refusedAt[kind].includes(target)) return expected;
    return expected === "accept" ? "reject" : expected; // e.g. a step on a consultation or closed case: 409
  };
  /** The case a close is aimed at, when it is open before the request (the closed one and those out of reach are not). */
  const closingOf = (target: Aim) =>
    target === "open" || target === "upper-case"
      ? plain
      : target === "consultation" || target === "other-region"
        ? ids[target]
        : undefined;
  const followUpPath = (aim: FollowUpAim) =>
    aim === "draft"
      ? `/api/v1/cases/${ids.open}/referrals/${rids.draft}/followups`
      : `/api/v1/cases/${ids[aim]}/referrals/${rids.open}/followups`;
  /** A case out of reach is a 404 whatever is sent; a draft application takes no follow-up (409). */
  const followUpExpectation = (aim: FollowUpAim, expected: Expect): Expect | 404 =>
    aim === "other-region" || aim === "missing"
      ? 404
      : aim === "open"
        ? expected
        : aim === "draft"
          ? "reject"
          : "any";
  /**
   * A referral to a case out of reach is a 404 whatever is sent, and a consultation has none (409,
   * or 400 for a bad body). A closed case is not refused (as for notes), so its answer is not asserted.
   */
  const referralExpectation = (aim: Aim, expected: Expect): Expect | 404 =>
    aim === "other-region" || aim === "missing"
      ? 404
      : aim === "open"
        ? expected
        : aim === "consultation"
          ? "reject"
          : "any";
  const changePath = (aim: ChangeAim, fixture: Fixture) => {
    const rid = aim === "no-referral" ? "0d9e2f4a-3c1b-4e8d-9f7a-6b5c4d3e2f1a" : fixtures[fixture];
    const caseId = aim === "fixture" || aim === "no-referral" ? ids.open : ids[aim];
    return `/api/v1/cases/${caseId}/referrals/${rid}`;
  };
  /** The fixture's case out of reach: 404 (audited); not its referral: 404 (not audited), or 400 for a bad body. */
  const changeExpectation = (aim: ChangeAim, expected: Expect): Expect | 404 =>
    aim === "other-region" || aim === "missing"
      ? 404
      : aim === "fixture"
        ? expected
        : aim === "upper-case"
          ? "any"
          : expected === "accept"
            ? 404
            : "any";
  const shelterPath = (aim: ShelterAim) =>
    `/api/v1/shelters/${aim === "coordinator" ? shelterIds.a : shelterIds[aim]}`;
  /** A coordinator may not change the registry (403, audited); a shelter that does not exist: 404, or 400. */
  const shelterExpectation = (aim: ShelterAim, expected: Expect): Expect | 403 | 404 =>
    aim === "coordinator" ? 403 : aim === "missing" ? (expected === "accept" ? 404 : "any") : expected;
  const options = (numRuns: number) => ({ numRuns, seed, endOnFailure: false });

  const describeName = `API write operations under fuzzed input on ${target}`;
  describe(describeName, () => {
    it(
      `${OPS.consultation.name}: ${runs} JSON bodies`,
      async () => {
        await fc.assert(
          fc.asyncProperty(bodies(validConsultation(codes), SHAPES.consultation), async (c) => {
            await check("consultation", "/api/v1/cases/consultations", serialise(c.body), c.expect, c.how);
          }),
          options(runs),
        );
      },
      timeout,
    );

    it(
      `${OPS.individual.name}: ${runs} JSON bodies`,
      async () => {
        await fc.assert(
          fc.asyncProperty(bodies(validIndividual(codes), SHAPES.individual), async (c) => {
            await check("individual", "/api/v1/cases/individual", serialise(c.body), c.expect, c.how);
          }),
          options(runs),
        );
      },
      timeout,
    );

    it(
      `${OPS.note.name}: ${runs} JSON bodies`,
      async () => {
        await fc.assert(
          fc.asyncProperty(TARGETS, bodies(validNote, SHAPES.note), async (target, c) => {
            await check(
              "note",
              caseTargetPath(target, "notes"),
              serialise(c.body),
              expectationFor(target, "note", c.expect),
              `${target}: ${c.how}`,
            );
          }),
          options(runs),
        );
      },
      timeout,
    );

    it(
      `${OPS.step.name}: ${runs} JSON bodies`,
      async () => {
        await fc.assert(
          fc.asyncProperty(TARGETS, bodies(validStep, SHAPES.step), async (target, c) => {
            await check(
              "step",
              caseTargetPath(target, "step"),
              serialise(c.body),
              expectationFor(target, "step", c.expect),
              `${target}: ${c.how}`,
            );
          }),
          options(runs),
        );
      },
      timeout,
    );

    it(
      `${OPS.task.name}: ${runs} JSON bodies`,
      async () => {
        const sent = fc.oneof(
          { weight: 12, arbitrary: bodies(validTask(coordinatorId), SHAPES.task) },
          { weight: 1, arbitrary: refusedTask(strangers) },
        );
        await fc.assert(
          fc.asyncProperty(TARGETS, sent, async (target, c) => {
            await check(
              "task",
              caseTargetPath(target, "tasks"),
              serialise(c.body),
              expectationFor(target, "task", c.expect),
              `${target}: ${c.how}`,
            );
          }),
          options(runs),
        );
      },
      timeout,
    );

    it(
      `${OPS.close.name}: ${runs} JSON bodies`,
      async () => {
        await fc.assert(
          fc.asyncProperty(TARGETS, bodies(validClose, SHAPES.close), async (target, c) => {
            await check(
              "close",
              caseTargetPath(target, "close"),
              serialise(c.body),
              expectationFor(target, "close", c.expect),
              `${target}: ${c.how}`,
              { closing: closingOf(target) },
            );
          }),
          options(runs),
        );
      },
      timeout,
    );

    it(
      `${OPS.share.name}: ${runs} JSON bodies`,
      async () => {
        const sent = fc.oneof(
          {
            weight: 12,
            arbitrary: bodies(validShare(regionIds.filter((r) => r !== "bergslagen")), SHAPES.share),
          },
          { weight: 1, arbitrary: refusedShare },
        );
        await fc.assert(
          fc.asyncProperty(TARGETS, sent, async (target, c) => {
            await check(
              "share",
              caseTargetPath(target, "shares"),
              serialise(c.body),
              expectationFor(target, "share", c.expect),
              `${target}: ${c.how}`,
            );
          }),
          options(runs),
        );
      },
      timeout,
    );

    it(
      `${OPS.followUp.name}: ${runs} JSON bodies`,
      async () => {
        await fc.assert(
          fc.asyncProperty(FOLLOW_UP_TARGETS, bodies(validFollowUp, SHAPES.followUp), async (target, c) => {
            await check(
              "followUp",
              followUpPath(target),
              serialise(c.body),
              followUpExpectation(target, c.expect),
              `${target}: ${c.how}`,
            );
          }),
          options(runs),
        );
      },
      timeout,
    );

    it(
      `${OPS.referral.name}: ${runs} JSON bodies`,
      async () => {
        const sent = fc.oneof(
          { weight: 12, arbitrary: bodies(validReferral(placementShelters), SHAPES.referral) },
          { weight: 1, arbitrary: refusedPlacement(placementShelters) },
        );
        await fc.assert(
          fc.asyncProperty(TARGETS, sent, async (target, c) => {
            await check(
              "referral",
              `/api/v1/cases/${ids[target]}/referrals`,
              serialise(c.body),
              referralExpectation(target, c.expect),
              `${target}: ${c.how}`,
            );
          }),
          options(runs),
        );
      },
      timeout,
    );

    it(
      `${OPS.referralUpdate.name}: ${runs} JSON bodies`,
      async () => {
        const sent = pick(FIXTURES).chain((fixture) =>
          fc.tuple(
            fc.constant(fixture),
            CHANGE_TARGETS,
            bodies(VALID_CHANGES[fixture], SHAPES.referralUpdate),
          ),
        );
        await fc.assert(
          fc.asyncProperty(sent, async ([fixture, aim, c]) => {
            await check(
              "referralUpdate",
              changePath(aim, fixture),
              serialise(c.body),
              changeExpectation(aim, c.expect),
              `${fixture} ${aim}: ${c.how}`,
              {
                referral: fixtures[fixture],
                // The case out of reach (an upper-case id is not one) is denied; the referral is not found.
                notFoundAudited: aim === "other-region" || aim === "missing" || aim === "upper-case",
              },
            );
          }),
          options(runs),
        );
      },
      timeout,
    );

    it(
      `${OPS.shelter.name}: ${runs} JSON bodies`,
      async () => {
        const by = fc.oneof(
          { weight: 12, arbitrary: fc.constant<Operation["as"]>("national") },
          { weight: 1, arbitrary: fc.constant<Operation["as"]>("coordinator") },
        );
        await fc.assert(
          fc.asyncProperty(by, bodies(validShelter(regionIds), SHAPES.shelter), async (as, c) => {
            await check(
              "shelter",
              "/api/v1/shelters",
              serialise(c.body),
              as === "coordinator" ? 403 : c.expect,
              `${as}: ${c.how}`,
              { as },
            );
          }),
          options(runs),
        );
      },
      timeout,
    );

    it(
      `${OPS.shelterUpdate.name}: ${runs} JSON bodies`,
      async () => {
        await fc.assert(
          fc.asyncProperty(
            SHELTER_TARGETS,
            bodies(validShelterChange(regionIds), SHAPES.shelterUpdate),
            async (aim, c) => {
              await check(
                "shelterUpdate",
                shelterPath(aim),
                serialise(c.body),
                shelterExpectation(aim, c.expect),
                `${aim}: ${c.how}`,
                {
                  as: aim === "coordinator" ? "coordinator" : "national",
                  notFoundAudited: false,
                  shelter: aim === "missing" ? undefined : shelterIds[aim === "coordinator" ? "a" : aim],
                },
              );
            },
          ),
          options(runs),
        );
      },
      timeout,
    );

    it(
      `every write operation: ${rawRuns} bodies that are not JSON, or not sent as JSON, each`,
      async () => {
        // No body and no (or an empty) content type is read as the empty object, which only a referral
        // change takes (a change of nothing: the referral is saved and audited as it was). A leading
        // byte order mark is dropped, as the Fetch standard's JSON reading does.
        const expectation = (r: { body: string; contentType: string | null }, kind: Kind): Expect =>
          r.body === "" && !r.contentType
            ? kind === "referralUpdate"
              ? "accept"
              : "reject"
            : notJson(r.body.replace(/^\ufeff/, "")) ||
                !/^application\/(problem\+)?json(;|$)/i.test(r.contentType ?? "")
              ? "reject"
              : "any";
        const how = (r: { body: string; contentType: string | null }) =>
          `raw ${JSON.stringify(r.body.slice(0, 80))} as ${r.contentType ?? "(no content type)"}`;
        const ops: [
          Kind,
          string,
          fc.Arbitrary<Json>,
          { referral?: string; shelter?: string; closing?: string },
        ][] = [
          ["consultation", "/api/v1/cases/consultations", validConsultation(codes), {}],
          ["individual", "/api/v1/cases/individual", validIndividual(codes), {}],
          ["note", `/api/v1/cases/${ids.open}/notes`, validNote, {}],
          ["step", `/api/v1/cases/${ids.open}/step`, validStep, {}],
          ["task", `/api/v1/cases/${ids.open}/tasks`, validTask(coordinatorId), {}],
          ["close", `/api/v1/cases/${plain}/close`, validClose, { closing: plain }],
          [
            "share",
            `/api/v1/cases/${plain}/shares`,
            validShare(regionIds.filter((r) => r !== "bergslagen")),
            {},
          ],
          ["followUp", followUpPath("open"), validFollowUp, {}],
          ["referral", `/api/v1/cases/${ids.open}/referrals`, validReferral(placementShelters), {}],
          [
            "referralUpdate",
            changePath("fixture", "amp-prepared"),
            VALID_CHANGES["amp-prepared"],
            { referral: fixtures["amp-prepared"] },
          ],
          ["shelter", "/api/v1/shelters", validShelter(regionIds), {}],
          ["shelterUpdate", shelterPath("a"), validShelterChange(regionIds), { shelter: shelterIds.a }],
        ];
        for (const [kind, path, valid, watch] of ops) {
          await fc.assert(
            fc.asyncProperty(rawBodies(valid), async (r) => {
              await check(kind, path, r.body, expectation(r, kind), how(r), {
                contentType: r.contentType,
                ...watch,
              });
            }),
            options(rawRuns),
          );
        }
      },
      timeout,
    );

    it(
      `the per-case operations: ${rawRuns} path ids each`,
      async () => {
        const open = ids.open;
        const hexDash = fc.string({
          unit: pick([..."0123456789abcdefABCDEF-"]),
          minLength: 36,
          maxLength: 36,
        });
        const id = fc.oneof(
          { weight: 3, arbitrary: hexDash },
          { weight: 1, arbitrary: fc.uuid() },
          {
            weight: 2,
            arbitrary: pick([
              open.toUpperCase(),
              `{${open}}`,
              open.replaceAll("-", ""),
              `${open}-`,
              ` ${open}`,
              `${open.slice(0, 35)}g`,
              "-".repeat(36),
              "0".repeat(36),
              "a".repeat(36),
              "00000000-0000-0000-0000-000000000000",
              "ffffffff-ffff-ffff-ffff-ffffffffffff",
            ]),
          },
          { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 80 }) },
          { weight: 1, arbitrary: pick(["..", ".", "%00", "null", "undefined", "x".repeat(5000)]) },
        );
        const changed = fixtures["nsp-requested"];
        for (const [kind, segment, body, referral, closing] of [
          ["note", "notes", { body: "En anteckning." }, undefined],
          ["step", "step", { step: 2 }, undefined],
          ["task", "tasks", { title: "Ring socialtjänsten", dueOn: "2030-01-01" }, undefined],
          ["close", "close", { reason: "moved" }, undefined, open],
          ["share", "shares", { regionId: "nord", mode: "joint" }, undefined],
          [
            "followUp",
            `referrals/${rids.open}/followups`,
            { on: daysAgo(0), kind: "iom-contact", body: "En uppföljning." },
            undefined,
          ],
          ["referral", "referrals", { type: "other", kind: "mika" }, undefined],
          ["referralUpdate", `referrals/${changed}`, { start: "2030-01-01" }, changed],
        ] as const) {
          await fc.assert(
            fc.asyncProperty(id, async (caseId) => {
              await check(
                kind,
                `/api/v1/cases/${encodeURIComponent(caseId)}/${segment}`,
                JSON.stringify(body),
                caseId === open ? "accept" : "any",
                `id ${JSON.stringify(caseId.slice(0, 80))}`,
                { strayPath: true, referral, closing },
              );
            }),
            options(rawRuns),
          );
        }
      },
      timeout,
    );

    it(
      `${OPS.shelterUpdate.name}: ${rawRuns} path ids`,
      async () => {
        const a = shelterIds.a;
        const id = fc
          .oneof(
            {
              weight: 2,
              arbitrary: pick([
                a,
                shelterIds.b,
                a.toUpperCase(),
                `${a}-`,
                ` ${a}`,
                `${a} `,
                `${a}/`,
                `${a}\u0000`,
                a.replaceAll("-", "_"),
                "x".repeat(100),
                "x".repeat(101),
                "..",
                ".",
                "%00",
                ...NASTY_STRINGS,
              ]),
            },
            { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 120 }) },
            { weight: 1, arbitrary: utf16(40) },
          )
          .filter((s) => s.isWellFormed()); // a URL cannot carry a lone surrogate
        await fc.assert(
          fc.asyncProperty(id, fc.integer({ min: 1, max: 3 }), async (shelterId, capacity) => {
            // Any id may name a shelter (the fuzzed names made some, "undefined" among them), so the
            // shelter it names is read before and after; an id with U+0000 can name none.
            await check(
              "shelterUpdate",
              `/api/v1/shelters/${encodeURIComponent(shelterId)}`,
              JSON.stringify({ capacity }),
              shelterId === a || shelterId === shelterIds.b ? "accept" : "any",
              `id ${JSON.stringify(shelterId.slice(0, 80))}`,
              {
                strayPath: true,
                notFoundAudited: false,
                shelter: shelterId.includes("\u0000") ? undefined : shelterId,
              },
            );
          }),
          options(rawRuns),
        );
      },
      timeout,
    );

    it("leaves no orphan or partial rows and an intact audit chain", async () => {
      const found = (await orphans(t)) ?? {};
      expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, 0])));
      expect(await verifyAuditLog(t.db)).toMatchObject({ ok: true });
    }, 120_000);

    it("accepted and refused requests of every operation", () => {
      for (const kind of KINDS) {
        const statuses = Object.entries(answers[kind]);
        const ok = statuses.filter(([s]) => Number(s) < 300).reduce((n, [, c]) => n + c, 0);
        const refused = statuses.filter(([s]) => Number(s) >= 400).reduce((n, [, c]) => n + c, 0);
        expect(ok, `${OPS[kind].name} accepted`).toBeGreaterThan(0);
        expect(refused, `${OPS[kind].name} refused`).toBeGreaterThan(0);
      }
    });
  });
}

/** The status a new referral of the type starts in. */
const referralFirstStatus = (type: string) =>
  ({
    "nsp-placement": "requested",
    "nsp-support": "planned",
    amp: "prepared",
    reflection: "draft",
    "witness-permit": "draft",
    other: "planned",
  })[type];

const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 10_000;
fuzzSuite("pglite", RUNS, 1_000, 600_000);
if (process.env.DATABASE_URL) fuzzSuite("postgres", 500, 200, 300_000);
else describe.skip("API write operations under fuzzed input on postgres (set DATABASE_URL to run)", () => {});
