/**
 * Field-level encryption: AES-256-GCM, a fresh random 96-bit IV per encryption, a 128-bit tag, and
 * associated data that binds each ciphertext to its place.
 *
 * ## Associated data (AAD)
 * Callers pass `aad` naming where the value lives, e.g. `fieldAad("persons", "name", row.id)` =
 * `persons.name:<row id>`. A ciphertext copied to another row or column then fails to decrypt. Use an
 * immutable row id (the UUID primary key), never something that can change. The bytes actually given
 * to GCM as associated data are UTF-8(`v1.` + kid + `.` + aad), so the version and kid in the token's
 * header are authenticated too. `aad` must be a non-empty, well-formed Unicode string.
 *
 * ## Text token (for a text column)
 *     v1.<kid>.<iv>.<ciphertext+tag>
 * `iv` is 12 bytes and `ciphertext+tag` is the GCM output followed by its 16-byte tag, both base64url
 * without padding. Plaintext is UTF-8. Only the canonical encoding is accepted, so changing any
 * character of a token makes it fail.
 *
 * ## Binary blob (for attachments, a bytea column or a file)
 *     [0x01 version][1 byte: kid length n][n bytes: kid, ASCII][12 bytes: IV][ciphertext][16 bytes: tag]
 * Same algorithm, same associated data construction, same key ring.
 *
 * Every failure to decrypt (tampering, wrong key, wrong AAD, unknown kid, malformed token) throws the
 * same `DecryptionError` with no details, so callers cannot leak an oracle by accident.
 *
 * ## Blind index
 * `blindIndex` gives a deterministic HMAC-SHA256 of a normalised value, for equality search over an
 * encrypted column. Its key is derived with HKDF-SHA256 from a data key of the ring (the active one
 * unless a kid is named; info = `stodkedjan blind-index v2` NUL purpose), so different purposes give
 * unrelated indexes and no index key is ever an encryption key. An index therefore follows its data
 * key: when the keys rotate, every index is rebuilt under the new active key (ADR 0023), and until
 * then a lookup computes the value under each key of the ring.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  type KeyObject,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";
import { type KeyRing, KeyRingError, KID_PATTERN, keyringSecrets } from "./keyring.ts";

const ALGORITHM = "aes-256-gcm";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = "v1";
const VERSION_BYTE = 0x01;

/** Thrown for every decryption failure; deliberately says nothing about why. */
export class DecryptionError extends Error {
  override name = "DecryptionError";
  constructor() {
    super("decryption failed");
  }
}

function assertText(value: unknown, what: string, allowEmpty: boolean): asserts value is string {
  if (typeof value !== "string") throw new TypeError(`${what} must be a string`);
  if (!allowEmpty && value === "") throw new TypeError(`${what} must not be empty`);
  // A lone surrogate would be replaced by U+FFFD in UTF-8: a silent change of plaintext, or two
  // different AADs mapping to the same bytes. Refuse instead.
  if (!value.isWellFormed()) throw new TypeError(`${what} is not well-formed Unicode (lone surrogate)`);
}

const TABLE_OR_COLUMN = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The conventional AAD for a column value: `<table>.<column>:<rowId>`. Table and column are
 * lower-case SQL identifiers, so the string cannot be ambiguous; rowId must be the row's immutable id.
 */
export function fieldAad(table: string, column: string, rowId: string): string {
  if (!TABLE_OR_COLUMN.test(table)) throw new TypeError("table must be a lower-case SQL identifier");
  if (!TABLE_OR_COLUMN.test(column)) throw new TypeError("column must be a lower-case SQL identifier");
  assertText(rowId, "rowId", false);
  return `${table}.${column}:${rowId}`;
}

function gcmAad(kid: string, aad: string): Buffer {
  return Buffer.from(`${VERSION}.${kid}.${aad}`, "utf8");
}

function keyFor(ring: KeyRing, kid: string): KeyObject | undefined {
  return keyringSecrets(ring).keys.get(kid);
}

