/**
 * The key ring for field-level encryption.
 *
 * Configuration (e.g. from a secret store or an environment variable):
 *
 *     kid1:BASE64KEY,kid2:BASE64KEY
 *
 * - Each data key is exactly 32 random bytes (AES-256), given as base64 (standard or URL-safe
 *   alphabet, canonical encoding; `generateKey()` makes one).
 * - A kid matches /^[a-z0-9-]{1,32}$/ and is written, unencrypted, into every token it encrypts:
 *   never derive a kid from the key material.
 * - The active key, the one every new encryption uses, is `activeKid` or else the last data key listed.
 *   The other keys still decrypt, so rotation is: add a new key at the end, deploy, run `rotateAll`,
 *   then drop the old key once nothing (including backups you still need to read) uses it.
 * - `index` is not a valid kid: it once named a separate blind-index key. Blind indexes now derive
 *   from the data keys and rotate with them (see `blindIndex` in fields.ts and ADR 0023).
 *
 * Error messages never contain key material; for malformed entries they give only the entry's position.
 * The keys are held as `KeyObject`s inside a module-private WeakMap, so `JSON.stringify`, `console.log`
 * or `util.inspect` of a `KeyRing` show kids only.
 */
import { createSecretKey, type KeyObject, randomBytes } from "node:crypto";
import { inspect } from "node:util";

export const KEY_BYTES = 32;
export const KID_PATTERN = /^[a-z0-9-]{1,32}$/;
/** A kid refused in a ring spec: it once named a separate blind-index key (ADR 0023). */
export const INDEX_KID = "index";

export class KeyRingError extends Error {
  override name = "KeyRingError";
}

interface Secrets {
  keys: Map<string, KeyObject>;
}

/** Holds the keys out of reach of anything but `keyringSecrets` (used by fields.ts). */
const secrets = new WeakMap<KeyRing, Secrets>();
/** Only this module can construct rings: `parseKeyRing` is the one way in. */
const CONSTRUCT = Symbol("KeyRing.construct");

export class KeyRing {
  /** The kid every new encryption uses. */
  readonly activeKid: string;
  /** All data-key kids, in the order given. */
  readonly kids: readonly string[];

  /** @internal Use `parseKeyRing`. */
  constructor(token: symbol, activeKid: string, keys: Map<string, KeyObject>) {
    if (token !== CONSTRUCT) throw new KeyRingError("use parseKeyRing() to make a key ring");
    this.activeKid = activeKid;
    this.kids = Object.freeze([...keys.keys()]);
    secrets.set(this, { keys });
    Object.freeze(this);
  }

  /** Whether this ring holds a data key with this kid. */
  has(kid: string): boolean {
    return secrets.get(this)?.keys.has(kid) ?? false;
  }

  toJSON(): { activeKid: string; kids: readonly string[] } {
    return { activeKid: this.activeKid, kids: this.kids };
  }

  [inspect.custom](): string {
    return `KeyRing ${JSON.stringify(this.toJSON())}`;
  }
}

/**
 * @internal For fields.ts only: the key objects behind a ring. Not re-exported from the package.
 */
export function keyringSecrets(ring: KeyRing): Readonly<Secrets> {
  const found = secrets.get(ring);
  if (!found) throw new KeyRingError("not a key ring made by parseKeyRing");
  return found;
}

/** A fresh random 32-byte key, base64-encoded, for a ring spec. */
export function generateKey(): string {
  return randomBytes(KEY_BYTES).toString("base64");
}

const BASE64 = /^(?:[A-Za-z0-9+/]{43}=?|[A-Za-z0-9_-]{43})$/;

/** Decodes a 32-byte key, accepting only canonical base64 or base64url; null if it is anything else. */
function decodeKey(text: string): Buffer | null {
  if (!BASE64.test(text)) return null;
  const urlSafe = /[-_]/.test(text);
  const bytes = Buffer.from(text, urlSafe ? "base64url" : "base64");
  const again = bytes.toString(urlSafe ? "base64url" : "base64");
  if (bytes.length !== KEY_BYTES || again.replace(/=+$/, "") !== text.replace(/=+$/, "")) {
    bytes.fill(0);
    return null;
  }
  return bytes;
}

/**
 * Parses `kid1:BASE64KEY,kid2:BASE64KEY`. Whitespace around the spec and around each
 * entry is ignored. Throws a `KeyRingError` on: an empty spec, an entry without `:`, an invalid kid,
 * a key that is not exactly 32 bytes of canonical base64, a duplicate kid, the same key under two names
 * the retired kid `index`, an all-zero key, no data key at all, or an `activeKid` that is not in the ring.
 */
export function parseKeyRing(spec: string, activeKid?: string): KeyRing {
  if (typeof spec !== "string" || spec.trim() === "") {
    throw new KeyRingError("key ring spec is empty: expected kid:BASE64KEY[,kid:BASE64KEY...]");
  }
  const keys = new Map<string, KeyObject>();
  const seen: Buffer[] = [];
  const entries = spec.trim().split(",");
  try {
    for (const [i, raw] of entries.entries()) {
      const where = `key ring entry ${i + 1} of ${entries.length}`;
      const entry = raw.trim();
      if (entry === "") throw new KeyRingError(`${where} is empty`);
      const colon = entry.indexOf(":");
      if (colon < 0) throw new KeyRingError(`${where} has no "kid:" prefix (expected kid:BASE64KEY)`);
      const kid = entry.slice(0, colon).trim();
      if (!KID_PATTERN.test(kid)) {
        throw new KeyRingError(`${where} has an invalid kid (expected 1-32 characters of a-z, 0-9 and -)`);
      }
      if (kid === INDEX_KID)
        throw new KeyRingError(
          `${where}: "index" is no longer a key of the ring (blind indexes derive from the data keys): remove the entry`,
        );
      if (keys.has(kid)) throw new KeyRingError(`${where}: kid "${kid}" is listed twice`);
      const bytes = decodeKey(entry.slice(colon + 1).trim());
      if (!bytes) {
        throw new KeyRingError(
          `${where} (kid "${kid}"): the key must be the base64 encoding of exactly ${KEY_BYTES} bytes (see generateKey())`,
        );
      }
      seen.push(bytes);
      if (bytes.every((b) => b === 0))
        throw new KeyRingError(`${where} (kid "${kid}"): the key is all zeros`);
      if (seen.some((other) => other !== bytes && other.equals(bytes))) {
        throw new KeyRingError(`${where} (kid "${kid}"): the same key is already listed under another kid`);
      }
      const key = createSecretKey(bytes);
      keys.set(kid, key);
    }
  } finally {
    for (const bytes of seen) bytes.fill(0);
  }
  if (keys.size === 0) throw new KeyRingError("key ring has no data key");
  let active: string;
  if (activeKid === undefined || activeKid === "") {
    active = [...keys.keys()].at(-1) as string;
  } else if (!KID_PATTERN.test(activeKid) || activeKid === INDEX_KID) {
    throw new KeyRingError("the active kid is not a valid data-key kid");
  } else if (!keys.has(activeKid)) {
    throw new KeyRingError(`the active kid "${activeKid}" is not in the key ring`);
  } else {
    active = activeKid;
  }
  return new KeyRing(CONSTRUCT, active, keys);
}
