/**
 * Municipality → region → regional coordinators. People type names with or without å/ä/ö,
 * in any case, often only the first letters. One ranking serves the guide, the directory page
 * and the API: the name as typed (with its å/ä/ö) before the name with å/ä/ö folded away,
 * before names that start with what was typed, before names with a later word that does.
 * "Håbo" is Håbo (Uppsala län), never Habo (Jönköpings län); "habo" could be either, so both
 * are offered and the person chooses.
 */
export interface DirectoryMunicipality {
  code: string;
  name: string;
  county: string;
  region: string;
}

/** Lower case, without "kommun"/"stad", punctuation as single spaces; å, ä and ö are kept. */
export function normaliseName(name: string): string {
  return name
    .normalize("NFC")
    .toLowerCase()
    .replace(/(?<![\p{L}\p{N}])(kommun|stad|municipality)(?![\p{L}\p{N}])/gu, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** "Örebro", "orebro", "ÖREBRO" and "Orebro kommun" all fold to "orebro". */
export function foldName(name: string): string {
  return normaliseName(name)
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

export const MATCH_KINDS = ["code", "exact", "folded", "prefix", "word"] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

export interface Match<M extends DirectoryMunicipality = DirectoryMunicipality> {
  municipality: M;
  /** code: the SCB code; exact: the whole name as typed; folded: the whole name without å/ä/ö;
   *  prefix: the name starts with it (folded); word: a later word does. */
  kind: MatchKind;
  /** The kind's position in MATCH_KINDS: lower ranks first. */
  rank: number;
}

function matchKind(name: string, q: string, folded: string): MatchKind | undefined {
  if (normaliseName(name) === q) return "exact";
  const f = foldName(name);
  if (f === folded) return "folded";
  if (f.startsWith(folded)) return "prefix";
  if (f.split(" ").some((w) => w.startsWith(folded))) return "word";
  return undefined;
}

/** Every municipality the query could mean, best first (alphabetical within a rank). */
export function findMunicipalities<M extends DirectoryMunicipality>(
  all: readonly M[],
  query: string,
  limit = 8,
): Match<M>[] {
  const q = normaliseName(query);
  const folded = foldName(query);
  if (!folded) return [];
  if (/^\d{4}$/.test(folded)) {
    const byCode = all.find((m) => m.code === folded);
    return byCode ? [{ municipality: byCode, kind: "code", rank: 0 }] : [];
  }
  const matches: Match<M>[] = [];
  for (const municipality of all) {
    const kind = matchKind(municipality.name, q, folded);
    if (kind) matches.push({ municipality, kind, rank: MATCH_KINDS.indexOf(kind) });
  }
  return matches
    .sort((a, b) => a.rank - b.rank || a.municipality.name.localeCompare(b.municipality.name, "sv"))
    .slice(0, limit);
}

export type Resolution<M extends DirectoryMunicipality = DirectoryMunicipality> =
  | { kind: "one"; municipality: M }
  | { kind: "choose"; options: M[] }
  | { kind: "none" };

/**
 * What the person meant when they typed a name and went on without picking a suggestion:
 * one municipality when only one fits, otherwise the ones to choose between. A name typed
 * with its å/ä/ö is taken as typed; a name typed without them that could be two places
 * (Habo/Håbo) is asked about.
 */
export function resolveMunicipality<M extends DirectoryMunicipality>(
  all: readonly M[],
  query: string,
  limit = 8,
): Resolution<M> {
  const found = findMunicipalities(all, query, all.length);
  const first = found[0];
  if (!first) return { kind: "none" };
  if (first.kind === "code") return { kind: "one", municipality: first.municipality };
  const whole = found.filter((m) => m.kind === "exact" || m.kind === "folded");
  const typedDiacritics = normaliseName(query) !== foldName(query);
  if (first.kind === "exact" && (typedDiacritics || whole.length === 1))
    return { kind: "one", municipality: first.municipality };
  if (whole.length === 1) return { kind: "one", municipality: first.municipality };
  if (whole.length > 1) return { kind: "choose", options: whole.map((m) => m.municipality) };
  if (found.length === 1) return { kind: "one", municipality: first.municipality };
  return { kind: "choose", options: found.slice(0, limit).map((m) => m.municipality) };
}
