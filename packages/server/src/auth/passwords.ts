/** Argon2id password hashing (OWASP's minimum: 19 MiB, 2 passes, 1 lane). */
import { hash, verify } from "@node-rs/argon2";

const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  // Without a stored hash we still spend the time of one verification, so timing does not reveal accounts.
  if (!stored) {
    await hash(password, OPTIONS);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A password policy a coordinator can live with: long rather than complex. */
export function passwordProblem(password: string): string | null {
  if (password.length < 12) return "at least 12 characters";
  if (password.length > 256) return "at most 256 characters";
  return null;
}
