/**
 * Property-based fuzzing of the API's write operations. Every generated request goes through the
 * whole app (identify, guard, case scope, validation, service, database) with a signed-in
 * coordinator, and every answer must be:
 * - never a 5xx;
 * - a 4xx as application/problem+json whose `status` equals the HTTP status;
 * - a 2xx as documented: the created id (201), or `{ ok: true }` for a step change;
 * - without partial writes: after each request the rows of cases, persons, case_steps,
 *   case_notes, referral_followups and audit_log have grown by exactly what the answer accounts
 *   for (a create, a note, a step, an ÅMP follow-up, an audited denial, or nothing at all), and
 *   at the end the totals equal the accepted requests and no person, step, note or follow-up
 *   lacks its case (or vice versa).
 * Where the generator knows the answer (an untouched valid body, a missing required key, an
 * unknown key, a wrong JSON type, a case out of scope) it is asserted too.
 *
 * FUZZ_SEED=<n> replays a run; FUZZ_RUNS=<n> overrides the number of JSON bodies per operation.
 */
import { AMP_FOLLOW_UP_KINDS } from "@stodkedjan/domain";
import { type SQL, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditLog } from "../audit/log.ts";
import {
  CATEGORIES,
  consultationInput,
  FORMS,
  GENDERS,
  individualInput,
  REFERRED_TO,
  REFERRING_ORGS,
  TOPICS,
} from "../cases/schemas.ts";
import * as cases from "../cases/service.ts";
import * as referrals from "../referrals/service.ts";
import { type TestApp, testApp } from "../testing.ts";

const YEAR = new Date().getUTCFullYear();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
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
        return {
          body,
          expect: wrongType && !shape.coerced.has(key) ? "reject" : "any",
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
      return {
        body,
        expect: Array.isArray(parent) ? "any" : shape.required.has(key) ? "reject" : "accept",
        how: `remove ${show(path)}`,
      };
    });
    const add = fc
      .tuple(pick(objectPaths(v)), junkKey, junk)
      .filter(([path, key]) => !Object.hasOwn(at(v, path) as object, key))
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
        expect: dropped.some((k) => shape.required.has(k)) ? "reject" : "accept",
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
const validStep = fc.record({ step: fc.integer({ min: 1, max: 6 }) }) as fc.Arbitrary<Json>;
/** The ÅMP application the follow-ups go to was submitted this many days ago (and is in reintegration). */
const FOLLOW_UP_DAYS = 400;
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const validFollowUp = fc.record({
  on: fc.integer({ min: 0, max: FOLLOW_UP_DAYS }).map(daysAgo),
  kind: pick(AMP_FOLLOW_UP_KINDS),
  body: nonBlank(4000),
}) as fc.Arbitrary<Json>;

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
  // stepInput uses z.coerce.number (the staff form posts strings), so "3", true or [3] pass.
  step: { required: new Set(["step"]), coerced: new Set(["step"]) },
  followUp: { required: new Set(["on", "kind", "body"]), coerced: new Set<string>() },
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
  followups: number;
  audit: number;
}
const NONE: Counts = { cases: 0, persons: 0, steps: 0, notes: 0, followups: 0, audit: 0 };
const add = (a: Counts, b: Partial<Counts>): Counts => ({
  cases: a.cases + (b.cases ?? 0),
  persons: a.persons + (b.persons ?? 0),
  steps: a.steps + (b.steps ?? 0),
  notes: a.notes + (b.notes ?? 0),
  followups: a.followups + (b.followups ?? 0),
  audit: a.audit + (b.audit ?? 0),
});

interface Operation {
  name: string;
  /** The rows an accepted request adds. */
  writes: Partial<Counts>;
  ok: 200 | 201;
}
const OPS = {
  consultation: { name: "POST /api/v1/cases/consultations", writes: { cases: 1, audit: 1 }, ok: 201 },
  individual: {
    name: "POST /api/v1/cases/individual",
    writes: { cases: 1, persons: 1, steps: 1, audit: 1 },
    ok: 201,
  },
  note: { name: "POST /api/v1/cases/{id}/notes", writes: { notes: 1, audit: 1 }, ok: 201 },
  step: { name: "POST /api/v1/cases/{id}/step", writes: { steps: 1, audit: 1 }, ok: 200 },
  followUp: {
    name: "POST /api/v1/cases/{id}/referrals/{rid}/followups",
    writes: { followups: 1, audit: 1 },
    ok: 201,
  },
} satisfies Record<string, Operation>;

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

