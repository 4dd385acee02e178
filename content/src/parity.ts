/**
 * The Swedish and the English text must say the same thing. A machine cannot read meaning, but it
 * can catch the differences that slip in most often when one language is edited and the other is
 * not: a list with an item more or less, a step's responsibilities in another order, an actor,
 * authority or number named in one language and not in the other. The loader runs this on every
 * build, so such a difference fails the build and `npm test`.
 */
import type { Content, ManualPage } from "./index.ts";
import type { Lang } from "./schemas.ts";

/**
 * The actors, authorities and roles a text can name, each with how it is written in Swedish and in
 * English (docs/terminology.md). Each pattern is matched case-insensitively and must not match
 * another entry's wording.
 */
export const NAMED: Record<string, Record<Lang, RegExp>> = {
  "social-services": {
    sv: /socialtjänst|socialnämnd|socialjour/i,
    en: /social services|social welfare board|socialjour/i,
  },
  police: { sv: /\bpolis/i, en: /\bpolice\b/i },
  prosecutor: { sv: /åklagar/i, en: /prosecut/i },
  "investigation-leader": { sv: /förundersökningsledar/i, en: /preliminary investigation leader/i },
  migrationsverket: { sv: /migrationsverket/i, en: /migration agency/i },
  "regional-coordinator": { sv: /regionkoordinator/i, en: /regional coordinator/i },
  nsp: { sv: /\bNSP\b|stödprogram/i, en: /\bNSP\b|support programme/i },
  iom: { sv: /\bIOM\b/, en: /\bIOM\b/ },
  "support-line": { sv: /stödtelefon/i, en: /support line/i },
  "labour-inspection": { sv: /arbetsmiljöverket/i, en: /work environment authority/i },
  "county-board": { sv: /länsstyrelse/i, en: /county administrative board/i },
  nspm: { sv: /\bNSPM\b/, en: /\bNSPM\b/ },
  "gender-equality-agency": { sv: /jämställdhetsmyndighet/i, en: /gender equality agency/i },
  "tax-agency": { sv: /skatteverket/i, en: /tax agency/i },
  customs: { sv: /tullverket/i, en: /customs/i },
  "board-of-health": { sv: /socialstyrelsen/i, en: /national board of health and welfare/i },
  "legal-counsel": { sv: /målsägandebiträde/i, en: /counsel for the injured party/i },
  "appointed-guardian": { sv: /god man|gode män/i, en: /appointed guardian/i },
  custodian: { sv: /vårdnadshavar/i, en: /custodian/i },
  court: { sv: /domstol|tingsrätt/i, en: /\bcourts?\b/i },
  "out-of-hours": {
    sv: /utanför kontorstid|socialjour/i,
    en: /out-of-hours|outside office hours|socialjour/i,
  },
  "office-hours": { sv: /(?<!utanför )kontorstid/i, en: /(?<!outside )office hours/i },
};

/** The names of NAMED that a text mentions, sorted. */
export function namedIn(text: string, lang: Lang): string[] {
  return Object.entries(NAMED)
    .filter(([, p]) => p[lang].test(text))
    .map(([id]) => id)
    .sort();
}

/** The numbers in a text (digits only, spaces inside a number ignored: "114 14"), sorted. */
export function numbersIn(text: string): string[] {
  return (text.match(/\d+(?:[ \u00a0-]\d+)*/g) ?? []).map((n) => n.replace(/[ \u00a0]/g, "")).sort();
}

/** One text in both languages, or a list of texts in both languages, found at `where`. */
export type Pair =
  | { where: string; sv: string; en: string }
  | { where: string; sv: readonly string[]; en: readonly string[] };

const same = (a: readonly string[], b: readonly string[]) => a.join("|") === b.join("|");

/** Every difference between the two languages that the pairs show, as readable messages. */
export function languageDifferences(pairs: Iterable<Pair>): string[] {
  const out: string[] = [];
  const compare = (where: string, sv: string, en: string) => {
    const names = { sv: namedIn(sv, "sv"), en: namedIn(en, "en") };
    if (!same(names.sv, names.en))
      out.push(`${where}: Swedish names [${names.sv.join(", ")}], English names [${names.en.join(", ")}]`);
    const numbers = { sv: numbersIn(sv), en: numbersIn(en) };
    if (!same(numbers.sv, numbers.en))
      out.push(
        `${where}: Swedish numbers [${numbers.sv.join(", ")}], English numbers [${numbers.en.join(", ")}]`,
      );
  };
  for (const p of pairs) {
    if (typeof p.sv === "string" || typeof p.en === "string") {
      compare(p.where, String(p.sv), String(p.en));
      continue;
    }
    if (p.sv.length !== p.en.length) {
      out.push(`${p.where}: ${p.sv.length} items in Swedish, ${p.en.length} in English`);
      continue;
    }
    p.sv.forEach((sv, i) => {
      compare(`${p.where}[${i + 1}]`, sv, p.en[i] as string);
    });
  }
  return out;
}

