/**
 * Municipality → region → regional coordinators. People type names with or without å/ä/ö,
 * in any case, often only the first letters, so matching folds all of that away.
 */
export interface DirectoryMunicipality {
  code: string;
  name: string;
  county: string;
  region: string;
}

/** "Örebro", "orebro", "ÖREBRO" and "Orebro kommun" all fold to "orebro". */
export function foldName(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/\b(kommun|stad|municipality)\b/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

export interface Match {
  municipality: DirectoryMunicipality;
  /** 0: the whole name, 1: the name starts with the query, 2: a later word starts with it. */
  rank: number;
}

export function findMunicipalities(all: readonly DirectoryMunicipality[], query: string, limit = 8): Match[] {
  const q = foldName(query);
  if (!q) return [];
  if (/^\d{4}$/.test(q)) {
    const byCode = all.find((m) => m.code === q);
    return byCode ? [{ municipality: byCode, rank: 0 }] : [];
  }
  const matches: Match[] = [];
  for (const municipality of all) {
    const name = foldName(municipality.name);
    if (name === q) matches.push({ municipality, rank: 0 });
    else if (name.startsWith(q)) matches.push({ municipality, rank: 1 });
    else if (name.split(" ").some((w) => w.startsWith(q))) matches.push({ municipality, rank: 2 });
  }
  return matches
    .sort((a, b) => a.rank - b.rank || a.municipality.name.localeCompare(b.municipality.name, "sv"))
    .slice(0, limit);
}
