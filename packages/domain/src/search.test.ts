import { describe, expect, it } from "vitest";
import {
  buildIndex,
  loadIndex,
  normaliseTerm,
  type SearchDoc,
  search,
  serialiseIndex,
  splitCompounds,
  stemSwedish,
} from "./search.ts";

describe("Swedish stemming", () => {
  it.each([
    ["människohandeln", "människohandel"],
    ["barnets", "barn"],
    ["barnen", "barn"],
    ["betänketiden", "betänketid"],
    ["socialtjänstens", "socialtjänsten"],
  ])("%s and %s share a stem", (a, b) => {
    expect(stemSwedish(a)).toBe(stemSwedish(b));
  });

  it("is idempotent, so index and query agree", () => {
    for (const w of ["arbetet", "kvinnan", "regeln", "skyddade", "boendet"]) {
      expect(stemSwedish(stemSwedish(w))).toBe(stemSwedish(w));
    }
  });

  it("drops stop words", () => {
    expect(normaliseTerm("och", "sv")).toBeNull();
    expect(normaliseTerm("the", "en")).toBeNull();
  });
});

describe("manual search", () => {
  const docs: SearchDoc[] = [
    {
      id: "sv/a",
      lang: "sv",
      kind: "page",
      headings: "",
      url: "/sv/a/",
      title: "Människohandel",
      summary: "",
      text: "Om människohandel och barn.",
    },
    {
      id: "sv/b",
      lang: "sv",
      kind: "page",
      headings: "",
      url: "/sv/b/",
      title: "Betänketid",
      summary: "",
      text: "Barnets rättigheter.",
    },
    {
      id: "en/a",
      lang: "en",
      kind: "page",
      headings: "",
      url: "/en/a/",
      title: "Trafficking",
      summary: "",
      text: "Children's rights.",
    },
  ];

  it("finds base forms from definite forms and survives serialisation", () => {
    const index = loadIndex(serialiseIndex(buildIndex(docs, "sv")), "sv");
    expect(search(index, "människohandeln").map((h) => h.id)).toEqual(["sv/a"]);
    expect(
      search(index, "barnets")
        .map((h) => h.id)
        .sort(),
    ).toEqual(["sv/a", "sv/b"]);
    expect(search(index, "bet").map((h) => h.id)).toEqual(["sv/b"]);
  });

  it("keeps the languages apart", () => {
    const en = buildIndex(docs, "en");
    expect(search(en, "child").map((h) => h.id)).toEqual(["en/a"]);
    expect(search(en, "barn")).toEqual([]);
  });

  it("splits a Swedish compound into words the index holds, and puts pages with every whole word first", () => {
    const more: SearchDoc[] = [
      {
        id: "sv/c",
        lang: "sv",
        kind: "page",
        url: "/sv/c/",
        title: "Äktenskap",
        headings: "",
        summary: "",
        text: "Om barn och äktenskap.",
      },
      {
        id: "sv/d",
        lang: "sv",
        kind: "glossary",
        url: "/sv/d/",
        title: "Barnmorska",
        headings: "",
        summary: "",
        text: "äktenskapsrätt",
      },
    ];
    const index = loadIndex(serialiseIndex(buildIndex([...docs, ...more], "sv")), "sv");
    expect(splitCompounds(index, "barnäktenskap", "sv")).toBe("barn äktenskap");
    expect(splitCompounds(index, "betänketid", "sv")).toBe("betänketid");
    expect(search(index, "barnäktenskap").map((h) => h.id)).toEqual(["sv/c"]);
    expect(search(index, "barn äktenskap")[0]?.id).toBe("sv/c");
    expect(search(index, "äktenskap")[0]).toMatchObject({ id: "sv/c", kind: "page" });
  });
});
