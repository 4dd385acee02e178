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
