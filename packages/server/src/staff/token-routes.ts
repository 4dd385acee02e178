/** Partner-system tokens: created by an admin for one role and region, shown once, revocable. */

import { randomBytes } from "node:crypto";
import { type Db, ROLES, schema } from "@stodkedjan/db";
import { and, asc, eq, isNull } from "drizzle-orm";
import { html } from "hono/html";
import { z } from "zod";
import { sha256 } from "../access/guard.ts";
import { audit } from "../audit/log.ts";
import { ServiceError } from "../cases/errors.ts";
import { isUuid } from "../ids.ts";
import { formBody, opt, parse, str } from "./forms.ts";
import { csrfField, errorList, page, type StaffContext, scrollable } from "./layout.ts";
import type { Router } from "./router.ts";

const tokenInput = z
  .object({ name: z.string().trim().min(3).max(100), role: z.enum(ROLES), regionId: z.string().optional() })
  .superRefine((t, ctx) => {
    if (t.role === "coordinator" && !t.regionId)
      ctx.addIssue({
        code: "custom",
        path: ["regionId"],
        message: "a coordinator token belongs to a region",
      });
    if (t.role === "admin")
      ctx.addIssue({ code: "custom", path: ["role"], message: "administration is not done with tokens" });
  });

export function mountTokens(router: Router, db: Db) {
  const list = async (
    c: StaffContext,
    issues: { path: string; message: string }[] = [],
    created?: string,
  ) => {
    const tokens = await db.select().from(schema.apiTokens).orderBy(asc(schema.apiTokens.createdAt));
    const regions = await db.select().from(schema.regions).orderBy(asc(schema.regions.id));
    return page(
      c,
      "API-nycklar för partnersystem",
      html`${created ? html`<div class="notice" role="status"><p>Ny nyckel – kopiera den nu, den visas bara en gång:</p><p><code data-token>${created}</code></p></div>` : ""}
        ${scrollable(
          "API-nycklar",
          html`<table><thead><tr><th scope="col">Namn</th><th scope="col">Roll</th><th scope="col">Region</th><th scope="col">Senast använd</th><th scope="col">Status</th></tr></thead>
        <tbody>${tokens.map(
          (t) =>
            html`<tr><td>${t.name}</td><td>${t.role}</td><td>${t.regionId ?? "–"}</td><td>${t.lastUsedAt?.toISOString().slice(0, 16).replace("T", " ") ?? "–"}</td><td>${
              t.revokedAt
                ? "återkallad"
                : html`<form method="post" action="/staff/admin/tokens/${t.id}/revoke" class="inline">${csrfField(c)}<button class="link">Återkalla</button></form>`
            }</td></tr>`,
        )}</tbody></table>`,
        )}
        <h2>Ny nyckel</h2>${errorList(issues)}
        <form method="post" action="/staff/admin/tokens">${csrfField(c)}
          <label for="name">Namn (system och ägare)</label><input id="name" name="name" />
          <label for="role">Roll</label><select id="role" name="role">${ROLES.filter((r) => r !== "admin").map((r: string) => html`<option>${r}</option>`)}</select>
          <label for="regionId">Region</label><select id="regionId" name="regionId"><option value="">–</option>${regions.map((r) => html`<option value="${r.id}">${r.nameSv}</option>`)}</select>
          <p><button>Skapa nyckel</button></p>
        </form>`,
      issues.length ? 400 : 200,
    );
  };

  router.get("/staff/admin/tokens", "users.manage", (c) => list(c));

  router.post("/staff/admin/tokens", "users.manage", async (c) => {
    const body = await formBody(c);
    try {
      const t = parse(tokenInput, {
        name: str(body.name),
        role: str(body.role),
        regionId: opt(body.regionId),
      });
      if (t.regionId) {
        const [region] = await db.select().from(schema.regions).where(eq(schema.regions.id, t.regionId));
        if (!region)
          throw new ServiceError(400, "Unknown region", [{ path: "regionId", message: "no such region" }]);
      }
      const token = `sk_${randomBytes(32).toString("base64url")}`;
      const [row] = await db
        .insert(schema.apiTokens)
        .values({
          tokenHash: sha256(token),
          name: t.name,
          role: t.role,
          regionId: t.regionId ?? null,
          createdBy: c.get("principal")?.id ?? null,
        })
        .returning({ id: schema.apiTokens.id });
      await audit(db, {
        actor: c.get("principal"),
        action: "create",
        objectType: "api_token",
        objectId: row?.id ?? null,
        outcome: "ok",
        detail: { role: t.role },
      });
      return list(c, [], token);
    } catch (e) {
      if (e instanceof ServiceError) return list(c, e.issues);
      throw e;
    }
  });

  router.post("/staff/admin/tokens/:id/revoke", "users.manage", async (c) => {
    const id = c.req.param("id") as string;
    if (isUuid(id)) {
      await db
        .update(schema.apiTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(schema.apiTokens.id, id), isNull(schema.apiTokens.revokedAt)));
      await audit(db, {
        actor: c.get("principal"),
        action: "update",
        objectType: "api_token",
        objectId: id,
        outcome: "ok",
        detail: { revoked: true },
      });
    }
    return c.redirect("/staff/admin/tokens", 303);
  });
}
