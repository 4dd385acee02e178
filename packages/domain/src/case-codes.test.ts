import { loadRegions } from "@stodkedjan/content";
import { describe, expect, it } from "vitest";
import { REGION_IDS } from "./case-codes.ts";

describe("case codes", () => {
  it("name the seven regions of the directory", () => {
    expect([...REGION_IDS].sort()).toEqual(
      loadRegions()
        .map((r) => r.id)
        .sort(),
    );
  });
});
