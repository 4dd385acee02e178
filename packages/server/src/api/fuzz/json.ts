/**
 * The JSON bodies the fuzz test sends (see fuzz.test.ts): junk of every JSON type, valid bodies
 * with one or several fields mutated, bodies missing keys or carrying unknown ones, and bodies that
 * are not JSON at all; each generated body says what it knows of the answer.
 */
import {
  AMP_PHASES,
  AMP_SUPPORT_KINDS,
  NSP_SUPPORT_KINDS,
  OTHER_REFERRAL_KINDS,
  REFERRAL_MACHINES,
  REFERRAL_TYPES,
  REFLECTION_APPLICANTS,
  SHELTER_ACCEPTS,
  swedishDay,
} from "@stodkedjan/domain";
import fc from "fast-check";
import { CATEGORIES, FORMS, GENDERS, REFERRED_TO, REFERRING_ORGS, TOPICS } from "../../cases/schemas.ts";

export const YEAR = new Date().getUTCFullYear();

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Expect = "accept" | "reject" | "any";
/** A generated request body: JSON to serialise, what the generator knows of the answer, and how it was made. */
export interface Case {
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
export function serialise(body: Json): string {
  let text = JSON.stringify(body);
  for (const literal of RAW_NUMBERS) text = text.replaceAll(JSON.stringify(rawMarker(literal)), literal);
  return text;
}

export const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
export const isoDate = fc
  .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
export const freeText = (max: number) =>
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
export const nonBlank = (max: number) => freeText(max).filter((s) => s.trim().length > 0);

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
export const utf16 = (maxLength: number) =>
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength }).map((units) => String.fromCharCode(...units));
export const NASTY_STRINGS = [
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

export interface Shape {
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
export function bodies(valid: fc.Arbitrary<Json>, shape: Shape): fc.Arbitrary<Case> {
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

/** Days from `min` on, as far as the generated dates go. */
export const daysFrom = (min: string) =>
  fc
    .date({ min: new Date(`${min}T00:00:00Z`), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
export const daysUntil = (max: string) =>
  fc
    .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
export const orNull = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: null });
/** Two days in order: a first and a last day. */
export const period = fc.tuple(isoDate, isoDate).map(([a, b]) => (a <= b ? [a, b] : [b, a]));
export const daysAgo = (n: number) => swedishDay(-n);

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
export const notJson = (s: string) => {
  try {
    JSON.parse(s);
    return false;
  } catch {
    return true;
  }
};
export const rawBodies = (valid: fc.Arbitrary<Json>) =>
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

/** A request whose text is refused before any operation reads it: another charset than UTF-8, or a byte order mark. */
export function notUtf8({ body, contentType }: { body: string; contentType: string | null }) {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType ?? "")?.[1];
  return (
    (charset !== undefined && charset.toLowerCase() !== "utf-8") ||
    (/^application\/(json|[\w.+-]+\+json|x-www-form-urlencoded)\b/i.test(contentType ?? "") &&
      body.startsWith("\ufeff"))
  );
}
