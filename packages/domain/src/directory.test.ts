import { loadRegions } from "@stodkedjan/content";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type DirectoryMunicipality,
  findMunicipalities,
  foldName,
  normaliseName,
  resolveMunicipality,
} from "./directory.ts";

const all: DirectoryMunicipality[] = [
  { code: "1880", name: "Örebro", county: "18", region: "bergslagen" },
  { code: "1881", name: "Kumla", county: "18", region: "bergslagen" },
  { code: "0180", name: "Stockholm", county: "01", region: "stockholm" },
  { code: "0114", name: "Upplands Väsby", county: "01", region: "stockholm" },
  { code: "0139", name: "Upplands-Bro", county: "01", region: "stockholm" },
  { code: "2480", name: "Umeå", county: "24", region: "nord" },
  { code: "1290", name: "Kristianstad", county: "12", region: "syd" },
  { code: "1283", name: "Helsingborg", county: "12", region: "syd" },
  { code: "0513", name: "Kinda", county: "05", region: "ost" },
];

describe("directory lookup", () => {
  it.each(["Örebro", "orebro", "ÖREBRO", "Orebro kommun", "öre", "ore", "1880"])(
    "finds Örebro from %s",
    (q) => {
      expect(findMunicipalities(all, q)[0]?.municipality.code).toBe("1880");
    },
  );

  it("ranks an exact name before prefix matches and finds later words", () => {
    expect(
      findMunicipalities(all, "upplands")
        .map((m) => m.municipality.code)
        .sort(),
    ).toEqual(["0114", "0139"]);
    expect(findMunicipalities(all, "vasby").map((m) => m.municipality.code)).toEqual(["0114"]);
    expect(findMunicipalities(all, "k").map((m) => m.municipality.name)).toEqual([
      "Kinda",
      "Kristianstad",
      "Kumla",
    ]);
  });

  it("folds å, ä and ö to a and o", () => {
    expect(foldName("Umeå")).toBe("umea");
    expect(findMunicipalities(all, "umea")[0]?.municipality.name).toBe("Umeå");
  });

  it("never throws and returns at most the limit for any input", () => {
    fc.assert(
      fc.property(fc.string(), (q) => {
        expect(findMunicipalities(all, q, 3).length).toBeLessThanOrEqual(3);
      }),
    );
  });

  it("tells the kind of match", () => {
    expect(findMunicipalities(all, "Örebro")[0]?.kind).toBe("exact");
    expect(findMunicipalities(all, "orebro")[0]?.kind).toBe("folded");
    expect(findMunicipalities(all, "öre")[0]?.kind).toBe("prefix");
    expect(findMunicipalities(all, "vasby")[0]?.kind).toBe("word");
    expect(findMunicipalities(all, "1880")[0]?.kind).toBe("code");
  });
});

/** All 290 municipalities, as the guide, the directory page and the API see them. */
const everyMunicipality: DirectoryMunicipality[] = loadRegions().flatMap((r) =>
  r.counties.flatMap((c) => c.municipalities.map((m) => ({ ...m, county: c.name, region: r.id }))),
);
const byFolded = Map.groupBy(everyMunicipality, (m) => foldName(m.name));
const ambiguous = [...byFolded.values()].filter((group) => group.length > 1);

