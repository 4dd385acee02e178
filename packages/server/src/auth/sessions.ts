/**
 * Server-side sessions. The cookie carries 32 random bytes; the database stores only their
 * SHA-256, so a copy of the database cannot be replayed as cookies. A session starts
 * unverified after the password and is replaced by a new one after the second factor
 * (rotation at login). Idle and absolute timeouts end it.
 */
import { createHash, randomBytes } from "node:crypto";
import { type Db, preparedPerDb, schema } from "@stodkedjan/db";
import { eq, lt, or, sql } from "drizzle-orm";
import type { Principal } from "../access/policy.ts";

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
  /** The user's language, for the pages before the second factor too. */
  language: "sv" | "en";
  /** The signed-in user, once the second factor is verified and while the account is enabled. */
  principal: Principal | null;
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

const sessionWithUser = preparedPerDb((db) =>
  db
    .select({
      userId: schema.sessions.userId,
      verified: schema.sessions.verified,
      csrfToken: schema.sessions.csrfToken,
      lastSeenAt: schema.sessions.lastSeenAt,
      expiresAt: schema.sessions.expiresAt,
      role: schema.users.role,
      regionId: schema.users.regionId,
      shelterId: schema.users.shelterId,
      name: schema.users.displayName,
      language: schema.users.language,
      disabled: schema.users.disabled,
    })
    .from(schema.sessions)
    .innerJoin(schema.users, eq(schema.users.id, schema.sessions.userId))
    .where(eq(schema.sessions.idHash, sql.placeholder("idHash")))
    .prepare("session_with_user"),
);

type SessionRow = Awaited<ReturnType<ReturnType<typeof sessionWithUser>["execute"]>>[number];

/**
 * How long this process answers from memory for a session it has just read. Staff pages and
 * the API send several requests per click, and this spares each one a database round trip. A
 * sign-out, or a sign-out everywhere, through this process takes effect at once (it forgets
 * the entries); done through another process, it takes effect here within this time.
 */
export const SESSION_CACHE_MS = 1_000;
interface Remembered {
  entries: Map<string, { row: SessionRow; at: number }>;
  /** Counts forgets, so that a read that overlapped a sign-out is not remembered. */
  forgets: number;
}
const recent = new WeakMap<Db, Remembered>();

function remembered(db: Db): Remembered {
  let memory = recent.get(db);
  if (!memory) {
    memory = { entries: new Map(), forgets: 0 };
    recent.set(db, memory);
  }
  return memory;
}

function forget(db: Db, match: (idHash: string, row: SessionRow) => boolean) {
  const memory = remembered(db);
  memory.forgets++;
  for (const [idHash, { row }] of memory.entries) if (match(idHash, row)) memory.entries.delete(idHash);
}

async function sessionRow(db: Db, idHash: string, now: number): Promise<SessionRow | undefined> {
  const memory = remembered(db);
  const hit = memory.entries.get(idHash);
  if (hit && now - hit.at < SESSION_CACHE_MS && now >= hit.at) return hit.row;
  const forgets = memory.forgets;
  const [row] = await sessionWithUser(db).execute({ idHash });
  if (memory.entries.size > 10_000) memory.entries.clear();
  if (row && memory.forgets === forgets) memory.entries.set(idHash, { row, at: now });
  else memory.entries.delete(idHash);
  return row;
}

/**
 * The live session for a cookie value with its user (one query, or none when it was read within
 * SESSION_CACHE_MS: this runs on every request), touching its idle clock; null when absent or
 * timed out.
 */
export async function loadSession(db: Db, id: string | undefined, now = new Date()): Promise<Session | null> {
  if (!id || id.length > 100) return null;
  const idHash = sha256(id);
  const row = await sessionRow(db, idHash, now.getTime());
  if (!row) return null;
  const idle = now.getTime() - row.lastSeenAt.getTime() > IDLE_MS;
  if (idle || row.expiresAt <= now) {
    await destroySession(db, idHash);
    return null;
  }
  // Touch at most once a minute: the idle clock does not need more and it saves a write per request.
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await db.update(schema.sessions).set({ lastSeenAt: now }).where(eq(schema.sessions.idHash, idHash));
    row.lastSeenAt = now;
  }
  const { userId, verified, csrfToken, role, regionId, shelterId, name, language } = row;
  return {
    idHash,
    userId,
    verified,
    csrfToken,
    language,
    principal:
      verified && !row.disabled
        ? { kind: "user", id: userId, role, regionId, shelterId, name, language }
        : null,
  };
}

export async function destroySession(db: Db, idHash: string) {
  forget(db, (h) => h === idHash);
  await db.delete(schema.sessions).where(eq(schema.sessions.idHash, idHash));
}

/** Reads the user's sessions afresh at their next request (after a change to the account). */
export function forgetUser(db: Db, userId: string) {
  forget(db, (_, row) => row.userId === userId);
}

/** "Sign out everywhere". */
export async function destroyUserSessions(db: Db, userId: string) {
  forget(db, (_, row) => row.userId === userId);
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
