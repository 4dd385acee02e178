/** Field-level encryption: the public surface (keyring internals stay inside this folder). */

export {
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
export {
  generateKey,
  INDEX_KID,
  KEY_BYTES,
  KeyRing,
  KeyRingError,
  KID_PATTERN,
  parseKeyRing,
} from "./keyring.ts";
export { type RotateAllOptions, RotationError, type RotationRow, rotateAll } from "./rotation.ts";