describe("ranking over all 290 municipalities", () => {
  it("has all 290", () => {
    expect(everyMunicipality).toHaveLength(290);
  });

  it.each(everyMunicipality.map((m) => [m.name, m] as const))(
    "%s: the exact name ranks first and resolves to it, as do its SCB code and 'kommun' after it",
    (_name, m) => {
      const first = findMunicipalities(everyMunicipality, m.name)[0];
      expect(first?.municipality.code).toBe(m.code);
      expect(first?.kind).toBe("exact");
      // Habo typed as written could still be Håbo typed without å: that pair is asked about (below).
      const askedAbout =
        byFolded.get(foldName(m.name))?.length !== 1 && normaliseName(m.name) === foldName(m.name);
      expect(resolveMunicipality(everyMunicipality, m.name).kind).toBe(askedAbout ? "choose" : "one");
      if (askedAbout) return;
      expect(resolveMunicipality(everyMunicipality, `${m.name.toUpperCase()} kommun`)).toEqual({
        kind: "one",
        municipality: m,
      });
      expect(resolveMunicipality(everyMunicipality, m.code)).toEqual({ kind: "one", municipality: m });
    },
  );

  it.each(
    everyMunicipality
      .filter((m) => byFolded.get(foldName(m.name))?.length === 1)
      .map((m) => [m.name, m] as const),
  )("%s typed without å/ä/ö resolves to it (no other name folds the same)", (_name, m) => {
    const typed = foldName(m.name);
    expect(findMunicipalities(everyMunicipality, typed)[0]?.municipality.code).toBe(m.code);
    expect(resolveMunicipality(everyMunicipality, typed)).toEqual({ kind: "one", municipality: m });
  });

  it("knows its ambiguous folded names (Håbo and Habo)", () => {
    expect(ambiguous.map((g) => g.map((m) => m.name).sort())).toEqual([["Habo", "Håbo"]]);
  });

  it.each(ambiguous.map((group) => [group.map((m) => m.name).join(" / "), group] as const))(
    "%s: each name typed as written is that place; typed without å/ä/ö, all are offered, the exact one first",
    (_names, group) => {
      for (const m of group) {
        const ranked = findMunicipalities(everyMunicipality, m.name);
        expect(ranked[0]?.municipality.code).toBe(m.code);
        // The others that fold the same follow, before any prefix match.
        expect(
          ranked
            .slice(0, group.length)
            .map((x) => x.municipality.code)
            .sort(),
        ).toEqual(group.map((x) => x.code).sort());
        const typedDiacritics = normaliseName(m.name) !== foldName(m.name);
        const resolved = resolveMunicipality(everyMunicipality, m.name);
        if (typedDiacritics) expect(resolved).toEqual({ kind: "one", municipality: m });
        else
          expect(resolved).toEqual({
            kind: "choose",
            options: ranked.slice(0, group.length).map((x) => x.municipality),
          });
      }
      const folded = resolveMunicipality(everyMunicipality, foldName(group[0]?.name ?? ""));
      expect(folded.kind).toBe("choose");
      if (folded.kind === "choose")
        expect(folded.options.map((m) => m.code).sort()).toEqual(group.map((m) => m.code).sort());
    },
  );

  it("Håbo is in Uppsala län and Habo in Jönköpings län, and neither is taken for the other", () => {
    const hbo = resolveMunicipality(everyMunicipality, "Håbo");
    expect(hbo.kind === "one" && hbo.municipality.county).toBe("Uppsala län");
    const habo = findMunicipalities(everyMunicipality, "habo");
    expect(habo.map((m) => [m.municipality.name, m.kind])).toEqual([
      ["Habo", "exact"],
      ["Håbo", "folded"],
    ]);
    expect(resolveMunicipality(everyMunicipality, "Habo").kind).toBe("choose");
  });

  it("asks between several prefix matches and resolves a unique one", () => {
    expect(resolveMunicipality(everyMunicipality, "kiru")).toMatchObject({
      kind: "one",
      municipality: { name: "Kiruna" },
    });
    const upp = resolveMunicipality(everyMunicipality, "upplands");
    expect(upp.kind).toBe("choose");
    expect(resolveMunicipality(everyMunicipality, "xyzzy")).toEqual({ kind: "none" });
    // A name that is the start of another (Ånge, Ängelholm; Mark, Markaryd) is still itself.
    expect(resolveMunicipality(everyMunicipality, "ange")).toMatchObject({
      kind: "one",
      municipality: { name: "Ånge" },
    });
    expect(resolveMunicipality(everyMunicipality, "Mark")).toMatchObject({
      kind: "one",
      municipality: { name: "Mark" },
    });
  });
});
