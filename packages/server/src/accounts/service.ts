/**
 * Tokens and accounts, four eyes (ADR 0010). An admin asks for a partner-system token or a
 * staff account; when its role reads case or partner data, a national-team user who is not the
 * requester approves or refuses it, and only then is it issued. A token has a purpose and an
 * expiry (default 90 days, at most a year). An account starts without a password: its holder
 * sets one through a one-time, expiring enrolment link, and then enrols TOTP. Every step is
 * audited with role, region and purpose. Field problems carry a code (e.g. "username-taken")
 * that the pages put into the user's language.
 */
import { createHash, randomBytes } from "node:crypto";
import { type Db, ROLES, type Role, schema } from "@stodkedjan/db";
import { and, desc, eq, gt, ne } from "drizzle-orm";
import { z } from "zod";
import { can, needsApproval, type Principal } from "../access/policy.ts";
import { appendAudit } from "../audit/log.ts";
import { hashPassword, passwordProblem } from "../auth/passwords.ts";
import { conflict, forbidden, invalid, ServiceError } from "../cases/errors.ts";
import { isEnrolmentSecret, isUuid } from "../ids.ts";

export const TOKEN_DAYS = { default: 90, max: 365 } as const;
/** How long an enrolment link works. */
export const ENROLMENT_MS = 72 * 60 * 60_000;

export interface Ctx {
  db: Db;
  principal: Principal;
  now?: Date;
}

export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const DAY_MS = 24 * 60 * 60_000;

export const regionRule = <T extends { role: Role; regionId?: string | undefined }>(
  v: T,
  ctx: z.RefinementCtx,
) => {
  if (v.role === "coordinator" && !v.regionId)
    ctx.addIssue({
      code: "custom",
      path: ["regionId"],
      message: "region-required",
    });
};
export const role = z.enum(ROLES, { error: "role-required" });
export const purpose = z.string().trim().min(10, "purpose-short").max(500, "max-500");

export const tokenRequestInput = z
  .object({
    name: z.string().trim().min(3, "min-3").max(100, "max-100"),
    purpose,
    role: role.refine((r) => r !== "admin", "admin-token"),
    regionId: z.string().optional(),
    validDays: z.coerce
      .number({ error: "days-number" })
      .int("days-whole")
      .min(1, "days-min")
      .max(TOKEN_DAYS.max, "days-max")
      .default(TOKEN_DAYS.default),
  })
  .superRefine(regionRule);
export type TokenRequest = z.infer<typeof tokenRequestInput>;

export const accountRequestInput = z
  .object({
    username: z
      .string()
      .trim()
      .toLowerCase()
      .min(3, "min-3")
      .max(200, "max-200")
      .regex(/^[a-z0-9._@-]+$/, "username-chars"),
    displayName: z.string().trim().min(1, "name-required").max(200, "max-200"),
    role,
    regionId: z.string().optional(),
    purpose,
  })
  .superRefine(regionRule);
export type AccountRequest = z.infer<typeof accountRequestInput>;

export const refusalInput = z.object({
  reason: z.string().trim().min(3, "reason-required").max(500, "max-500"),
});

/**
 * What was issued: a token's secret or an account's enrolment link, shown once; or, for a change
 * of role or region, the account that now has it.
 */
export type Issued =
  | { kind: "token"; id: string; secret: string; expiresAt: Date }
  | { kind: "account"; id: string; username: string; link: string; expiresAt: Date }
  | { kind: "role"; id: string; username: string; role: Role; regionId: string | null };

export type Outcome = { issued: Issued } | { pending: string };

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export function requireAdmin(ctx: Ctx) {
  if (!can(ctx.principal, "users.manage")) throw forbidden();
}

export async function checkRegion(db: Db, regionId: string | undefined) {
  if (!regionId) return;
  const [region] = await db.select().from(schema.regions).where(eq(schema.regions.id, regionId));
  if (!region)
    throw invalid("Unknown region", [
      { path: "regionId", message: "Regionen finns inte.", code: "region-unknown" },
    ]);
}

export const regionOf = (r: { role: Role; regionId?: string | null | undefined }) =>
  r.role === "coordinator" ? (r.regionId ?? null) : null;

async function issueToken(
  tx: Tx,
  t: { name: string; purpose: string; role: Role; regionId: string | null; validDays: number },
  createdBy: string | null,
  requestId: string | null,
  now: Date,
): Promise<Issued> {
  const secret = `sk_${randomBytes(32).toString("base64url")}`;
  const expiresAt = new Date(now.getTime() + t.validDays * DAY_MS);
  const [row] = await tx
    .insert(schema.apiTokens)
    .values({
      tokenHash: sha256(secret),
      name: t.name,
      purpose: t.purpose,
      role: t.role,
      regionId: t.regionId,
      createdBy,
      requestId,
      createdAt: now,
      expiresAt,
    })
    .returning({ id: schema.apiTokens.id });
  return { kind: "token", id: row?.id as string, secret, expiresAt };
}

