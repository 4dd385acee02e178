import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateKey, parseKeyRing } from "../crypto/keyring.ts";
import { nameHashes, nameIndexRows, nameTokens } from "./blind-index.ts";

const ring = parseKeyRing(`k1:${generateKey()},k2:${generateKey()}`);

describe("nameTokens", () => {
  it.each([
    ["Anna Maria Svensson", "Svensson Anna-Maria"],
    ["Anna Maria Svensson", "  anna   MARIA\tsvensson "],
    ["Åsa Öberg", "Asa Oberg"],
    ["Åsa Öberg", "A\u030Asa O\u0308berg"], // decomposed input
    ["Jürgen Groß", "JURGEN GROSS"],
    ["Søren Kierkegaard", "Soren Kierkegaard"],
    ["Łukasz Wójcik", "Lukasz Wojcik"],
    ["Ｍａｒｉａ　Ｐｏｐｅｓｃｕ", "Maria Popescu"], // full-width forms and space (NFKC)
    ["Seán O'Brien", "Sean OBrien"],
    ["Nguyễn Thị Hoa", "Hoa Thi Nguyen"],
    ["Ioana-Maria  Popescu", "Popescu Ioana Maria"],
  ])("%j and %j are the same name", (a, b) => {
    expect(nameTokens(a)).toEqual(nameTokens(b));
    expect(nameTokens(a).length).toBeGreaterThan(0);
  });

  it("keeps different names apart", () => {
    expect(nameTokens("Anna Svensson")).not.toEqual(nameTokens("Anna Svenson"));
    expect(nameTokens("Anna Maria Svensson")).not.toEqual(nameTokens("Anna Svensson"));
  });

  it("has no words for a name without letters or digits", () => {
    expect(nameTokens(" - ' . ")).toEqual([]);
    expect(nameHashes(ring, "--")).toBeNull();
    expect(nameIndexRows(ring, "p", "--")).toEqual([]);
  });

  it("folds the capital sharp s as the small one, so the words of the words are the words", () => {
    expect(nameTokens("ẞ")).toEqual(["ss"]);
    expect(nameTokens("Großmann")).toEqual(nameTokens("GROẞMANN"));
    expect(nameTokens(nameTokens("ẞ ").join(" "))).toEqual(["ss"]);
  });

  it("is order-insensitive and idempotent for any input (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }), { maxLength: 5 }),
        (words) => {
          const once = nameTokens(words.join(" "));
          expect(nameTokens([...words].reverse().join(" - "))).toEqual(once);
          expect(nameTokens(once.join(" "))).toEqual(once);
        },
      ),
    );
  });
});

describe("nameHashes", () => {
  it("hashes the whole name and each word under the active key unless told another", () => {
    const a = nameHashes(ring, "Svensson Anna-Maria");
    const b = nameHashes(ring, "anna maria svensson");
    expect(a).toEqual(b);
    expect(a?.tokens).toHaveLength(3);
    expect(a?.full).toMatch(/^[0-9a-f]{64}$/);
    // A one-word name's whole equals its word, so a one-word record matches a word of a longer name.
    expect(nameHashes(ring, "Anna")?.full).toBe(nameHashes(ring, "Anna")?.tokens[0]);
    expect(nameHashes(ring, "Anna", "k1")).not.toEqual(nameHashes(ring, "Anna", "k2"));
    expect(nameHashes(ring, "Anna")).toEqual(nameHashes(ring, "Anna", "k2"));
  });

  it("writes rows under the active key, never the name itself", () => {
    const rows = nameIndexRows(ring, "person-1", "Anna Svensson");
    expect(rows.map((r) => r.kind)).toEqual(["full", "token", "token"]);
    expect(rows.every((r) => r.kid === "k2" && r.personId === "person-1")).toBe(true);
    expect(JSON.stringify(rows).toLowerCase()).not.toMatch(/anna|svensson/);
  });
});
