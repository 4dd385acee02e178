import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AuditEntryData,
  type ChainedAuditEntry,
  canonical,
  GENESIS,
  hashEntry,
  verifyChain,
} from "./chain.ts";

function entryData(seq: number): AuditEntryData {
  return {
    seq,
    at: new Date(Date.UTC(2026, 10, 23, 10, 0, seq)).toISOString(),
    actorId: seq % 5 === 0 ? null : `user-${seq % 3}`,
    actorRole: seq % 2 ? "coordinator" : "national",
    action: ["read", "update", "export", "login"][seq % 4] as string,
    objectType: seq % 5 === 0 ? null : "case",
    objectId: seq % 5 === 0 ? null : `case-${seq % 7}`,
    outcome: seq % 6 === 0 ? "denied" : "ok",
    detail: seq % 4 === 0 ? null : { step: seq % 6, region: "Öst", sensitive: seq % 2 === 0, note: null },
  };
}

function chain(data: AuditEntryData[]): ChainedAuditEntry[] {
  const out: ChainedAuditEntry[] = [];
  let prevHash = GENESIS;
  for (const entry of data) {
    const hash = hashEntry(entry, prevHash);
    out.push({ ...entry, prevHash, hash });
    prevHash = hash;
  }
  return out;
}

const validChain = (n: number) => chain(Array.from({ length: n }, (_, i) => entryData(i + 1)));

async function* slowly<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}

describe("canonical", () => {
  it("has a fixed field order and sorts detail keys, whatever order they were written in", () => {
    const entry = entryData(1);
    const reordered = { ...entry, detail: { note: null, sensitive: false, region: "Öst", step: 1 } };
    expect(canonical(reordered)).toBe(canonical(entry));
    expect(canonical(entry)).toBe(
      '{"v":1,"seq":1,"at":"2026-11-23T10:00:01.000Z","actorId":"user-1","actorRole":"coordinator","action":"update",' +
        '"objectType":"case","objectId":"case-1","outcome":"ok","detail":{"note":null,"region":"Öst","sensitive":false,"step":1}}',
    );
  });

  it("ignores extra properties such as prevHash and hash", () => {
    const entry = entryData(2);
    expect(canonical({ ...entry, prevHash: "x", hash: "y", id: 9 } as AuditEntryData)).toBe(canonical(entry));
  });

  it("cannot be confused by delimiters inside values", () => {
    const a = { ...entryData(1), actorRole: 'x","action":"y', action: "z" };
    const b = { ...entryData(1), actorRole: "x", action: 'y","action":"z' };
    expect(canonical(a)).not.toBe(canonical(b));
    expect(canonical({ ...entryData(1), actorId: null })).not.toBe(
      canonical({ ...entryData(1), actorId: "null" }),
    );
  });

  it("refuses what JSON or jsonb could not store the same way", () => {
    expect(() => canonical({ ...entryData(1), detail: { n: Number.NaN } })).toThrow(TypeError);
    expect(() => canonical({ ...entryData(1), detail: { n: Number.POSITIVE_INFINITY } })).toThrow(TypeError);
    expect(() =>
      canonical({ ...entryData(1), detail: { n: undefined } as unknown as AuditEntryData["detail"] }),
    ).toThrow(TypeError);
    expect(() =>
      canonical({ ...entryData(1), detail: { d: new Date() } as unknown as AuditEntryData["detail"] }),
    ).toThrow(TypeError);
    expect(() => canonical({ ...entryData(1), seq: 0 })).toThrow(TypeError);
    expect(() => canonical({ ...entryData(1), seq: 1.5 })).toThrow(TypeError);
  });
});

describe("hashEntry", () => {
  it("is hex SHA-256 over prevHash, a newline and the canonical form", async () => {
    const { createHash } = await import("node:crypto");
    const entry = entryData(1);
    const expected = createHash("sha256")
      .update(`${GENESIS}\n${canonical(entry)}`)
      .digest("hex");
    expect(hashEntry(entry, GENESIS)).toBe(expected);
    expect(hashEntry(entry, GENESIS)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEntry(entry, "1".repeat(64))).not.toBe(expected);
    expect(() => hashEntry(entry, "xyz")).toThrow(TypeError);
  });
});