async function issueAccount(
  tx: Tx,
  a: { username: string; name: string; role: Role; regionId: string | null },
  now: Date,
): Promise<Issued> {
  const secret = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + ENROLMENT_MS);
  const [row] = await tx
    .insert(schema.users)
    .values({
      username: a.username,
      displayName: a.name,
      role: a.role,
      regionId: a.regionId,
      passwordHash: null,
      enrolmentHash: sha256(secret),
      enrolmentExpiresAt: expiresAt,
    })
    .onConflictDoNothing({ target: schema.users.username })
    .returning({ id: schema.users.id });
  if (!row)
    throw invalid("Taken", [
      { path: "username", message: "Användarnamnet är upptaget.", code: "username-taken" },
    ]);
  return { kind: "account", id: row.id, username: a.username, link: `/staff/activate/${secret}`, expiresAt };
}

/**
 * Gives an account its new role and region (at once for a role that reads no case data, else on
 * approval), audited with both the old and the new.
 */
export async function applyRoleChange(
  tx: Tx,
  actor: Principal,
  change: { userId: string | null; role: Role; regionId: string | null; purpose: string; id?: string },
): Promise<Issued> {
  const [before] = await tx
    .select()
    .from(schema.users)
    .where(eq(schema.users.id, change.userId ?? ""))
    .for("update");
  if (!before) throw new ServiceError(404, "No such account.");
  const regionId = regionOf(change);
  await tx.update(schema.users).set({ role: change.role, regionId }).where(eq(schema.users.id, before.id));
  await appendAudit(tx, {
    actor,
    action: "update",
    objectType: "user",
    objectId: before.id,
    outcome: "ok",
    detail: {
      role: change.role,
      region: regionId ?? "",
      fromRole: before.role,
      fromRegion: before.regionId ?? "",
      purpose: change.purpose,
      ...(change.id ? { request: change.id } : {}),
    },
  });
  return { kind: "role", id: before.id, username: before.username, role: change.role, regionId };
}

/** An admin asks for a token: issued at once for a role that reads no case data, else a request. */
export async function requestToken(ctx: Ctx, input: TokenRequest): Promise<Outcome> {
  requireAdmin(ctx);
  await checkRegion(ctx.db, input.regionId);
  const now = ctx.now ?? new Date();
  const t = { ...input, regionId: regionOf(input) };
  const detail = { kind: "token", role: t.role, region: t.regionId ?? "", purpose: t.purpose };
  return ctx.db.transaction(async (tx) => {
    if (!needsApproval(t.role)) {
      const issued = await issueToken(tx, t, ctx.principal.id, null, now);
      await appendAudit(tx, {
        actor: ctx.principal,
        action: "create",
        objectType: "api_token",
        objectId: issued.id,
        outcome: "ok",
        detail: { ...detail, validDays: t.validDays },
      });
      return { issued };
    }
    const [row] = await tx
      .insert(schema.accessRequests)
      .values({
        kind: "token",
        role: t.role,
        regionId: t.regionId,
        name: t.name,
        purpose: t.purpose,
        validDays: t.validDays,
        requestedBy: ctx.principal.id,
        requestedAt: now,
      })
      .returning({ id: schema.accessRequests.id });
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "request",
      objectType: "access_request",
      objectId: row?.id ?? null,
      outcome: "ok",
      detail: { ...detail, validDays: t.validDays },
    });
    return { pending: row?.id as string };
  });
}

/** An admin asks for an account: created at once for a role that reads no case data, else a request. */
export async function requestAccount(ctx: Ctx, input: AccountRequest): Promise<Outcome> {
  requireAdmin(ctx);
  await checkRegion(ctx.db, input.regionId);
  const now = ctx.now ?? new Date();
  const a = {
    username: input.username,
    name: input.displayName,
    role: input.role,
    regionId: regionOf(input),
  };
  const detail = { kind: "account", role: a.role, region: a.regionId ?? "", purpose: input.purpose };
  const taken = () =>
    invalid("Taken", [{ path: "username", message: "Användarnamnet är upptaget.", code: "username-taken" }]);
  const [user] = await ctx.db.select().from(schema.users).where(eq(schema.users.username, a.username));
  const [asked] = await ctx.db
    .select()
    .from(schema.accessRequests)
    .where(and(eq(schema.accessRequests.username, a.username), eq(schema.accessRequests.status, "pending")));
  if (user || asked) throw taken();
  return ctx.db.transaction(async (tx) => {
    if (!needsApproval(a.role)) {
      const issued = await issueAccount(tx, a, now);
      await appendAudit(tx, {
        actor: ctx.principal,
        action: "create",
        objectType: "user",
        objectId: issued.id,
        outcome: "ok",
        detail,
      });
      return { issued };
    }
    const [row] = await tx
      .insert(schema.accessRequests)
      .values({
        kind: "account",
        role: a.role,
        regionId: a.regionId,
        name: a.name,
        username: a.username,
        purpose: input.purpose,
        requestedBy: ctx.principal.id,
        requestedAt: now,
      })
      .returning({ id: schema.accessRequests.id });
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "request",
      objectType: "access_request",
      objectId: row?.id ?? null,
      outcome: "ok",
      detail,
    });
    return { pending: row?.id as string };
  });
}

