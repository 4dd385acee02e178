import { buildIndex, loadIndex, search, serialiseIndex } from "@stodkedjan/domain/search";
import { describe, expect, it } from "vitest";
import { searchDocs } from "./search-docs.ts";

const index = (lang: "sv" | "en") => loadIndex(serialiseIndex(buildIndex(searchDocs(lang), lang)), lang);
const ids = (hits: { id: string }[]) => hits.map((h) => h.id).sort();

describe("search over the whole manual", () => {
  const sv = index("sv");
  const en = index("en");

  it("finds the base form from the definite form in Swedish", () => {
    const base = ids(search(sv, "människohandel", 100));
    expect(base.length).toBeGreaterThan(5);
    expect(ids(search(sv, "människohandeln", 100))).toEqual(base);
  });

  it('finds as many pages with "barnets" as with "barn"', () => {
    const barn = ids(search(sv, "barn", 100));
    expect(barn.length).toBeGreaterThan(5);
    expect(ids(search(sv, "barnets", 100))).toEqual(barn);
  });

  it("ranks the page about a topic first", () => {
    expect(search(sv, "betänketid")[0]?.url).toBe("/sv/manual/betanketid/");
    expect(search(en, "reflection period")[0]?.url).toBe("/en/manual/reflection-period/");
    expect(search(sv, "återvändandeprogrammet")[0]?.url).toBe("/sv/manual/amp-atervandandeprogrammet/");
  });

  it("stems English too and finds glossary terms", () => {
    expect(ids(search(en, "rights", 100))).toEqual(ids(search(en, "right", 100)));
    const child = ids(search(en, "child", 100));
    expect(ids(search(en, "children", 100)).every((id) => child.includes(id))).toBe(true);
    expect(search(en, "socialjour").some((h) => h.url.startsWith("/en/glossary/#"))).toBe(true);
  });

  it("finds the training modules and the case exercises", () => {
    expect(search(sv, "skolan", 100).some((h) => h.url === "/sv/ovningar/ett-barn-i-skolan/")).toBe(true);
    expect(search(en, "building site")[0]?.url).toBe("/en/exercises/workers-on-a-building-site/");
    expect(search(en, "noticing acting")[0]?.url).toBe("/en/training/noticing-and-acting/");
  });

  it.each([
    ["betänketiden", "/sv/manual/betanketid/"],
    ["regionkoordinatorerna", "/sv/manual/regionkoordinatorer/"],
    ["stödtelefonens", "/sv/manual/stodtelefonen/"],
    ["identifieringen", "/sv/manual/identifiering/"],
    ["lagen", "/sv/manual/lagstiftning/"],
    // A heading "Gör en orosanmälan"; the plural of -an nouns is -ningar.
    ["orosanmälningar", "/sv/manual/barn/"],
    ["återvändandet", "/sv/manual/tryggt-atervandande/"],
  ])(
    "ranks first, for the inflected Swedish %s, the page whose title or heading holds its base word",
    (q, url) => {
      expect(search(sv, q)[0]?.url).toBe(url);
    },
  );

  it.each([
    ["tvångsäktenskapet", "tvångsäktenskap"],
    ["människohandelsbrottet", "människohandel"],
    ["arbetskraftsexploateringen", "arbetskraftsexploatering"],
  ])("finds for the compound %s first an entry whose title holds %s", (q, base) => {
    expect(search(sv, q)[0]?.title.toLowerCase()).toContain(base);
  });

  it("splits a compound the manual never uses as one word", () => {
    expect(search(sv, "barnäktenskap").length).toBeGreaterThan(0);
    expect(search(sv, "sexköp").length).toBeGreaterThan(0);
  });

  const enDocs = new Map(searchDocs("en").map((d) => [d.id, d]));
  it.each([
    ["return programme", "/en/manual/return-programme-amp/"],
    ["reflection period child", "/en/manual/reflection-period/"],
    ["regional coordinator children", "/en/manual/regional-coordinators/"],
    ["criminal proceedings witness", "/en/manual/criminal-proceedings/"],
    ["protected shelter men", "/en/manual/nsp-and-shelters/"],
  ])("ranks first, for the English %s, a page holding all its words", (q, url) => {
    const first = search(en, q)[0];
    expect(first?.url).toBe(url);
    const doc = enDocs.get(first?.id ?? "");
    const words = `${doc?.title} ${doc?.headings} ${doc?.summary} ${doc?.text}`.toLowerCase();
    for (const w of q.split(" ")) expect(words).toContain(w.replace(/ren$/, ""));
  });

  it("finds the identification aid's signs", () => {
    const passport = search(sv, "pass");
    expect(passport[0]?.kind).toBe("sign");
    expect(passport[0]?.url).toMatch(/^\/sv\/identifieringsstod\/#sign-/);
    expect(
      search(en, "debt").some((h) => h.kind === "sign" && h.url.startsWith("/en/identification-aid/#sign-")),
    ).toBe(true);
  });

  it("tells a manual page and a glossary entry with the same title apart", () => {
    const hits = search(sv, "betänketid").filter((h) => h.title === "Betänketid");
    expect(hits.map((h) => h.kind).sort()).toEqual(["glossary", "page"]);
    expect(new Set(hits.map((h) => h.url)).size).toBe(2);
  });
});
