/**
 * Sign-in throttling per account and per address: after too many failures inside the window
 * the key is locked for a while, whether or not the password was right.
 */
import { type Db, schema } from "@stodkedjan/db";
import { eq, sql } from "drizzle-orm";

export const LIMITS = {
  account: { failures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  address: { failures: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
} as const;

export type ThrottleKind = keyof typeof LIMITS;
export const throttleKey = (kind: ThrottleKind, value: string) => `${kind}:${value.toLowerCase()}`;

export async function lockedUntil(db: Db, keys: string[], now = new Date()): Promise<Date | null> {
  let latest: Date | null = null;
  for (const key of keys) {
    const [row] = await db.select().from(schema.loginThrottle).where(eq(schema.loginThrottle.key, key));
    if (row?.lockedUntil && row.lockedUntil > now && (!latest || row.lockedUntil > latest))
      latest = row.lockedUntil;
  }
  return latest;
}

export async function recordFailure(db: Db, kind: ThrottleKind, key: string, now = new Date()) {
  const limit = LIMITS[kind];
  const windowStart = new Date(now.getTime() - limit.windowMs);
  await db.transaction(async (tx) => {
    await tx
      .insert(schema.loginThrottle)
      .values({ key, failures: 0, windowStart: now })
      .onConflictDoNothing();
    await tx
      .update(schema.loginThrottle)
      .set({
        failures: sql`case when ${schema.loginThrottle.windowStart} < ${windowStart} then 1 else ${schema.loginThrottle.failures} + 1 end`,
        windowStart: sql`case when ${schema.loginThrottle.windowStart} < ${windowStart} then ${now} else ${schema.loginThrottle.windowStart} end`,
      })
      .where(eq(schema.loginThrottle.key, key));
    const [row] = await tx.select().from(schema.loginThrottle).where(eq(schema.loginThrottle.key, key));
    if (row && row.failures >= limit.failures) {
      await tx
        .update(schema.loginThrottle)
        .set({ lockedUntil: new Date(now.getTime() + limit.lockMs), failures: 0, windowStart: now })
        .where(eq(schema.loginThrottle.key, key));
    }
  });
}

export async function clearFailures(db: Db, key: string) {
  await db.delete(schema.loginThrottle).where(eq(schema.loginThrottle.key, key));
}