export type AccessRequestRow = typeof schema.accessRequests.$inferSelect & { requestedByName: string };

/** Requests with the requester's name, pending first, then the latest decided. */
export async function listRequests(db: Db, kind?: AccessRequestRow["kind"]): Promise<AccessRequestRow[]> {
  const rows = await db
    .select({ r: schema.accessRequests, requestedByName: schema.users.displayName })
    .from(schema.accessRequests)
    .innerJoin(schema.users, eq(schema.users.id, schema.accessRequests.requestedBy))
    .where(kind ? eq(schema.accessRequests.kind, kind) : undefined)
    .orderBy(desc(schema.accessRequests.requestedAt))
    .limit(200);
  const all = rows.map(({ r, requestedByName }) => ({ ...r, requestedByName }));
  return [...all.filter((r) => r.status === "pending"), ...all.filter((r) => r.status !== "pending")];
}

/**
 * A national-team user approves (issuing the token or account, whose secret is shown to them
 * once) or refuses a pending request. Never their own: the statement that decides names the
 * decider as someone other than the requester, and the database checks it too.
 */
export async function decide(
  ctx: Ctx,
  id: string,
  decision: { approve: true } | { approve: false; reason: string },
): Promise<Issued | null> {
  if (!can(ctx.principal, "access.approve")) throw forbidden();
  const notFound = new ServiceError(404, "No such request.", [], "request-missing");
  if (!isUuid(id)) throw notFound;
  const now = ctx.now ?? new Date();
  return ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .update(schema.accessRequests)
      .set({
        status: decision.approve ? "approved" : "refused",
        decidedBy: ctx.principal.id,
        decidedAt: now,
        refusalReason: decision.approve ? null : decision.reason,
      })
      .where(
        and(
          eq(schema.accessRequests.id, id),
          eq(schema.accessRequests.status, "pending"),
          ne(schema.accessRequests.requestedBy, ctx.principal.id),
        ),
      )
      .returning();
    if (!r) {
      const [found] = await tx.select().from(schema.accessRequests).where(eq(schema.accessRequests.id, id));
      if (!found) throw notFound;
      if (found.requestedBy === ctx.principal.id)
        throw new ServiceError(403, "Nobody decides their own request.", [], "request-own");
      throw conflict("The request has already been decided.", "request-decided");
    }
    const detail = {
      kind: r.kind,
      role: r.role,
      region: r.regionId ?? "",
      purpose: r.purpose,
      requestedBy: r.requestedBy,
    };
    if (!decision.approve) {
      await appendAudit(tx, {
        actor: ctx.principal,
        action: "refuse",
        objectType: "access_request",
        objectId: r.id,
        outcome: "ok",
        detail: { ...detail, reason: decision.reason },
      });
      return null;
    }
    const issued =
      r.kind === "token"
        ? await issueToken(
            tx,
            { ...r, validDays: r.validDays ?? TOKEN_DAYS.default },
            r.requestedBy,
            r.id,
            now,
          )
        : r.kind === "role"
          ? await applyRoleChange(tx, ctx.principal, r)
          : await issueAccount(
              tx,
              { username: r.username ?? "", name: r.name, role: r.role, regionId: r.regionId },
              now,
            );
    await appendAudit(tx, {
      actor: ctx.principal,
      action: "approve",
      objectType: "access_request",
      objectId: r.id,
      outcome: "ok",
      detail: { ...detail, issued: issued.id },
    });
    return issued;
  });
}

/** The account an enrolment link is for, while it is unused and unexpired. */
export async function enrolmentAccount(db: Db, secret: string, now = new Date()) {
  if (!isEnrolmentSecret(secret)) return null;
  const [user] = await db
    .select()
    .from(schema.users)
    .where(
      and(
        eq(schema.users.enrolmentHash, sha256(secret)),
        gt(schema.users.enrolmentExpiresAt, now),
        eq(schema.users.disabled, false),
      ),
    );
  return user ?? null;
}

export const enrolmentInput = z
  .object({
    password: z.string().superRefine((p, ctx) => {
      const problem = passwordProblem(p);
      if (problem)
        ctx.addIssue({
          code: "custom",
          message: problem === "at least 12 characters" ? "password-short" : "password-long",
        });
    }),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "password-mismatch" });

/**
 * Uses an enrolment link once: its holder's own password is set and the link is spent, in one
 * statement, so two uses at once cannot both succeed. The holder enrols TOTP next.
 */
export async function enrol(db: Db, secret: string, password: string, now = new Date()) {
  if (!isEnrolmentSecret(secret)) return null;
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .update(schema.users)
      .set({ passwordHash, enrolmentHash: null, enrolmentExpiresAt: null })
      .where(
        and(
          eq(schema.users.enrolmentHash, sha256(secret)),
          gt(schema.users.enrolmentExpiresAt, now),
          eq(schema.users.disabled, false),
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
      detail: { role: user.role, region: user.regionId ?? "" },
    });
    return user;
  });
}
