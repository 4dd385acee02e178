import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_QUERY_WORDS, queryWords, safeQuery, swedishDay } from "./signals.ts";

const words = new Set(["barn", "tvångsgifte", "hjälp", "child", "marriage", "don't"]);
const isWord = (w: string) => words.has(w);

describe("safeQuery", () => {
  it("counts a query made only of listed words, normalised", () => {
    expect(safeQuery("  Barn   TVÅNGSGIFTE ", isWord)).toBe("barn tvångsgifte");
    expect(safeQuery("child, marriage!", isWord)).toBe("child marriage");
  });
  it("never lets a name, a number or an unlisted word through", () => {
    expect(safeQuery("barn Anna", isWord)).toBeNull();
    expect(safeQuery("barn 1234", isWord)).toBeNull();
    expect(safeQuery("barn19", isWord)).toBeNull();
    expect(safeQuery("", isWord)).toBeNull();
    expect(
      safeQuery(
        Array(MAX_QUERY_WORDS + 1)
          .fill("barn")
          .join(" "),
        isWord,
      ),
    ).toBeNull();
  });
  it("returns only words of the list, whatever is typed", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (q) => {
        const safe = safeQuery(q, isWord);
        if (safe !== null) {
          for (const w of safe.split(" ")) expect(words.has(w)).toBe(true);
        }
      }),
    );
  });
  it("splits words on anything but letters, digits, hyphens and apostrophes", () => {
    expect(queryWords("Don't/barn-hjälp")).toEqual(["don't", "barn-hjälp"]);
  });
});

describe("swedishDay", () => {
  it("is the Swedish calendar date, not the UTC one", () => {
    expect(swedishDay(new Date("2026-12-31T23:30:00Z"))).toBe("2027-01-01");
    expect(swedishDay(new Date("2026-06-30T22:30:00Z"))).toBe("2026-07-01");
  });
});
