/** TOTP second factor (RFC 6238, 30 s, 6 digits) and single-use recovery codes. */
import { createHash, randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";

const ISSUER = "Stödkedjan";

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** Codes have 6 digits; 8 only for RFC 6238's published test vectors. */
function totp(secret: string, label: string, digits: 6 | 8 = 6) {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits,
    period: 30,
    secret: Secret.fromBase32(secret),
  });
}

/**
 * The 30-second step a code belongs to, accepting one step either side for phones whose clocks
 * drift; null when the code is wrong. Callers accept a step only once (see `acceptTotpStep`).
 */
export function totpStep(secret: string, code: string, at = Date.now()): number | null {
  const clean = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(clean)) return null;
  const delta = totp(secret, "x").validate({ token: clean, timestamp: at, window: 1 });
  return delta === null ? null : Math.floor(at / 30_000) + delta;
}

export function totpCode(secret: string, at = Date.now(), digits: 6 | 8 = 6): string {
  return totp(secret, "x", digits).generate({ timestamp: at });
}

export function otpauthUri(secret: string, username: string): string {
  return totp(secret, username).toString();
}

/** The enrolment QR code as an inline SVG (served from this origin, no image request). */
export function qrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

export function newRecoveryCodes(n = 10): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: n }, () => {
    const raw = randomBytes(5).toString("hex");
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  return { codes, hashes: codes.map(hashRecoveryCode) };
}

export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(code.trim().toLowerCase()).digest("hex");
}
