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
});
