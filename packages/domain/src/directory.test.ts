import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type DirectoryMunicipality, findMunicipalities, foldName } from "./directory.ts";

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
});
