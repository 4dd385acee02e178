import { describe, expect, it } from "vitest";
import { safeWordList } from "./words.ts";

describe("the word list for searches without hits", () => {
  it("holds ordinary Swedish and English words, the field's words among them", async () => {
    const words = new Set(await safeWordList());
    for (const w of [
      "barn",
      "barnets",
      "polisen",
      "hjälp",
      "hedersvåld",
      "tvångsgifte",
      "children",
      "begging",
    ])
      expect(words.has(w), w).toBe(true);
  });
  it("holds no names of people or places, no digits and no capitals", async () => {
    const list = await safeWordList();
    const words = new Set(list);
    for (const w of [
      "anna",
      "erik",
      "john",
      "maria",
      "mohammed",
      "stockholm",
      "sundsvall",
      "örebro",
      "london",
    ])
      expect(words.has(w), w).toBe(false);
    expect(list.filter((w) => /[\d\p{Lu}\s]/u.test(w))).toEqual([]);
  });
});
