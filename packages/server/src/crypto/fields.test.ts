import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  blindIndex,
  blobHeader,
  bytesNeedRotation,
  DecryptionError,
  decryptBytes,
  decryptField,
  encryptBytes,
  encryptField,
  fieldAad,
  needsRotation,
  normaliseForIndex,
  reencryptBytes,
  reencryptField,
} from "./fields.ts";
import { generateKey, KeyRingError, parseKeyRing } from "./keyring.ts";

const oldKey = generateKey();
const newKey = generateKey();
const oldRing = parseKeyRing(`2025:${oldKey}`);
const ring = parseKeyRing(`2025:${oldKey},2026:${newKey}`);
const otherRing = parseKeyRing(`2026:${generateKey()}`);
const aad = fieldAad("persons", "name", "6f1c2b1e-0a51-4d8e-9a0b-3c1f6f0e2a11");

function expectDecryptionError(fn: () => unknown): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DecryptionError);
  expect((thrown as Error).message).toBe("decryption failed");
  expect((thrown as Error).cause).toBeUndefined();
}

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

describe("encryptField / decryptField", () => {
  it.each([
    ["empty", ""],
    ["ASCII", "Anna Svensson"],
    ["Swedish", "Åsa Öberg-Ängström, Rågsved, Gävle"],
    ["emoji and ZWJ sequences", "👩‍👧 🇸🇪 🧑🏽‍⚕️"],
    ["a byte-order mark and NUL", "\uFEFFstart\u0000end"],
    ["decomposed å (NFD stays NFD)", "a\u030A"],
    ["1 MB", "å".repeat(512 * 1024)],
  ])("round-trips %s", (_, text) => {
    const token = encryptField(ring, text, aad);
    expect(token).toMatch(/^v1\.2026\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22,}$/);
    expect(decryptField(ring, token, aad)).toBe(text);
  });

  it("uses a fresh IV each time, so equal plaintexts give different tokens", () => {
    const tokens = Array.from({ length: 50 }, () => encryptField(ring, "samma", aad));
    expect(new Set(tokens).size).toBe(50);
    expect(new Set(tokens.map((t) => t.split(".")[2])).size).toBe(50);
  });

  it("fails when any single character of the token is changed", () => {
    const token = encryptField(ring, "Åsa", aad);
    for (let i = 0; i < token.length; i++) {
      for (const replacement of [".", "A", "_", "z", "0", "v", "2", "é"]) {
        if (replacement === token[i]) continue;
        const tampered = token.slice(0, i) + replacement + token.slice(i + 1);
        expectDecryptionError(() => decryptField(ring, tampered, aad));
      }
      // also the neighbouring base64url symbol, which differs in a single bit
      const c = token[i] as string;
      const at = B64URL.indexOf(c);
      if (at >= 0) {
        const tampered = token.slice(0, i) + B64URL[at ^ 1] + token.slice(i + 1);
        expectDecryptionError(() => decryptField(ring, tampered, aad));
      }
    }
  });

  it("fails when characters are added or removed", () => {
    const token = encryptField(ring, "Åsa", aad);
    expectDecryptionError(() => decryptField(ring, `${token}A`, aad));
    expectDecryptionError(() => decryptField(ring, token.slice(0, -1), aad));
    expectDecryptionError(() => decryptField(ring, ` ${token}`, aad));
    expectDecryptionError(() => decryptField(ring, `${token}\n`, aad));
  });

  it("fails for another row, another column or an empty-looking AAD variant", () => {
    const token = encryptField(ring, "Åsa", aad);
    expectDecryptionError(() => decryptField(ring, token, fieldAad("persons", "name", "another-row")));
    expectDecryptionError(() =>
      decryptField(ring, token, fieldAad("persons", "phone", "6f1c2b1e-0a51-4d8e-9a0b-3c1f6f0e2a11")),
    );
    expectDecryptionError(() => decryptField(ring, token, `${aad} `));
    expectDecryptionError(() => decryptField(ring, token, aad.toUpperCase()));
  });

  it("fails for an unknown kid and for a ring without the right key", () => {
    const token = encryptField(ring, "Åsa", aad);
    expectDecryptionError(() => decryptField(otherRing, token, aad)); // same kid, different key
    expectDecryptionError(() => decryptField(ring, token.replace("v1.2026.", "v1.2027."), aad));
    expectDecryptionError(() => decryptField(ring, token.replace("v1.2026.", "v1.2025."), aad)); // kid is authenticated
  });

  it("fails for malformed tokens", () => {
    const token = encryptField(ring, "x", aad);
    const [, , iv, body] = token.split(".") as [string, string, string, string];
    for (const bad of [
      "",
      "v1",
      "v1...",
      "Anna Svensson",
      `v2.2026.${iv}.${body}`,
      `v1.2026.${iv}`,
      `v1.2026.${iv}.${body}.extra`,
      `v1.2026.${iv}A.${body}`,
      `v1.2026.${iv}.${body.slice(0, 21)}`,
      `v1.2026.${iv}.${Buffer.alloc(15).toString("base64url")}`,
      `v1.2026.${iv.slice(0, -1)}+.${body}`,
      `v1.2026.${iv}.${body.slice(0, -1)}/`,
      `v1.2026.${iv}.${body}=`,
      null,
      42,
    ]) {
      expectDecryptionError(() => decryptField(ring, bad as string, aad));
    }
  });

  it("refuses ill-formed input rather than silently changing it", () => {
    expect(() => encryptField(ring, "lone \uD800 surrogate", aad)).toThrow(/well-formed/);
    expect(() => encryptField(ring, "x", "persons.name:\uDC00")).toThrow(/well-formed/);
    expect(() => encryptField(ring, "x", "")).toThrow(/aad must not be empty/);
    expect(() => encryptField(ring, 5 as unknown as string, aad)).toThrow(TypeError);
    expect(() => decryptField(ring, encryptField(ring, "x", aad), "")).toThrow(TypeError);
  });

  it("round-trips any well-formed string under any AAD (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 200 }),
        fc.string({ unit: "binary", minLength: 1, maxLength: 60 }),
        (text, where) => {
          expect(decryptField(ring, encryptField(ring, text, where), where)).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never decrypts under a different AAD (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 50 }),
        fc.string({ unit: "binary", minLength: 1, maxLength: 30 }),
        fc.string({ unit: "binary", minLength: 1, maxLength: 30 }),
        (text, a, b) => {
          fc.pre(a !== b);
          const token = encryptField(ring, text, a);
          expect(() => decryptField(ring, token, b)).toThrow(DecryptionError);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("rotation of single fields", () => {
  it("keeps old tokens readable, flags them, and re-encrypts them under the active key", () => {
    const old = encryptField(oldRing, "Åsa Öberg", aad);
    expect(old.startsWith("v1.2025.")).toBe(true);
    expect(decryptField(ring, old, aad)).toBe("Åsa Öberg");
    expect(needsRotation(ring, old)).toBe(true);
    expect(needsRotation(oldRing, old)).toBe(false);

    const fresh = reencryptField(ring, old, aad);
    expect(fresh.startsWith("v1.2026.")).toBe(true);
    expect(needsRotation(ring, fresh)).toBe(false);
    expect(decryptField(ring, fresh, aad)).toBe("Åsa Öberg");
    expectDecryptionError(() => decryptField(oldRing, fresh, aad));
  });

  it("flags anything that is not a token, and refuses to re-encrypt it or a token under the wrong AAD", () => {
    expect(needsRotation(ring, "Anna Svensson")).toBe(true);
    expect(needsRotation(ring, "")).toBe(true);
    expectDecryptionError(() => reencryptField(ring, "Anna Svensson", aad));
    const old = encryptField(oldRing, "x", aad);
    expectDecryptionError(() => reencryptField(ring, old, fieldAad("persons", "name", "other")));
  });
});

describe("encryptBytes / decryptBytes", () => {
  it("round-trips empty, small and 1 MB binary data with the documented layout", () => {
    for (const data of [Buffer.alloc(0), Buffer.from([0, 255, 0xfe, 0xff]), randomBytes(1024 * 1024)]) {
      const blob = encryptBytes(ring, data, "attachments.content:a1");
      expect(blob[0]).toBe(0x01);
      expect(blob[1]).toBe(4);
      expect(blob.subarray(2, 6).toString("ascii")).toBe("2026");
      expect(blob.length).toBe(2 + 4 + 12 + data.length + 16);
      expect(decryptBytes(ring, blob, "attachments.content:a1").equals(data)).toBe(true);
    }
  });

  it("accepts a Uint8Array view into a larger buffer", () => {
    const blob = encryptBytes(ring, new Uint8Array([1, 2, 3]), "a:1");
    const padded = Buffer.concat([Buffer.from("junk"), blob, Buffer.from("junk")]);
    const view = new Uint8Array(padded.buffer, padded.byteOffset + 4, blob.length);
    expect([...decryptBytes(ring, view, "a:1")]).toEqual([1, 2, 3]);
  });

  it("fails when any single bit is flipped, on wrong AAD, unknown kid and truncation", () => {
    const blob = encryptBytes(ring, Buffer.from("hemligt"), "a:1");
    for (let i = 0; i < blob.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const tampered = Buffer.from(blob);
        tampered[i] = (tampered[i] as number) ^ (1 << bit);
        expectDecryptionError(() => decryptBytes(ring, tampered, "a:1"));
      }
    }
    expectDecryptionError(() => decryptBytes(ring, blob, "a:2"));
    expectDecryptionError(() => decryptBytes(otherRing, blob, "a:1"));
    for (let n = 0; n < blob.length; n++)
      expectDecryptionError(() => decryptBytes(ring, blob.subarray(0, n), "a:1"));
    expectDecryptionError(() => decryptBytes(ring, Buffer.concat([blob, Buffer.from([0])]), "a:1"));
  });

  it("rotates like fields", () => {
    const blob = encryptBytes(oldRing, Buffer.from("x"), "a:1");
    expect(bytesNeedRotation(ring, blob)).toBe(true);
    expect(bytesNeedRotation(ring, encryptBytes(ring, Buffer.from("x"), "a:1"))).toBe(false);
    expect(bytesNeedRotation(ring, Buffer.alloc(0))).toBe(true);
    expect(decryptBytes(ring, blob, "a:1").toString()).toBe("x");
  });

  it("re-encrypts a blob under the active key, and starts every blob with its kid's header", () => {
    const blob = encryptBytes(oldRing, Buffer.from("bilaga"), "a:1");
    expect(blob.subarray(0, 6).equals(blobHeader("2025"))).toBe(true);
    const fresh = reencryptBytes(ring, blob, "a:1");
    expect(fresh.subarray(0, 6).equals(blobHeader("2026"))).toBe(true);
    expect(bytesNeedRotation(ring, fresh)).toBe(false);
    expect(decryptBytes(ring, fresh, "a:1").toString()).toBe("bilaga");
    expectDecryptionError(() => decryptBytes(oldRing, fresh, "a:1"));
    expectDecryptionError(() => reencryptBytes(ring, blob, "a:2"));
    expect(() => blobHeader("Not A Kid")).toThrow(TypeError);
  });

  it("round-trips any bytes (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), fc.string({ minLength: 1 }), (data, where) => {
        expect(Buffer.compare(decryptBytes(ring, encryptBytes(ring, data, where), where), data)).toBe(0);
      }),
    );
  });
});

