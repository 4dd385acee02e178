/**
 * What a search box on the case list means. A coordinator types what is in front of them: the
 * case number as written ("ÄR-2026-000123") or only its digits ("123", "2026-000123"), the
 * person's pseudonym ("P-000123"), a municipality (also without å/ä/ö, as typed on a phone or an
 * English keyboard) or words of the coded title. The query is one of three kinds; the list puts
 * the kind's condition beside its coded filters, so the region scope applies to every search.
 */
import { type Db, schema } from "@stodkedjan/db";
import { type SQL, sql } from "drizzle-orm";

export type SearchKind = "ref" | "pseudonym" | "text";

export interface CaseSearch {
  kind: SearchKind;
  /** ref: a LIKE pattern on the case number; pseudonym: the pseudonym; text: a prefix tsquery. */
  q: string;
  /** text: the codes of the municipalities whose name begins with the query, comma-separated. */
  municipalities: string;
}

/** "ÄR-2026-000123", "AR-2026-123", "2026-000123", "000123", "123": the year is optional. */
const CASE_NUMBER = /^(?:[ÄA]R[-\s]?)?(?:(\d{4})[-\s])?(\d{1,6})$/i;
const PSEUDONYM = /^P[-\s]?(\d{1,6})$/i;

/** Prefix matching on every word: the swedish configuration does not reduce definite forms. */
export function prefixQuery(q: string | undefined): string {
  const words = q?.toLowerCase().match(/[\p{L}\p{N}-]+/gu) ?? [];
  return words
    .map((w) => `${w.replace(/[^\p{L}\p{N}]/gu, "")}:*`)
    .filter((w) => w !== ":*")
    .join(" & ");
}

/** Lower case without diacritics: "Örebro", "orebro" and "ÖREBRO" are the same name. */
export const fold = (s: string) =>
  s.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase("sv").replace(/\s+/g, " ").trim();

type Municipality = { code: string; folded: string };
const municipalityLists = new WeakMap<Db, Promise<Municipality[]>>();

/** The 290 municipalities, read once per database: they change with a migration, not at run time. */
function municipalitiesOf(db: Db): Promise<Municipality[]> {
  let list = municipalityLists.get(db);
  if (!list) {
    list = db
      .select({ code: schema.municipalities.code, name: schema.municipalities.name })
      .from(schema.municipalities)
      .then((rows) => rows.map((m) => ({ code: m.code, folded: fold(m.name) })));
    municipalityLists.set(db, list);
    list.catch(() => municipalityLists.delete(db));
  }
  return list;
}

/** The search a query stands for; undefined when there is nothing to search for. */
export async function parseSearch(db: Db, raw: string | undefined): Promise<CaseSearch | undefined> {
  const q = raw?.trim() ?? "";
  if (q === "") return undefined;
  const number = CASE_NUMBER.exec(q);
  if (number) {
    const [, year, digits] = number;
    return { kind: "ref", q: `ÄR-${year ?? "____"}-${digits?.padStart(6, "0")}`, municipalities: "" };
  }
  const pseudonym = PSEUDONYM.exec(q);
  if (pseudonym) return { kind: "pseudonym", q: `P-${pseudonym[1]?.padStart(6, "0")}`, municipalities: "" };
  const tsquery = prefixQuery(q);
  if (tsquery === "") return undefined;
  const folded = fold(q);
  const codes = (await municipalitiesOf(db)).filter((m) => m.folded.startsWith(folded)).map((m) => m.code);
  return { kind: "text", q: tsquery, municipalities: codes.join(",") };
}

/**
 * The condition of a search kind over the list's `cases` rows, with its values as placeholders
 * `q` and `munis`, so that each kind's statement text is built once.
 */
export function searchCondition(kind: SearchKind): SQL {
  const p = sql.placeholder;
  switch (kind) {
    case "ref":
      return sql`${schema.cases.ref} like ${p("q")}`;
    case "pseudonym":
      return sql`exists (select 1 from persons s where s.id = "cases"."person_id" and s.pseudonym = ${p("q")})`;
    case "text":
      return sql`(${schema.cases.search} @@ to_tsquery('swedish', ${p("q")})
        or ${schema.cases.municipalityCode}::text = any(string_to_array(${p("munis")}, ',')))`;
  }
}
