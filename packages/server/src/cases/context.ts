import { type Db, schema } from "@stodkedjan/db";
import { swedishToday } from "@stodkedjan/domain";
import { eq } from "drizzle-orm";
import { can, type Permission, type Principal } from "../access/policy.ts";
import { decryptField, encryptField } from "../crypto/fields.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import { forbidden, invalid } from "./errors.ts";

export interface Ctx {
  db: Db;
  keys: KeyRing;
  principal: Principal;
  now?: Date;
}

export const today = (ctx: Ctx) => swedishToday(ctx.now);
export const enc = (ctx: Ctx, value: string | undefined, aad: string) =>
  value === undefined ? null : encryptField(ctx.keys, value, aad);
export const dec = (ctx: Ctx, token: string | null, aad: string) =>
  token === null ? null : decryptField(ctx.keys, token, aad);

export async function municipalityName(db: Db, code: string): Promise<string> {
  const [m] = await db.select().from(schema.municipalities).where(eq(schema.municipalities.code, code));
  if (!m)
    throw invalid("Unknown municipality", [
      { path: "municipalityCode", message: "no municipality has this code", code: "municipality-unknown" },
    ]);
  return m.name;
}

export function requireRegion(ctx: Ctx, permission: Permission): string {
  if (!can(ctx.principal, permission) || !ctx.principal.regionId) throw forbidden();
  return ctx.principal.regionId;
}

/** The acting user, for created_by columns; null for an API token. */
export const userId = (ctx: Pick<Ctx, "principal">) =>
  ctx.principal.kind === "user" ? ctx.principal.id : null;