describe("blindIndex", () => {
  it("is deterministic, normalised, and separated by purpose", () => {
    const a = blindIndex(ring, "Åsa Öberg", "persons.name");
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(blindIndex(ring, "  åsa öberg\n", "persons.name")).toBe(a);
    expect(blindIndex(ring, "A\u030Asa O\u0308berg", "persons.name")).toBe(a); // NFD input
    expect(blindIndex(ring, "Åsa Oberg", "persons.name")).not.toBe(a);
    expect(blindIndex(ring, "Åsa Öberg", "persons.alias")).not.toBe(a);
    expect(normaliseForIndex(" ÅSA\u00A0")).toBe("åsa");
  });

  it("follows its data key: the active one by default, an older one by name", () => {
    const before = blindIndex(oldRing, "Anna", "persons.name");
    expect(blindIndex(ring, "Anna", "persons.name", "2025")).toBe(before);
    expect(blindIndex(ring, "Anna", "persons.name")).not.toBe(before);
    expect(blindIndex(ring, "Anna", "persons.name")).toBe(blindIndex(ring, "Anna", "persons.name", "2026"));
    expect(blindIndex(otherRing, "Anna", "persons.name")).not.toBe(blindIndex(ring, "Anna", "persons.name"));
  });

  it("needs a data key of the ring and a valid purpose", () => {
    expect(() => blindIndex(otherRing, "Anna", "persons.name", "2025")).toThrow(KeyRingError);
    expect(() => blindIndex(ring, "Anna", "")).toThrow(TypeError);
    expect(() => blindIndex(ring, "Anna", "Persons Name")).toThrow(TypeError);
    expect(() => blindIndex(ring, "\uD800", "persons.name")).toThrow(/well-formed/);
  });
});

describe("fieldAad", () => {
  it("builds unambiguous AADs", () => {
    expect(fieldAad("persons", "contact_details", "42")).toBe("persons.contact_details:42");
    expect(() => fieldAad("persons.x", "name", "1")).toThrow(TypeError);
    expect(() => fieldAad("persons", "na:me", "1")).toThrow(TypeError);
    expect(() => fieldAad("persons", "name", "")).toThrow(TypeError);
  });
});