/** The page's body split at its h2 headings, as plain text: the part before the first heading, then one per section. */
function sections(page: ManualPage): string[] {
  return page.html.split(/<h2[ >]/).map((part) =>
    part
      .replace(/<[^>]+>/g, " ")
      .replace(/&[a-z#0-9]+;/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
  );
}

/** Every text of the content that exists in both languages, paired, with where it is. */
export function* contentPairs(c: Content): Generator<Pair> {
  const byId = new Map<string, { sv?: ManualPage; en?: ManualPage }>();
  for (const p of c.pages) byId.set(p.id, { ...byId.get(p.id), [p.lang]: p });
  for (const [id, { sv, en }] of byId) {
    if (!sv || !en) continue;
    const where = `manual ${id}`;
    yield { where: `${where} title`, sv: sv.title, en: en.title };
    yield { where: `${where} summary`, sv: sv.summary, en: en.summary };
    if (
      same(
        sv.responsibilities.map((r) => r.actor),
        en.responsibilities.map((r) => r.actor),
      )
    )
      yield {
        where: `${where} responsibilities`,
        sv: sv.responsibilities.map((r) => r.text),
        en: en.responsibilities.map((r) => r.text),
      };
    for (const key of ["rights", "checklist", "verify"] as const) {
      yield { where: `${where} ${key}`, sv: sv[key], en: en[key] };
    }
    yield { where: `${where} body section`, sv: sections(sv), en: sections(en) };
  }
  for (const a of c.actors) {
    yield { where: `actor ${a.id}`, sv: [a.sv.name, a.sv.description], en: [a.en.name, a.en.description] };
  }
  for (const g of c.glossary) {
    yield { where: `glossary ${g.id}`, sv: [g.sv.term, g.sv.definition], en: [g.en.term, g.en.definition] };
  }
  const ind = c.indicators;
  yield { where: "indicators disclaimer", sv: ind.disclaimer.sv, en: ind.disclaimer.en };
  yield { where: "indicators childNote", sv: ind.childNote.sv, en: ind.childNote.en };
  for (const f of ind.forms) {
    yield {
      where: `indicators form ${f.id}`,
      sv: [f.sv.name, f.sv.description],
      en: [f.en.name, f.en.description],
    };
    yield { where: `indicators form ${f.id} next`, sv: f.sv.next, en: f.en.next };
  }
  for (const d of ind.dimensions) {
    yield {
      where: `indicators dimension ${d.id}`,
      sv: [d.sv.name, d.sv.description],
      en: [d.en.name, d.en.description],
    };
  }
  for (const i of ind.indicators) yield { where: `indicator ${i.id}`, sv: i.sv, en: i.en };
  for (const l of ind.levels) {
    yield { where: `indicators level ${l.min}`, sv: [l.sv.title, l.sv.text], en: [l.en.title, l.en.text] };
  }
  const k = c.contacts;
  for (const key of ["emergency", "police", "supportLine"] as const) {
    yield {
      where: `contacts ${key}`,
      sv: [k[key].sv.name, k[key].sv.when],
      en: [k[key].en.name, k[key].en.when],
    };
  }
  yield {
    where: "contacts socialjour",
    sv: [k.socialjour.sv.name, k.socialjour.sv.when, k.socialjour.sv.how],
    en: [k.socialjour.en.name, k.socialjour.en.when, k.socialjour.en.how],
  };
  for (const r of c.regions) yield { where: `region ${r.id}`, sv: r.sv.name, en: r.en.name };
}

/** Frontmatter that is not text must be the same in both languages. */
function frontmatterDifferences(c: Content): string[] {
  const out: string[] = [];
  for (const sv of c.pages.filter((p) => p.lang === "sv")) {
    const en = c.pages.find((p) => p.lang === "en" && p.id === sv.id);
    if (!en) continue;
    const lists = {
      actors: [sv.actors, en.actors],
      steps: [sv.steps.map(String), en.steps.map(String)],
      audience: [sv.audience, en.audience],
      "responsibilities' actors": [
        sv.responsibilities.map((r) => r.actor),
        en.responsibilities.map((r) => r.actor),
      ],
    } as const;
    for (const [key, [a, b]] of Object.entries(lists)) {
      if (!same(a, b))
        out.push(`manual ${sv.id} ${key}: Swedish [${a.join(", ")}], English [${b.join(", ")}]`);
    }
  }
  return out;
}

/** Every difference between the Swedish and the English content that a machine can see. */
export function contentLanguageDifferences(c: Content): string[] {
  return [...frontmatterDifferences(c), ...languageDifferences(contentPairs(c))];
}