const rows = async <T>(t: TestApp, query: SQL) =>
  ((await t.db.execute(query)) as unknown as { rows: T[] }).rows;

/** The true row counts (count(*)), for the totals at the start and end. */
async function countRows(t: TestApp): Promise<Counts> {
  const [row] = await rows<Counts>(
    t,
    sql`select (select count(*) from cases)::int as cases, (select count(*) from persons)::int as persons,
      (select count(*) from case_steps)::int as steps, (select count(*) from case_notes)::int as notes,
      (select count(*) from referral_followups)::int as followups,
      (select count(*) from audit_log)::int as audit`,
  );
  return row as Counts;
}

/**
 * Row counters kept by triggers in the test database, so that the rows written by each request can
 * be checked with one cheap query instead of counting ever larger tables. The triggers run inside the
 * writing transaction, so they count exactly the rows that were committed; the totals are checked
 * against count(*) at the end as well.
 */
async function installRowCounters(t: TestApp) {
  await t.db.execute(
    sql`create table fuzz_row_counts as select
      (select count(*) from cases)::int as cases, (select count(*) from persons)::int as persons,
      (select count(*) from case_steps)::int as steps, (select count(*) from case_notes)::int as notes,
      (select count(*) from referral_followups)::int as followups,
      (select count(*) from audit_log)::int as audit`,
  );
  await t.db.execute(
    sql.raw(`create function fuzz_count_row() returns trigger language plpgsql as $$
    declare d int := case when tg_op = 'INSERT' then 1 else -1 end;
    begin
      update fuzz_row_counts set
        cases = cases + case when tg_table_name = 'cases' then d else 0 end,
        persons = persons + case when tg_table_name = 'persons' then d else 0 end,
        steps = steps + case when tg_table_name = 'case_steps' then d else 0 end,
        notes = notes + case when tg_table_name = 'case_notes' then d else 0 end,
        followups = followups + case when tg_table_name = 'referral_followups' then d else 0 end,
        audit = audit + case when tg_table_name = 'audit_log' then d else 0 end;
      return null;
    end $$`),
  );
  for (const table of ["cases", "persons", "case_steps", "case_notes", "referral_followups", "audit_log"]) {
    await t.db.execute(
      sql.raw(`create trigger fuzz_count_row after insert or delete on ${table}
        for each row execute function fuzz_count_row()`),
    );
  }
}

interface Created {
  cases: number;
  persons: number;
  steps: number;
  notes: number;
  followups: number;
}
/** The counters, and with an id the rows that carry it (as a case id, or a note or follow-up id). */
async function trackedRows(t: TestApp, id?: string): Promise<Counts & { created?: Created }> {
  if (id === undefined) {
    const [row] = await rows<Counts>(t, sql`select * from fuzz_row_counts`);
    return row as Counts;
  }
  const [row] = await rows<Counts & { created: Created }>(
    t,
    sql`select r.*, json_build_object(
        'cases', (select count(*) from cases where id = ${id}::uuid),
        'persons', (select count(*) from persons where case_id = ${id}::uuid),
        'steps', (select count(*) from case_steps where case_id = ${id}::uuid),
        'notes', (select count(*) from case_notes where id = ${id}::uuid),
        'followups', (select count(*) from referral_followups where id = ${id}::uuid)) as created
      from fuzz_row_counts r`,
  );
  return row as Counts & { created: Created };
}

/** Cross-table invariants: each must be 0. */
async function orphans(t: TestApp) {
  const [row] = await rows<Record<string, number>>(
    t,
    sql`select
      (select count(*) from cases c where c.kind = 'individual'
        and (select count(*) from persons p where p.case_id = c.id) <> 1)::int as individual_without_one_person,
      (select count(*) from cases c where c.kind = 'individual'
        and not exists (select 1 from case_steps s where s.case_id = c.id))::int as individual_without_step,
      (select count(*) from cases c where c.kind = 'individual' and c.step not in (
        select s.step from case_steps s where s.case_id = c.id
          and s.changed_at = (select max(changed_at) from case_steps where case_id = c.id)))::int
        as step_differs_from_timeline,
      (select count(*) from persons p join cases c on c.id = p.case_id
        where c.kind <> 'individual')::int as person_on_consultation,
      (select count(*) from case_steps s join cases c on c.id = s.case_id
        where c.kind <> 'individual')::int as step_on_consultation,
      (select count(*) from persons p where not exists (select 1 from cases c where c.id = p.case_id))::int
        as orphan_persons,
      (select count(*) from case_steps s where not exists (select 1 from cases c where c.id = s.case_id))::int
        as orphan_steps,
      (select count(*) from case_notes n where not exists (select 1 from cases c where c.id = n.case_id))::int
        as orphan_notes,
      (select count(*) from referral_followups f where not exists (select 1 from referrals r
        where r.id = f.referral_id and r.case_id = f.case_id and r.type = 'amp'))::int
        as followup_without_its_application,
      (select count(*) from cases c where not exists (select 1 from audit_log a
        where a.object_type = 'case' and a.object_id = c.id::text and a.action = 'create'))::int
        as case_without_create_audit`,
  );
  return row;
}