describe("verifyChain", () => {
  it("verifies a valid chain, sync or async, and an empty one", async () => {
    expect(await verifyChain(validChain(30))).toEqual({ ok: true, count: 30 });
    expect(await verifyChain(slowly(validChain(30)))).toEqual({ ok: true, count: 30 });
    expect(await verifyChain([])).toEqual({ ok: true, count: 0 });
  });

  it("streams: holds nothing and stops reading at the first break", async () => {
    let produced = 0;
    let closed = false;
    const entries = validChain(50);
    (entries[9] as ChainedAuditEntry).action = "delete";
    async function* source() {
      try {
        for (const e of entries) {
          produced++;
          yield e;
        }
      } finally {
        closed = true;
      }
    }
    expect(await verifyChain(source())).toEqual({
      ok: false,
      count: 10,
      firstBroken: { seq: 10, reason: "hash-mismatch" },
    });
    expect(produced).toBe(10);
    expect(closed).toBe(true);
  });

  it("verifies a long generated chain without materialising it", async () => {
    function* generated(n: number) {
      let prevHash = GENESIS;
      for (let seq = 1; seq <= n; seq++) {
        const entry = entryData(seq);
        const hash = hashEntry(entry, prevHash);
        yield { ...entry, prevHash, hash };
        prevHash = hash;
      }
    }
    expect(await verifyChain(generated(20_000))).toEqual({ ok: true, count: 20_000 });
  });

  const tamperings: [string, (e: ChainedAuditEntry) => void][] = [
    ["actorId", (e) => (e.actorId = "someone-else")],
    ["actorId to null", (e) => (e.actorId = null)],
    ["actorRole", (e) => (e.actorRole = "admin")],
    ["action", (e) => (e.action = "export")],
    ["objectType", (e) => (e.objectType = "person")],
    ["objectId", (e) => (e.objectId = "case-999")],
    ["outcome", (e) => (e.outcome = "allowed")],
    ["detail value", (e) => (e.detail = { ...(e.detail ?? {}), step: 99 })],
    ["detail removed", (e) => (e.detail = null)],
    ["at", (e) => (e.at = "2026-11-23T09:59:59.000Z")],
    ["at by a millisecond", (e) => (e.at = e.at.replace(".000Z", ".001Z"))],
  ];

  it.each(tamperings)("finds %s altered at exactly that entry", async (_, tamper) => {
    for (const target of [1, 7, 19]) {
      const entries = validChain(20);
      const victim = entries[target - 1] as ChainedAuditEntry;
      const before = canonical(victim);
      tamper(victim);
      expect(canonical(victim)).not.toBe(before);
      expect(await verifyChain(entries)).toEqual({
        ok: false,
        count: target,
        firstBroken: { seq: target, reason: "hash-mismatch" },
      });
    }
  });

  it("finds a deleted entry as a sequence gap", async () => {
    for (const deleted of [1, 5, 19]) {
      const entries = validChain(20).filter((e) => e.seq !== deleted);
      expect(await verifyChain(entries)).toMatchObject({
        ok: false,
        firstBroken: { seq: deleted + 1, reason: "sequence-gap" },
      });
    }
  });

  it("finds a deleted and renumbered entry by its prevHash", async () => {
    const entries = validChain(10).filter((e) => e.seq !== 4);
    for (const e of entries) if (e.seq > 4) e.seq--;
    expect(await verifyChain(entries)).toMatchObject({
      ok: false,
      firstBroken: { seq: 4, reason: "prev-mismatch" },
    });
  });

  it("finds reordered entries, with or without renumbering", async () => {
    const swapped = validChain(10);
    [swapped[3], swapped[4]] = [swapped[4] as ChainedAuditEntry, swapped[3] as ChainedAuditEntry];
    expect(await verifyChain(swapped)).toMatchObject({
      ok: false,
      firstBroken: { seq: 5, reason: "sequence-gap" },
    });

    const renumbered = validChain(10);
    [renumbered[3], renumbered[4]] = [renumbered[4] as ChainedAuditEntry, renumbered[3] as ChainedAuditEntry];
    (renumbered[3] as ChainedAuditEntry).seq = 4;
    (renumbered[4] as ChainedAuditEntry).seq = 5;
    expect(await verifyChain(renumbered)).toMatchObject({
      ok: false,
      firstBroken: { seq: 4, reason: "prev-mismatch" },
    });
  });

  it("finds an inserted or duplicated entry", async () => {
    const entries = validChain(10);
    entries.splice(5, 0, { ...(entries[5] as ChainedAuditEntry) });
    expect(await verifyChain(entries)).toMatchObject({
      ok: false,
      firstBroken: { seq: 6, reason: "sequence-gap" },
    });
  });

  it("finds an entry whose first seq is not 1, or whose first prevHash is not GENESIS", async () => {
    expect(await verifyChain(validChain(5).slice(1))).toMatchObject({
      ok: false,
      firstBroken: { seq: 2, reason: "sequence-gap" },
    });
    const data = [entryData(1), entryData(2)];
    const forged = chain(data).map((e) => e);
    const start = "f".repeat(64);
    const h1 = hashEntry(data[0] as AuditEntryData, start);
    forged[0] = { ...(data[0] as AuditEntryData), prevHash: start, hash: h1 };
    expect(await verifyChain(forged)).toMatchObject({
      ok: false,
      firstBroken: { seq: 1, reason: "prev-mismatch" },
    });
  });

  it("finds a tampered entry whose hash the attacker recomputed at the next entry, as prev-mismatch", async () => {
    const entries = validChain(20);
    const victim = entries[11] as ChainedAuditEntry;
    victim.actorId = "innocent";
    victim.hash = hashEntry(victim, victim.prevHash);
    expect(await verifyChain(entries)).toEqual({
      ok: false,
      count: 13,
      firstBroken: { seq: 13, reason: "prev-mismatch" },
    });
  });

  it("reports an entry that cannot be serialised as a hash mismatch rather than throwing", async () => {
    const entries = validChain(3);
    (entries[1] as ChainedAuditEntry).detail = { n: Number.NaN };
    (entries[2] as ChainedAuditEntry).actorRole = 5 as unknown as string;
    expect(await verifyChain(entries)).toMatchObject({
      ok: false,
      firstBroken: { seq: 2, reason: "hash-mismatch" },
    });
  });

  it("finds a tampered hash or prevHash", async () => {
    const a = validChain(5);
    (a[2] as ChainedAuditEntry).hash = "0".repeat(64);
    expect(await verifyChain(a)).toMatchObject({
      ok: false,
      firstBroken: { seq: 3, reason: "hash-mismatch" },
    });
    const b = validChain(5);
    (b[2] as ChainedAuditEntry).prevHash = (b[2] as ChainedAuditEntry).prevHash.toUpperCase();
    expect(await verifyChain(b)).toMatchObject({
      ok: false,
      firstBroken: { seq: 3, reason: "prev-mismatch" },
    });
  });

  // ---- property

  const text = fc.string({ unit: "binary", maxLength: 20 });
  const detailArb = fc.option(
    fc.dictionary(
      fc.string({ maxLength: 8 }),
      fc.oneof(
        text,
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
      ),
      { maxKeys: 4 },
    ),
    { nil: null },
  );
  const entryArb = fc.record({
    at: fc
      .date({ min: new Date("2020-01-01"), max: new Date("2040-01-01"), noInvalidDate: true })
      .map((d) => d.toISOString()),
    actorId: fc.option(text, { nil: null }),
    actorRole: fc.constantFrom("coordinator", "national", "shelter", "iom", "admin", "public"),
    action: fc.constantFrom("read", "create", "update", "export", "login", "access.denied"),
    objectType: fc.option(text, { nil: null }),
    objectId: fc.option(text, { nil: null }),
    outcome: fc.constantFrom("allowed", "denied", "error", "ok") as fc.Arbitrary<AuditEntryData["outcome"]>,
    detail: detailArb,
  });
  const fieldArb = fc.constantFrom(
    "at",
    "actorId",
    "actorRole",
    "action",
    "objectType",
    "objectId",
    "outcome",
    "detail",
  ) satisfies fc.Arbitrary<keyof AuditEntryData>;

  it("verifies random chains and finds any single-field change at exactly that entry (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(entryArb, { minLength: 1, maxLength: 25 }),
        fc.nat(),
        fieldArb,
        fc.oneof(
          text,
          fc.constant(null),
          fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 3 }),
        ),
        async (records, pick, field, replacement) => {
          const entries = chain(records.map((r, i) => ({ ...r, seq: i + 1 })));
          expect(await verifyChain(entries)).toEqual({ ok: true, count: entries.length });

          const target = pick % entries.length;
          const victim = entries[target] as ChainedAuditEntry;
          const before = canonical(victim);
          (victim as unknown as Record<string, unknown>)[field] = replacement;
          let changed: boolean;
          try {
            changed = canonical(victim) !== before;
          } catch {
            changed = true; // e.g. a null actorRole: not even serialisable
          }
          fc.pre(changed);
          expect(await verifyChain(entries)).toEqual({
            ok: false,
            count: target + 1,
            firstBroken: { seq: target + 1, reason: "hash-mismatch" },
          });

          // an attacker who also recomputes the tampered entry's hash is caught at the next one
          try {
            victim.hash = hashEntry(victim, victim.prevHash);
          } catch {
            return;
          }
          const result = await verifyChain(entries);
          if (target + 1 === entries.length) {
            expect(result).toEqual({ ok: true, count: entries.length }); // the unanchored tail: see the caveat
          } else {
            expect(result).toEqual({
              ok: false,
              count: target + 2,
              firstBroken: { seq: target + 2, reason: "prev-mismatch" },
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
