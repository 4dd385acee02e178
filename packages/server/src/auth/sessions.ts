/**
 * Server-side sessions. The cookie carries 32 random bytes; the database stores only their
 * SHA-256, so a copy of the database cannot be replayed as cookies. A session starts
 * unverified after the password and is replaced by a new one after the second factor
 * (rotation at login). Idle and absolute timeouts end it.
 */
import { createHash, randomBytes } from "node:crypto";
import { type Db, schema } from "@stodkedjan/db";
import { eq, lt, or } from "drizzle-orm";

export const IDLE_MS = 30 * 60_000;
export const ABSOLUTE_MS = 12 * 60 * 60_000;
/** Time allowed between the password and the second factor. */
export const PENDING_MS = 5 * 60_000;

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const token = () => randomBytes(32).toString("base64url");

export interface Session {
  idHash: string;
  userId: string;
  verified: boolean;
  csrfToken: string;
}

export async function createSession(db: Db, userId: string, verified: boolean, now = new Date()) {
  const id = token();
  const csrfToken = token();
  await db.insert(schema.sessions).values({
    idHash: sha256(id),
    userId,
    verified,
    csrfToken,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + (verified ? ABSOLUTE_MS : PENDING_MS)),
  });
  return { id, csrfToken };
}

/** The live session for a cookie value, touching its idle clock; null when absent or timed out. */
export async function loadSession(db: Db, id: string | undefined, now = new Date()): Promise<Session | null> {
  if (!id || id.length > 100) return null;
  const idHash = sha256(id);
  const [row] = await db.select().from(schema.sessions).where(eq(schema.sessions.idHash, idHash));
  if (!row) return null;
  const idle = now.getTime() - row.lastSeenAt.getTime() > IDLE_MS;
  if (idle || row.expiresAt <= now) {
    await db.delete(schema.sessions).where(eq(schema.sessions.idHash, idHash));
    return null;
  }
  // Touch at most once a minute: the idle clock does not need more and it saves a write per request.
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await db.update(schema.sessions).set({ lastSeenAt: now }).where(eq(schema.sessions.idHash, idHash));
  }
  return { idHash, userId: row.userId, verified: row.verified, csrfToken: row.csrfToken };
}

export async function destroySession(db: Db, idHash: string) {
  await db.delete(schema.sessions).where(eq(schema.sessions.idHash, idHash));
}

/** "Sign out everywhere". */
export async function destroyUserSessions(db: Db, userId: string) {
  await db.delete(schema.sessions).where(eq(schema.sessions.userId, userId));
}

export async function purgeExpiredSessions(db: Db, now = new Date()) {
  await db
    .delete(schema.sessions)
    .where(
      or(
        lt(schema.sessions.expiresAt, now),
        lt(schema.sessions.lastSeenAt, new Date(now.getTime() - IDLE_MS)),
      ),
    );
}