interface Sealed {
  kid: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

function seal(ring: KeyRing, plaintext: Uint8Array, aad: string): Sealed {
  const kid = ring.activeKid;
  const key = keyFor(ring, kid);
  if (!key) throw new KeyRingError("the active key is missing from the key ring");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(gcmAad(kid, aad));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { kid, iv, ciphertext, tag: cipher.getAuthTag() };
}

/** Decrypts or throws DecryptionError; never returns unauthenticated plaintext. */
function open(ring: KeyRing, kid: string, iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: string): Buffer {
  const key = keyFor(ring, kid);
  if (!key || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DecryptionError();
  let plaintext: Buffer | undefined;
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(gcmAad(kid, aad));
    decipher.setAuthTag(tag);
    plaintext = decipher.update(ciphertext);
    const rest = decipher.final(); // throws when the tag does not verify
    return rest.length ? Buffer.concat([plaintext, rest]) : plaintext;
  } catch {
    plaintext?.fill(0);
    throw new DecryptionError();
  }
}

// ---------------------------------------------------------------------------------------------------
// Text tokens

const TOKEN = /^v1\.([a-z0-9-]{1,32})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/;

interface ParsedToken {
  kid: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/** Decodes base64url, or null unless `text` is exactly the canonical encoding of the result. */
function fromBase64url(text: string): Buffer | null {
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : null;
}

function parseToken(token: unknown): ParsedToken | null {
  if (typeof token !== "string") return null;
  const match = TOKEN.exec(token);
  if (!match) return null;
  const [, kid, ivText, bodyText] = match as unknown as [string, string, string, string];
  const iv = fromBase64url(ivText);
  const body = fromBase64url(bodyText);
  if (!iv || !body || iv.length !== IV_BYTES || body.length < TAG_BYTES) return null;
  return {
    kid,
    iv,
    ciphertext: body.subarray(0, body.length - TAG_BYTES),
    tag: body.subarray(body.length - TAG_BYTES),
  };
}

/** Encrypts a string under the active key, bound to `aad`. Returns `v1.<kid>.<iv>.<ciphertext+tag>`. */
export function encryptField(ring: KeyRing, plaintext: string, aad: string): string {
  assertText(plaintext, "plaintext", true);
  assertText(aad, "aad", false);
  const bytes = Buffer.from(plaintext, "utf8");
  try {
    const { kid, iv, ciphertext, tag } = seal(ring, bytes, aad);
    return `${VERSION}.${kid}.${iv.toString("base64url")}.${Buffer.concat([ciphertext, tag]).toString("base64url")}`;
  } finally {
    bytes.fill(0);
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Decrypts a token made by `encryptField` with the same `aad`; throws DecryptionError otherwise. */
export function decryptField(ring: KeyRing, token: string, aad: string): string {
  assertText(aad, "aad", false);
  const parsed = parseToken(token);
  if (!parsed) throw new DecryptionError();
  const bytes = open(ring, parsed.kid, parsed.iv, parsed.ciphertext, parsed.tag, aad);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new DecryptionError();
  } finally {
    bytes.fill(0);
  }
}

/**
 * Whether a stored token should be re-encrypted: its kid is not the active one. Also true for anything
 * that is not a well-formed token (legacy plaintext, corruption), so that rotation surfaces it instead of
 * skipping it. Reads only the header; it does not authenticate the token.
 */
export function needsRotation(ring: KeyRing, token: string): boolean {
  const parsed = parseToken(token);
  return parsed === null || parsed.kid !== ring.activeKid;
}

/** Decrypts with the token's own key and encrypts again under the active key (with a fresh IV). */
export function reencryptField(ring: KeyRing, token: string, aad: string): string {
  return encryptField(ring, decryptField(ring, token, aad), aad);
}

// ---------------------------------------------------------------------------------------------------
// Binary blobs

/**
 * Encrypts bytes under the active key, bound to `aad`. Returns
 * `[0x01][kid length][kid][12-byte IV][ciphertext][16-byte tag]`. The whole input is held in memory.
 */
export function encryptBytes(ring: KeyRing, plaintext: Uint8Array, aad: string): Buffer {
  if (!(plaintext instanceof Uint8Array)) throw new TypeError("plaintext must be a Buffer or Uint8Array");
  assertText(aad, "aad", false);
  const { kid, iv, ciphertext, tag } = seal(ring, plaintext, aad);
  const kidBytes = Buffer.from(kid, "ascii");
  return Buffer.concat([Buffer.from([VERSION_BYTE, kidBytes.length]), kidBytes, iv, ciphertext, tag]);
}

/** Decrypts a blob made by `encryptBytes` with the same `aad`; throws DecryptionError otherwise. */
export function decryptBytes(ring: KeyRing, blob: Uint8Array, aad: string): Buffer {
  assertText(aad, "aad", false);
  if (!(blob instanceof Uint8Array) || blob.length < 2) throw new DecryptionError();
  const data = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const kidLength = data[1] ?? 0;
  const headerLength = 2 + kidLength;
  if (data[0] !== VERSION_BYTE || kidLength < 1 || data.length < headerLength + IV_BYTES + TAG_BYTES) {
    throw new DecryptionError();
  }
  const kid = data.subarray(2, headerLength).toString("latin1");
  if (!KID_PATTERN.test(kid)) throw new DecryptionError();
  const iv = data.subarray(headerLength, headerLength + IV_BYTES);
  const ciphertext = data.subarray(headerLength + IV_BYTES, data.length - TAG_BYTES);
  const tag = data.subarray(data.length - TAG_BYTES);
  return open(ring, kid, iv, ciphertext, tag, aad);
}

/**
 * Decrypts a blob with its own key and encrypts it again under the active key (with a fresh IV). The
 * plaintext is held only between the two steps and zeroed afterwards.
 */
export function reencryptBytes(ring: KeyRing, blob: Uint8Array, aad: string): Buffer {
  const plaintext = decryptBytes(ring, blob, aad);
  try {
    return encryptBytes(ring, plaintext, aad);
  } finally {
    plaintext.fill(0);
  }
}

/**
 * The first bytes of every blob encrypted under `kid`: version, kid length and kid. A blob that does
 * not start with the active kid's header needs rotation, which lets a database find such blobs by a
 * prefix comparison without reading them whole.
 */
export function blobHeader(kid: string): Buffer {
  if (!KID_PATTERN.test(kid)) throw new TypeError("not a valid kid");
  const kidBytes = Buffer.from(kid, "ascii");
  return Buffer.concat([Buffer.from([VERSION_BYTE, kidBytes.length]), kidBytes]);
}

/** Whether a blob's kid is not the active one (or it is not a well-formed blob). */
export function bytesNeedRotation(ring: KeyRing, blob: Uint8Array): boolean {
  if (!(blob instanceof Uint8Array) || blob.length < 2 || blob[0] !== VERSION_BYTE) return true;
  const kidLength = blob[1] ?? 0;
  const kid = Buffer.from(blob.buffer, blob.byteOffset + 2, Math.min(kidLength, blob.length - 2)).toString(
    "latin1",
  );
  return kid !== ring.activeKid;
}

// ---------------------------------------------------------------------------------------------------
// Blind index

const PURPOSE = /^[a-z0-9_.:-]{1,64}$/;
const derivedIndexKeys = new WeakMap<KeyRing, Map<string, KeyObject>>();

/**
 * The normalisation applied before indexing: Unicode NFC, trimmed, lower-cased (locale-independent).
 * Exported so that callers can show or compare what is actually matched.
 */
export function normaliseForIndex(value: string): string {
  assertText(value, "value", true);
  return value.normalize("NFC").trim().toLowerCase().normalize("NFC");
}

/**
 * A deterministic, keyed index of `value` for equality search over an encrypted column: lower-case hex
 * HMAC-SHA256 (64 characters) of the normalised value, under a key derived for `purpose` (e.g.
 * `persons.name`, 1–64 of a-z 0-9 _ . : -) from the data key `kid` (by default the active one). Equal
 * inputs give equal outputs under one key, so the index reveals which rows share a value: index only
 * values with enough entropy (names, phone numbers), never small code sets like birth year.
 */
export function blindIndex(ring: KeyRing, value: string, purpose: string, kid = ring.activeKid): string {
  if (typeof purpose !== "string" || !PURPOSE.test(purpose)) {
    throw new TypeError("purpose must be 1-64 characters of a-z, 0-9, _ . : -");
  }
  const normalised = normaliseForIndex(value);
  let perRing = derivedIndexKeys.get(ring);
  if (!perRing) {
    perRing = new Map();
    derivedIndexKeys.set(ring, perRing);
  }
  const slot = `${kid}\0${purpose}`;
  let key = perRing.get(slot);
  if (!key) {
    const dataKey = keyFor(ring, kid);
    if (!dataKey) throw new KeyRingError(`the key ring has no data key "${kid}"`);
    const derived = Buffer.from(
      hkdfSync("sha256", dataKey, Buffer.alloc(0), `stodkedjan blind-index v2\0${purpose}`, 32),
    );
    key = createSecretKey(derived);
    derived.fill(0);
    perRing.set(slot, key);
  }
  return createHmac("sha256", key).update(normalised, "utf8").digest("hex");
}

/**
 * A MAC over `message` for `purpose` (e.g. a device cookie), `<kid>.<base64url HMAC-SHA256>`, under
 * a key derived with HKDF from the active data key (info `stodkedjan mac v1` NUL purpose). Verified
 * under whichever data key its kid names, so MACs stay valid until their key leaves the ring.
 */
export function macFor(ring: KeyRing, purpose: string, message: string): string {
  return `${ring.activeKid}.${macUnder(ring, ring.activeKid, purpose, message)}`;
}

export function macValid(ring: KeyRing, purpose: string, message: string, mac: string): boolean {
  const dot = mac.indexOf(".");
  const kid = mac.slice(0, dot);
  if (dot < 1 || !ring.has(kid)) return false;
  const expected = Buffer.from(macUnder(ring, kid, purpose, message));
  const given = Buffer.from(mac.slice(dot + 1));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function macUnder(ring: KeyRing, kid: string, purpose: string, message: string): string {
  const key = keyringSecrets(ring).keys.get(kid) as KeyObject;
  const derived = Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), `stodkedjan mac v1\0${purpose}`, 32));
  const mac = createHmac("sha256", derived).update(message, "utf8").digest("base64url");
  derived.fill(0);
  return mac;
}
