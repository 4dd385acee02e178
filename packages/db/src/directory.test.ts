import { loadRegions } from "@stodkedjan/content";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coordinatorsOf, type Database, listMunicipalities, syncDirectory } from "./index.ts";
import { freshDatabase, testTargets } from "./testing.ts";

describe.each(testTargets())("directory on %s", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(target);
  });
  afterAll(() => database?.close());

  it("seeds all 290 municipalities, each mapped to one of the 7 regions, and is idempotent", async () => {
    const regions = loadRegions();
    await syncDirectory(database.db, regions);
    await syncDirectory(database.db, regions);
    const all = await listMunicipalities(database.db);
    expect(all).toHaveLength(290);
    expect(new Set(all.map((m) => m.region.id)).size).toBe(7);
    expect(all.find((m) => m.name === "Örebro")?.region.id).toBe("bergslagen");
    const coordinators = await coordinatorsOf(database.db, "bergslagen");
    expect(coordinators.length).toBeGreaterThan(0);
    expect(coordinators.every((c) => c.placeholder)).toBe(true);
  });

  it("rolls back the whole sync when one row is bad", async () => {
    const regions = structuredClone(loadRegions());
    const first = regions[0];
    if (!first) throw new Error("no regions");
    first.sv.name = "Ändrat namn";
    (first.coordinators[0] as { focus: string }).focus = "not-a-focus";
    await expect(syncDirectory(database.db, regions)).rejects.toThrow();
    const all = await listMunicipalities(database.db);
    expect(all.find((m) => m.region.id === first.id)?.region.nameSv).not.toBe("Ändrat namn");
  });
});
