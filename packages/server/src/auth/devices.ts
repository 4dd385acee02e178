/**
 * Device cookies (OWASP, "Slow down online guessing attacks with device cookies"): a browser
 * that has completed a sign-in to an account gets a signed cookie naming the account. Sign-ins
 * presenting it are throttled per device, apart from the lockout that unknown clients share
 * for the account, so an attacker hammering a username does not lock its owner out of a device
 * the owner has used before.
 */
import { randomBytes } from "node:crypto";
import { macFor, macValid } from "../crypto/fields.ts";
import type { KeyRing } from "../crypto/keyring.ts";

export const DEVICE_COOKIE = "sk_device";
/** How long a device stays known without signing in again. */
export const DEVICE_MAX_AGE_S = 180 * 24 * 60 * 60;
const PURPOSE = "device-cookie";

/** A new device cookie value for the account: `<username, base64url>.<nonce>.<mac>`. */
export function newDeviceCookie(keys: KeyRing, username: string): string {
  const body = `${Buffer.from(username).toString("base64url")}.${randomBytes(16).toString("base64url")}`;
  return `${body}.${macFor(keys, PURPOSE, body)}`;
}

/** The account and nonce of a genuine device cookie; null for anything else. */
function deviceOf(keys: KeyRing, cookie: string | undefined): { username: string; nonce: string } | null {
  if (!cookie || cookie.length > 400) return null;
  const [user, nonce, kid, mac, extra] = cookie.split(".");
  if (!user || !nonce || !kid || !mac || extra !== undefined) return null;
  if (!macValid(keys, PURPOSE, `${user}.${nonce}`, `${kid}.${mac}`)) return null;
  return { username: Buffer.from(user, "base64url").toString(), nonce };
}

/** The device's nonce when the cookie is genuine and names this account; otherwise null. */
export function knownDevice(keys: KeyRing, cookie: string | undefined, username: string): string | null {
  const device = deviceOf(keys, cookie);
  return device?.username === username ? device.nonce : null;
}

/** The account that last completed a sign-in in this browser, from a genuine device cookie. */
export const deviceAccount = (keys: KeyRing, cookie: string | undefined): string | null =>
  deviceOf(keys, cookie)?.username ?? null;