function fuzzSuite(target: "pglite" | "postgres", runs: number, rawRuns: number, timeout: number) {
  let t: TestApp;
  let cookie: string;
  let codes: string[];
  const ids = {} as Record<Aim, string>;
  /** What the database should hold: the last counts, plus what accepted requests have added since. */
  let known: Counts | null = null;
  const accepted = { consultation: 0, individual: 0, note: 0, step: 0, followUp: 0, denied: 0 };
  /** The open case's approved ÅMP application (in reintegration), and a prepared one. */
  const rids = { open: "", draft: "" };
  let baseline: Counts;

  beforeAll(async () => {
    t = await testApp(target);
    const coordinator = await t.signIn("coordinator", "bergslagen");
    const stranger = await t.signIn("coordinator", "stockholm");
    cookie = coordinator.cookie;
    codes = (await rows<{ code: string }>(t, sql`select code from municipalities order by code`)).map(
      (r) => r.code,
    );
    const ctx = { db: t.db, keys: t.keys, principal: coordinator.principal };
    const individual = individualInput.parse({
      referringOrg: "police",
      municipalityCode: "1880",
      forms: ["labour"],
      category: "trafficking",
      person: { ageGroup: "adult", gender: "woman", name: "Fuzz Testsson" },
    });
    ids.open = (await cases.createIndividualCase(ctx, individual)).id;
    ids.closed = (await cases.createIndividualCase(ctx, individual)).id;
    await cases.closeCase(ctx, ids.closed, "moved");
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
    baseline = await countRows(t);
    await installRowCounters(t);
    expect(await trackedRows(t)).toEqual(baseline);
  }, 60_000);

  afterAll(async () => {
    if (!t) return;
    // Totals: exactly the accepted requests (and audited denials) were written, nothing else.
    const total = await countRows(t);
    expect(await trackedRows(t)).toEqual(total);
    expect(total).toEqual(
      add(baseline, {
        cases: accepted.consultation + accepted.individual,
        persons: accepted.individual,
        steps: accepted.individual + accepted.step,
        notes: accepted.note,
        followups: accepted.followUp,
        audit:
          accepted.consultation +
          accepted.individual +
          accepted.note +
          accepted.step +
          accepted.followUp +
          accepted.denied,
      }),
    );
    await t.close();
  }, 120_000);

  async function post(path: string, body: string, contentType: string | null) {
    const headers: Record<string, string> = { cookie };
    if (contentType !== null) headers["content-type"] = contentType;
    // A byte body, so that no content type is implied when none is sent.
    const res = await t.app.request(path, { method: "POST", headers, body: new TextEncoder().encode(body) });
    return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
  }

  /**
   * Sends one request and checks the answer and the rows written. `kind` names the operation;
   * `expected` is what the generator knows of the answer.
   */
  async function check(
    kind: keyof typeof OPS,
    path: string,
    body: string,
    expected: Expect | 404,
    how: string,
    {
      contentType = "application/json",
      strayPath = false,
    }: { contentType?: string | null; strayPath?: boolean } = {},
  ) {
    const op: Operation = OPS[kind];
    const before = known ?? (await trackedRows(t));
    const res = await post(path, body, contentType);
    const context = `${op.name} [${how}] -> ${res.status} ${res.type} ${res.text.slice(0, 500)}`;

    // First observe (so that the totals stay right even when an assertion below fails) ...
    let answer: { id?: unknown; ok?: unknown; status?: unknown; title?: unknown } | undefined;
    try {
      answer = JSON.parse(res.text);
    } catch {
      answer = undefined;
    }
    const ok = res.status >= 200 && res.status < 300;
    const id = ok && typeof answer?.id === "string" && UUID.test(answer.id) ? answer.id : undefined;
    const { created, ...after } = await trackedRows(t, id);
    known = after;
    if (ok) accepted[kind]++;
    // A case out of scope is an audited denial; a path that names no operation at all (a stray id
    // such as "..") is a 404 that audits nothing.
    const denial = res.status === 404 && !(strayPath && after.audit === before.audit);
    if (denial) accepted.denied++;

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
      if (kind === "step") expect(answer, context).toEqual({ ok: true });
      else expect(answer?.id, context).toMatch(UUID);
    }
    if (expected === "accept") expect(res.status, context).toBe(op.ok);
    if (expected === "reject") expect(res.status, context).toBeGreaterThanOrEqual(400);
    if (expected === 404) expect(res.status, context).toBe(404);

    // No partial write: exactly the rows the answer accounts for, and what was created is whole.
    const writes = ok ? op.writes : denial ? { audit: 1 } : NONE;
    expect(after, `rows written by ${context}`).toEqual(add(before, writes));
    if (kind === "consultation" && ok)
      expect(created, context).toEqual({ cases: 1, persons: 0, steps: 0, notes: 0, followups: 0 });
    if (kind === "individual" && ok)
      expect(created, context).toEqual({ cases: 1, persons: 1, steps: 1, notes: 0, followups: 0 });
    if (kind === "note" && ok)
      expect(created, context).toEqual({ cases: 0, persons: 0, steps: 0, notes: 1, followups: 0 });
    if (kind === "followUp" && ok)
      expect(created, context).toEqual({ cases: 0, persons: 0, steps: 0, notes: 0, followups: 1 });
  }

  const caseTargetPath = (target: Aim, kind: "notes" | "step") => `/api/v1/cases/${ids[target]}/${kind}`;
  /** What a valid-or-not body to a per-case operation must get, given the case it is aimed at. */
  const expectationFor = (target: Aim, kind: "note" | "step", expected: Expect): Expect | 404 => {
    if (target === "other-region" || target === "missing") return 404;
    if (target === "open" || (kind === "note" && (target === "consultation" || target === "closed")))
      return expected;
    if (target === "upper-case") return "any";
    return expected === "accept" ? "reject" : expected; // a step on a consultation or closed case: 409
  };
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
      `every write operation: ${rawRuns} bodies that are not JSON, or not sent as JSON, each`,
      async () => {
        const expectation = (r: { body: string; contentType: string | null }): Expect =>
          notJson(r.body) || !/^application\/(problem\+)?json(;|$)/i.test(r.contentType ?? "")
            ? "reject"
            : "any";
        const how = (r: { body: string; contentType: string | null }) =>
          `raw ${JSON.stringify(r.body.slice(0, 80))} as ${r.contentType ?? "(no content type)"}`;
        const ops = [
          ["consultation", "/api/v1/cases/consultations", validConsultation(codes)],
          ["individual", "/api/v1/cases/individual", validIndividual(codes)],
          ["note", `/api/v1/cases/${ids.open}/notes`, validNote],
          ["step", `/api/v1/cases/${ids.open}/step`, validStep],
          ["followUp", followUpPath("open"), validFollowUp],
        ] as const;
        for (const [kind, path, valid] of ops) {
          await fc.assert(
            fc.asyncProperty(rawBodies(valid), async (r) => {
              await check(kind, path, r.body, expectation(r), how(r), { contentType: r.contentType });
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
        for (const [kind, segment, body] of [
          ["note", "notes", { body: "En anteckning." }],
          ["step", "step", { step: 2 }],
          [
            "followUp",
            `referrals/${rids.open}/followups`,
            { on: daysAgo(0), kind: "iom-contact", body: "En uppföljning." },
          ],
        ] as const) {
          await fc.assert(
            fc.asyncProperty(id, async (caseId) => {
              await check(
                kind,
                `/api/v1/cases/${encodeURIComponent(caseId)}/${segment}`,
                JSON.stringify(body),
                caseId === open ? "accept" : "any",
                `id ${JSON.stringify(caseId.slice(0, 80))}`,
                { strayPath: true },
              );
            }),
            options(rawRuns),
          );
        }
      },
      timeout,
    );

    it("leaves no orphan or partial rows and an intact audit chain", async () => {
      const found = (await orphans(t)) ?? {};
      expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, 0])));
      expect(await verifyAuditLog(t.db)).toMatchObject({ ok: true });
    }, 120_000);
  });
}

const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 10_000;
fuzzSuite("pglite", RUNS, 1_000, 600_000);
if (process.env.DATABASE_URL) fuzzSuite("postgres", 500, 200, 300_000);
else describe.skip("API write operations under fuzzed input on postgres (set DATABASE_URL to run)", () => {});
