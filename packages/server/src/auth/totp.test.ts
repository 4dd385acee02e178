import { Secret } from "otpauth";
import { describe, expect, it } from "vitest";
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, otpauthUri, totpCode, totpStep } from "./totp.ts";

describe("TOTP", () => {
  const secret = newTotpSecret();
  const at = Date.UTC(2026, 10, 23, 10, 0, 15);

  it("accepts the current code and one step either side, naming the step", () => {
    const step = Math.floor(at / 30_000);
    expect(totpStep(secret, totpCode(secret, at), at)).toBe(step);
    expect(totpStep(secret, totpCode(secret, at - 30_000), at)).toBe(step - 1);
    expect(totpStep(secret, totpCode(secret, at + 30_000), at)).toBe(step + 1);
    expect(totpStep(secret, totpCode(secret, at - 90_000), at)).toBeNull();
  });

  // RFC 6238, Appendix B: SHA-1, the 20-byte ASCII seed "12345678901234567890", T0 = 0, X = 30 s.
  const rfcSeed = Secret.fromUTF8("12345678901234567890").base32;
  const RFC_6238_SHA1: [number, string][] = [
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
    [20000000000, "65353130"],
  ];

  it("computes RFC 6238's published SHA-1 test vectors (8 digits)", () => {
    for (const [seconds, code] of RFC_6238_SHA1) expect(totpCode(rfcSeed, seconds * 1000, 8)).toBe(code);
  });

  it("accepts the vectors' 6-digit codes (their last six digits) at their time and names the step", () => {
    for (const [seconds, code] of RFC_6238_SHA1) {
      const at = seconds * 1000;
      expect(totpCode(rfcSeed, at)).toBe(code.slice(2));
      expect(totpStep(rfcSeed, code.slice(2), at)).toBe(Math.floor(seconds / 30));
    }
  });

  it("refuses malformed codes", () => {
    for (const bad of ["", "12345", "1234567", "abcdef", "12 34 5x"])
      expect(totpStep(secret, bad, at)).toBeNull();
  });

  it("makes an otpauth URI for the enrolment QR code", () => {
    expect(otpauthUri(secret, "a@b")).toMatch(/^otpauth:\/\/totp\/St%C3%B6dkedjan:a%40b\?/);
  });

  it("makes single-use recovery codes stored only as hashes", () => {
    const { codes, hashes } = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    expect(hashes[0]).toBe(hashRecoveryCode(` ${codes[0]?.toUpperCase()} `));
    expect(hashes.join()).not.toContain(codes[0]);
  });
});
