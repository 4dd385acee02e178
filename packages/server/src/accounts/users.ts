/**
 * Managing staff accounts (the admin): role and region, deactivation and reactivation, a reset of
 * the second factor; and the user's own choice of language. Every change is audited.
 *
 * ADR 0010's rule holds here too: an admin alone never gains case access. A change that gives an
 * account a role reading case data, or moves such an account to another region, is only a request
 * until a national-team user who is not the requester approves it. A TOTP reset does not hand the
 * account over either: its enrolment link asks for the account's own password before a new
 * authenticator is enrolled, so whoever holds the link (the admin) cannot sign in with it.
 */
import { randomBytes } from "node:crypto";
import { type Db, schema } from "@stodkedjan/db";
import { and, asc, eq, gt, isNotNull } from "drizzle-orm";
import { z } from "zod";
import { needsApproval } from "../access/policy.ts";
import { appendAudit } from "../audit/log.ts";
import { verifyPassword } from "../auth/passwords.ts";
import { destroyUserSessions, forgetUser } from "../auth/sessions.ts";
import { ServiceError } from "../cases/errors.ts";
import { isUuid } from "../ids.ts";
import {
  applyRoleChange,
  type Ctx,
  checkRegion,
  ENROLMENT_MS,
  enrolmentAccount,
  type Issued,
  type Outcome,
  purpose,
  regionOf,
  regionRule,
  requireAdmin,
  role,
  sha256,
} from "./service.ts";

/** An account not signed in to for this long is flagged on the users page. */
export const UNUSED_DAYS = 90;
const DAY_MS = 24 * 60 * 60_000;

export type UserRow = typeof schema.users.$inferSelect & {
  /** No completed sign-in (or, never signed in, no account) in the last UNUSED_DAYS days. */
  unused: boolean;
  /** A change of role or region waiting for approval. */
  pendingChange: boolean;
};

const unusedSince = (u: { lastSignInAt: Date | null; createdAt: Date }, now: Date) =>
  (u.lastSignInAt ?? u.createdAt).getTime() < now.getTime() - UNUSED_DAYS * DAY_MS;

export async function listUsers(ctx: Ctx): Promise<UserRow[]> {
  requireAdmin(ctx);
  const now = ctx.now ?? new Date();
  const [users, pending] = await Promise.all([
    ctx.db.select().from(schema.users).orderBy(asc(schema.users.username)),
    pendingChanges(ctx.db),
  ]);
  return users.map((u) => ({ ...u, unused: unusedSince(u, now), pendingChange: pending.has(u.id) }));
}

async function pendingChanges(db: Db) {
  const rows = await db
    .select({ userId: schema.accessRequests.userId })
    .from(schema.accessRequests)
    .where(and(eq(schema.accessRequests.status, "pending"), isNotNull(schema.accessRequests.userId)));
  return new Set(rows.map((r) => r.userId));
}

export async function getUser(ctx: Ctx, id: string): Promise<UserRow> {
  requireAdmin(ctx);
  if (!isUuid(id)) throw noAccount();
  const [user] = await ctx.db.select().from(schema.users).where(eq(schema.users.id, id));
  if (!user) throw noAccount();
  const pending = await pendingChanges(ctx.db);
  return { ...user, unused: unusedSince(user, ctx.now ?? new Date()), pendingChange: pending.has(id) };
}

const changePending = () => new ServiceError(409, "A change is already waiting.", [], "change-pending");
const noAccount = () => new ServiceError(404, "No such account.", [], "no-account");

/** Nobody manages their own account here: no admin locks itself out or changes its own access. */
function notSelf(ctx: Ctx, id: string) {
  if (ctx.principal.id === id) throw new ServiceError(403, "Not your own account.", [], "own-account");
}

export const accessChangeInput = z
  .object({ role, regionId: z.string().optional(), purpose })
  .superRefine(regionRule);
export type AccessChange = z.infer<typeof accessChangeInput>;

/**
 * Changes an account's role and region: at once when the new role reads no case data, else a
 * request that a national-team user approves (ADR 0010), which is also the case for moving a
 * case-reading account to another region.
 */
export async function changeAccess(ctx: Ctx, id: string, input: AccessChange): Promise<Outcome> {
  requireAdmin(ctx);
  const user = await getUser(ctx, id);
  notSelf(ctx, id);
  await checkRegion(ctx.db, input.regionId);
  const regionId = regionOf(input);
  if (user.role === input.role && user.regionId === regionId)
    throw new ServiceError(400, "Nothing changes.", [{ path: "role", message: "no-change" }]);
  if (user.pendingChange) throw new ServiceError(409, "A change is already waiting.", [], "change-pending");
  const now = ctx.now ?? new Date();
  return ctx.db.transaction(async (tx) => {
    if (!needsApproval(input.role)) {
      const issued = await applyRoleChange(tx, ctx.principal, {
        userId: id,
        role: input.role,
        regionId,
        purpose: input.purpose,
      });
      return { issued };
    }
    const [row] = await tx
      .insert(schema.accessRequests)
      .values({
        kind: "role",
        userId: id,
        role: input.role,
        regionId,
        name: user.displayName,
        username: user.username,
        purpose: input.purpose,
        requestedBy: ctx.principal.id,
        requestedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: schema.accessRequests.id });
    if (!row) throw changePending();
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "request",
      objectType: "access_request",
      objectId: row.id,
      outcome: "ok",
      detail: {
        kind: "role",
        user: id,
        role: input.role,
        region: regionId ?? "",
        fromRole: user.role,
        fromRegion: user.regionId ?? "",
        purpose: input.purpose,
      },
    });
    return { pending: row.id };
  });
}

