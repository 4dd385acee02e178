/**
 * Sign-in throttling per key (an account from untrusted clients, an address, a known device).
 * Every attempt first takes a slot in its keys' windows, in one atomic statement per key, and
 * only an attempt that got its slots is evaluated: so however many arrive at once, at most the
 * limit are evaluated in a window. The attempt after the limit locks the key for a while.
 * A successful attempt gives its slots back.
 */
import { type Db, schema } from "@stodkedjan/db";
import { eq, sql } from "drizzle-orm";

export const LIMITS = {
  /** Unknown devices signing in to one account. */
  account: { failures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  /** One client address (behind a trusted proxy, the client's own). */
  address: { failures: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  /** One device that has signed in to the account before (its device cookie). */
  device: { failures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
} as const;

export type ThrottleKind = keyof typeof LIMITS;
export interface ThrottleKey {
  kind: ThrottleKind;
  key: string;
}
export const throttleKey = (kind: ThrottleKind, value: string): ThrottleKey => ({
  kind,
  key: `${kind}:${value.toLowerCase()}`,
});

const t = schema.loginThrottle;

/**
 * Takes one attempt's slot in the key's window, in a single statement: the row is locked by the
 * upsert, so concurrent attempts are counted one after the other. Returns whether the attempt may
 * be evaluated; false while the key is locked, and for the attempt that goes over the limit (it
 * starts the lock).
 */
async function take(db: Db, { kind, key }: ThrottleKey, now: Date): Promise<boolean> {
  const limit = LIMITS[kind];
  const windowStart = new Date(now.getTime() - limit.windowMs);
  const lockEnd = new Date(now.getTime() + limit.lockMs);
  const locked = sql`${t.lockedUntil} is not null and ${t.lockedUntil} > ${now}`;
  const fresh = sql`${t.windowStart} < ${windowStart}`;
  const over = sql`not (${fresh}) and ${t.failures} + 1 > ${limit.failures}`;
  const [row] = await db
    .insert(t)
    .values({ key, failures: 1, windowStart: now, lockedUntil: null })
    .onConflictDoUpdate({
      target: t.key,
      set: {
        failures: sql`case when ${locked} then ${t.failures} when ${fresh} then 1 when ${over} then 0 else ${t.failures} + 1 end`,
        windowStart: sql`case when ${locked} then ${t.windowStart} when ${fresh} or ${over} then ${now} else ${t.windowStart} end`,
        lockedUntil: sql`case when ${locked} then ${t.lockedUntil} when ${over} then ${lockEnd} else null end`,
      },
    })
    .returning({ lockedUntil: t.lockedUntil });
  return !row?.lockedUntil || row.lockedUntil <= now;
}

/**
 * Takes a slot in every key; true when the attempt may be evaluated. Every key is charged even
 * when an earlier one refuses, so probing one key does not spare another.
 */
export async function takeAttempt(db: Db, keys: ThrottleKey[], now = new Date()): Promise<boolean> {
  let allowed = true;
  for (const key of keys) if (!(await take(db, key, now))) allowed = false;
  return allowed;
}

/** Gives back a successful attempt's slot (the window keeps counting the failures). */
export async function releaseAttempt(db: Db, keys: ThrottleKey[]) {
  for (const { key } of keys)
    await db
      .update(t)
      .set({ failures: sql`greatest(${t.failures} - 1, 0)` })
      .where(eq(t.key, key));
}

/** Forgets a key's failures: after a complete sign-in, for the account or device that made it. */
export async function clearFailures(db: Db, keys: ThrottleKey[]) {
  for (const { key } of keys) await db.delete(t).where(eq(t.key, key));
}
