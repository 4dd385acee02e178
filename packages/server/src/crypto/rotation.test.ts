import { describe, expect, it } from "vitest";
import { decryptField, encryptField, fieldAad, needsRotation } from "./fields.ts";
import { generateKey, parseKeyRing } from "./keyring.ts";
import { RotationError, type RotationRow, rotateAll } from "./rotation.ts";

const k1 = generateKey();
const k2 = generateKey();
const k3 = generateKey();
const ring1 = parseKeyRing(`k1:${k1}`);
const ring2 = parseKeyRing(`k1:${k1},k2:${k2}`);
const ring3 = parseKeyRing(`k1:${k1},k2:${k2},k3:${k3}`);

const aadFor = (id: string, field: string) => fieldAad("persons", field, id);

/** An in-memory table of persons with two encrypted columns, keyed by a zero-padded id. */
function makeStore(count: number) {
  const rows = new Map<string, Record<string, string | null>>();
  const plain = new Map<string, Record<string, string | null>>();
  for (let i = 0; i < count; i++) {
    const id = `p${String(i).padStart(4, "0")}`;
    const values = { name: `Person ${i} Åäö`, notes: i % 3 === 0 ? null : `anteckning ${i} 🙂` };
    plain.set(id, values);
    const ring = i % 2 ? ring1 : ring2; // a mixture of old and already-new tokens
    rows.set(id, {
      name: encryptField(ring, values.name, aadFor(id, "name")),
      notes: values.notes === null ? null : encryptField(ring, values.notes, aadFor(id, "notes")),
    });
  }
  let saves = 0;
  let failAt: number | null = null;
  const store = {
    rows,
    plain,
    saves: () => saves,
    failOnceAt(n: number) {
      failAt = n;
    },
    async fetchBatch(afterId: string | null, limit: number): Promise<RotationRow[]> {
      const ids = [...rows.keys()].sort().filter((id) => afterId === null || id > afterId);
      return ids.slice(0, limit).map((id) => ({ id, fields: { ...rows.get(id) } }));
    },
    async save(id: string, fields: Record<string, string>, expected: Record<string, string>): Promise<void> {
      if (failAt !== null && saves === failAt) {
        failAt = null;
        throw new Error("connection lost");
      }
      saves++;
      const row = rows.get(id);
      if (!row) throw new Error("no such row");
      for (const [field, token] of Object.entries(fields)) {
        if (row[field] === expected[field]) row[field] = token; // compare-and-swap
      }
    },
  };
  return store;
}

function expectAllOn(store: ReturnType<typeof makeStore>, kid: string, ring = ring3) {
  for (const [id, fields] of store.rows) {
    for (const [field, token] of Object.entries(fields)) {
      const expected = store.plain.get(id)?.[field];
      if (token === null) {
        expect(expected).toBeNull();
        continue;
      }
      expect(token.split(".")[1]).toBe(kid);
      expect(decryptField(ring, token, aadFor(id, field))).toBe(expected);
    }
  }
}

describe("rotateAll", () => {
  it("re-encrypts only what needs it, in batches, reporting progress", async () => {
    const store = makeStore(25);
    const progress: number[] = [];
    const result = await rotateAll({
      ring: ring2,
      batchSize: 10,
      fetchBatch: store.fetchBatch,
      aadFor,
      save: store.save,
      onProgress: (done) => progress.push(done),
    });
    // odd rows (12 of them) were on k1: 12 names + notes of the odd rows not divisible by 3 (8)
    expect(result).toEqual({ rotated: 20, scanned: 25 });
    expect(progress).toEqual([10, 20, 25]);
    expectAllOn(store, "k2", ring2);
    expect(
      await rotateAll({ ring: ring2, batchSize: 10, fetchBatch: store.fetchBatch, aadFor, save: store.save }),
    ).toEqual({ rotated: 0, scanned: 25 });
  });

  it("survives an interruption half-way and completes on a re-run, leaving plaintexts unchanged", async () => {
    const store = makeStore(40);
    store.failOnceAt(15);
    const opts = { ring: ring3, batchSize: 7, fetchBatch: store.fetchBatch, aadFor, save: store.save };
    await expect(rotateAll(opts)).rejects.toThrow("connection lost");
    const afterFirst = [...store.rows.values()].flatMap((r) => Object.values(r)).filter((t) => t !== null);
    const onK3 = afterFirst.filter((t) => !needsRotation(ring3, t)).length;
    expect(onK3).toBeGreaterThan(0);
    expect(onK3).toBeLessThan(afterFirst.length);

    const second = await rotateAll(opts);
    expect(second.scanned).toBe(40);
    expect(second.rotated).toBe(afterFirst.length - onK3);
    expectAllOn(store, "k3");
    expect(await rotateAll(opts)).toEqual({ rotated: 0, scanned: 40 });
  });

  it("does not overwrite a value the application wrote meanwhile (compare-and-swap)", async () => {
    const store = makeStore(3);
    const id = "p0001";
    const opts = {
      ring: ring3,
      batchSize: 10,
      aadFor,
      save: store.save,
      async fetchBatch(afterId: string | null, limit: number) {
        const batch = await store.fetchBatch(afterId, limit);
        // the application updates a row after rotation has read it
        const row = store.rows.get(id);
        if (row) row.name = encryptField(ring3, "Nytt namn", aadFor(id, "name"));
        store.plain.set(id, { ...store.plain.get(id), name: "Nytt namn" } as Record<string, string | null>);
        return batch;
      },
    };
    await rotateAll(opts);
    expect(decryptField(ring3, store.rows.get(id)?.name as string, aadFor(id, "name"))).toBe("Nytt namn");
    expectAllOn(store, "k3");
  });

  it("stops with a RotationError naming the row and field, never the value, when a field does not decrypt", async () => {
    const store = makeStore(4);
    const row = store.rows.get("p0002");
    if (row) row.name = encryptField(ring1, "hemligt namn", aadFor("p0003", "name")); // copied from elsewhere
    const error = await rotateAll({
      ring: ring3,
      batchSize: 2,
      fetchBatch: store.fetchBatch,
      aadFor,
      save: store.save,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RotationError);
    expect(error).toMatchObject({ rowId: "p0002", field: "name" });
    expect(String((error as Error).message)).not.toContain("hemligt");
  });

  it("rejects a bad batch size and a store whose afterId is not exclusive", async () => {
    const store = makeStore(3);
    await expect(
      rotateAll({ ring: ring3, batchSize: 0, fetchBatch: store.fetchBatch, aadFor, save: store.save }),
    ).rejects.toThrow(RangeError);
    const inclusive = async (afterId: string | null, limit: number) => {
      const ids = [...store.rows.keys()].sort().filter((id) => afterId === null || id >= afterId);
      return ids.slice(0, limit).map((id) => ({ id, fields: { ...store.rows.get(id) } }));
    };
    await expect(
      rotateAll({ ring: ring3, batchSize: 2, fetchBatch: inclusive, aadFor, save: store.save }),
    ).rejects.toThrow(/exclusive/);
  });
});