/**
 * Deactivates (every session of the account ends at once) or reactivates an account. Reactivating
 * gives back only the access two people granted before; the holder still needs password and TOTP.
 */
export async function setActive(ctx: Ctx, id: string, active: boolean): Promise<void> {
  requireAdmin(ctx);
  if (!isUuid(id)) throw noAccount();
  notSelf(ctx, id);
  await ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .update(schema.users)
      .set({ disabled: !active })
      .where(and(eq(schema.users.id, id), eq(schema.users.disabled, active)))
      .returning();
    if (!user) {
      // Already so (two admins at once, or a form sent twice): nothing changes, nothing to audit.
      const [found] = await tx.select().from(schema.users).where(eq(schema.users.id, id));
      if (!found) throw noAccount();
      return;
    }
    await appendAudit(tx, {
      actor: ctx.principal,
      action: active ? "reactivate" : "deactivate",
      objectType: "user",
      objectId: id,
      outcome: "ok",
      detail: { role: user.role, region: user.regionId ?? "" },
    });
  });
  // After the commit, so no request can load the session between its deletion and the change.
  if (!active) await destroyUserSessions(ctx.db, id);
}

/**
 * Resets an account's second factor: its TOTP secret and recovery codes are cleared, its sessions
 * end, and a new enrolment link is made (shown once). With the link and the account's own
 * password its holder enrols a new authenticator; until then the password alone signs no one in.
 */
export async function resetTotp(ctx: Ctx, id: string): Promise<Issued> {
  requireAdmin(ctx);
  if (!isUuid(id)) throw noAccount();
  notSelf(ctx, id);
  const now = ctx.now ?? new Date();
  const secret = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + ENROLMENT_MS);
  const user = await ctx.db.transaction(async (tx) => {
    const [found] = await tx.select().from(schema.users).where(eq(schema.users.id, id)).for("update");
    if (!found) throw noAccount();
    if (!found.passwordHash)
      throw new ServiceError(409, "The account has no password of its own.", [], "no-password");
    if (found.disabled) throw new ServiceError(409, "The account is deactivated.", [], "disabled");
    await tx
      .update(schema.users)
      .set({
        totpSecretEnc: null,
        totpEnabled: false,
        recoveryCodes: [],
        // The replay guard belongs to the old secret: the new app's first code may share its step.
        totpLastStep: null,
        enrolmentHash: sha256(secret),
        enrolmentExpiresAt: expiresAt,
      })
      .where(eq(schema.users.id, id));
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "totp.reset",
      objectType: "user",
      objectId: id,
      outcome: "ok",
      detail: { role: found.role, region: found.regionId ?? "" },
    });
    return found;
  });
  await destroyUserSessions(ctx.db, id);
  return { kind: "account", id, username: user.username, link: `/staff/activate/${secret}`, expiresAt };
}

/**
 * Uses a TOTP reset's link: the account's own password must match, and the link is spent in the
 * same statement. Its holder enrols a new authenticator next. Null when the link or the password
 * does not hold.
 */
export async function confirmReset(db: Db, secret: string, password: string, now = new Date()) {
  const holder = await enrolmentAccount(db, secret, now);
  if (!holder?.passwordHash || !(await verifyPassword(holder.passwordHash, password))) return null;
  return db.transaction(async (tx) => {
    const [user] = await tx
      .update(schema.users)
      .set({ enrolmentHash: null, enrolmentExpiresAt: null })
      .where(
        and(
          eq(schema.users.id, holder.id),
          eq(schema.users.enrolmentHash, sha256(secret)),
          gt(schema.users.enrolmentExpiresAt, now),
        ),
      )
      .returning();
    if (!user) return null;
    await appendAudit(tx, {
      actor: { id: user.id, role: user.role },
      action: "enrol",
      objectType: "user",
      objectId: user.id,
      outcome: "ok",
      detail: { role: user.role, region: user.regionId ?? "", reset: true },
    });
    return user;
  });
}

export const languageInput = z.object({ language: z.enum(["sv", "en"], { error: "language" }) });

/** A user's own choice of the staff pages' language. */
export async function setLanguage(ctx: Ctx, language: "sv" | "en"): Promise<void> {
  if (ctx.principal.kind !== "user") throw new ServiceError(403, "Users only.");
  await ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .update(schema.users)
      .set({ language })
      .where(eq(schema.users.id, ctx.principal.id))
      .returning({ id: schema.users.id });
    if (!user) throw noAccount();
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "update",
      objectType: "user",
      objectId: user.id,
      outcome: "ok",
      detail: { language },
    });
  });
  forgetUser(ctx.db, ctx.principal.id);
}
