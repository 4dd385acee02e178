import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { generateKey, KeyRing, KeyRingError, parseKeyRing } from "./keyring.ts";

const k1 = generateKey();
const k2 = generateKey();
const k3 = generateKey();

function parseError(spec: string, activeKid?: string): KeyRingError {
  try {
    parseKeyRing(spec, activeKid);
  } catch (error) {
    expect(error).toBeInstanceOf(KeyRingError);
    return error as KeyRingError;
  }
  throw new Error("expected parseKeyRing to throw");
}

describe("generateKey", () => {
  it("gives base64 of 32 fresh random bytes", () => {
    expect(Buffer.from(k1, "base64")).toHaveLength(32);
    expect(k1).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(new Set([k1, k2, k3, generateKey()]).size).toBe(4);
  });
});

describe("parseKeyRing", () => {
  it("makes the last key active by default, or the one named", () => {
    const ring = parseKeyRing(`k1:${k1},k2:${k2}`);
    expect(ring.activeKid).toBe("k2");
    expect(ring.kids).toEqual(["k1", "k2"]);
    expect(ring.has("k1")).toBe(true);
    expect(ring.has("k3")).toBe(false);
    expect(parseKeyRing(`k1:${k1},k2:${k2}`, "k1").activeKid).toBe("k1");
  });

  it("accepts whitespace, base64url and unpadded keys", () => {
    const url = Buffer.from(k2, "base64").toString("base64url");
    const ring = parseKeyRing(`  2026-01:${k1.replace(/=$/, "")} ,\n 2026-02:${url}\n`);
    expect(ring.kids).toEqual(["2026-01", "2026-02"]);
    expect(ring.activeKid).toBe("2026-02");
  });

  it.each([
    ["", /empty/],
    ["   ", /empty/],
    [`k1:${k1},`, /entry 2 of 2 is empty/],
    [k1, /entry 1 of 1 has no "kid:" prefix/],
    [`K1:${k1}`, /entry 1 of 1 has an invalid kid/],
    [`a.b:${k1}`, /invalid kid/],
    [`${"a".repeat(33)}:${k1}`, /invalid kid/],
    [`:${k1}`, /invalid kid/],
    ["k1:", /exactly 32 bytes/],
    ["k1:not base64 at all", /exactly 32 bytes/],
    [`k1:${Buffer.alloc(16, 1).toString("base64")}`, /exactly 32 bytes/],
    [`k1:${Buffer.alloc(33, 1).toString("base64")}`, /exactly 32 bytes/],
    [`k1:${k1}==`, /exactly 32 bytes/],
    [`k1:${Buffer.alloc(32).toString("base64")}`, /all zeros/],
    [`k1:${k1},k1:${k2}`, /"k1" is listed twice/],
    [`k1:${k1},index:${k2}`, /"index" is no longer a key of the ring/],
    [`k1:${k1},k2:${k1}`, /same key is already listed/],
    [`index:${k1}`, /"index" is no longer a key of the ring/],
  ])("rejects %j", (spec, message) => {
    expect(parseError(spec).message).toMatch(message);
  });

  it("rejects a non-canonical base64 key (a typo in the last character's unused bits)", () => {
    const bytes = Buffer.from(k1, "base64");
    bytes[31] = 0; // last char then encodes 0b0000 + 2 unused bits
    const canonical = bytes.toString("base64");
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const last = canonical.at(-2) as string;
    const sibling = alphabet[alphabet.indexOf(last) + 1] as string;
    expect(parseKeyRing(`k1:${canonical}`).activeKid).toBe("k1");
    expect(parseError(`k1:${canonical.slice(0, -2)}${sibling}=`).message).toMatch(/exactly 32 bytes/);
  });

  it("rejects an active kid that is missing, reserved or malformed", () => {
    expect(parseError(`k1:${k1}`, "k9").message).toMatch(/"k9" is not in the key ring/);
    expect(parseError(`k1:${k1}`, "index").message).toMatch(/not a valid data-key kid/);
    expect(parseError(`k1:${k1}`, k2).message).toBe("the active kid is not a valid data-key kid");
  });

  it("never puts key material in an error message", () => {
    const specs = [
      `k1:${k1},k1:${k2}`,
      `k1:${k1},k2:${k1}`,
      `${k1}`,
      `k1:${k1.slice(0, 20)}`,
      `k1:${k1}x`,
      `K1:${k2}`,
      `k1 ${k1}`,
      `k1:${k1},index:${k2}`,
    ];
    for (const spec of specs) {
      const { message } = parseError(spec);
      expect(message).not.toContain(k1.slice(0, 12));
      expect(message).not.toContain(k2.slice(0, 12));
    }
  });

  it("shows no key material when logged or serialised", () => {
    const ring = parseKeyRing(`k2:${k2},k1:${k1}`);
    const hex1 = Buffer.from(k1, "base64").toString("hex");
    for (const text of [JSON.stringify(ring), inspect(ring, { showHidden: true, depth: 10 }), String(ring)]) {
      expect(text).not.toContain(k1.slice(0, 12));
      expect(text).not.toContain(k2.slice(0, 12));
      expect(text).not.toContain(hex1.slice(0, 16));
    }
    expect(JSON.parse(JSON.stringify(ring))).toEqual({ activeKid: "k1", kids: ["k2", "k1"] });
  });

  it("cannot be constructed or altered from outside", () => {
    const ring = parseKeyRing(`k1:${k1}`);
    expect(() => {
      new KeyRing(Symbol("KeyRing.construct"), "k1", new Map());
    }).toThrow(KeyRingError);
    expect(() => {
      (ring as { activeKid: string }).activeKid = "k2";
    }).toThrow(TypeError);
  });
});
