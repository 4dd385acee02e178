/** Administration: verifying the audit chain and managing users. No case content is reachable here. */
import { type Db, ROLES, schema } from "@stodkedjan/db";
import { asc, eq } from "drizzle-orm";
import { html } from "hono/html";
import { z } from "zod";
import type { AuditAnchor } from "../audit/checkpoint.ts";
import { audit, verifyAnchoredLog } from "../audit/log.ts";
import { hashPassword, passwordProblem } from "../auth/passwords.ts";
import { destroyUserSessions } from "../auth/sessions.ts";
import { ServiceError } from "../cases/errors.ts";
import { formBody, opt, parse, str } from "./forms.ts";
import { csrfField, errorList, page, scrollable } from "./layout.ts";
import type { Router } from "./router.ts";

const newUser = z
  .object({
    username: z
      .string()
      .trim()
      .toLowerCase()
      .min(3)
      .max(200)
      .regex(/^[a-z0-9._@-]+$/, "letters, digits and . _ @ - only"),
    displayName: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    regionId: z.string().optional(),
    password: z.string().superRefine((p, ctx) => {
      const problem = passwordProblem(p);
      if (problem) ctx.addIssue({ code: "custom", message: `the password needs ${problem}` });
    }),
  })
  .superRefine((u, ctx) => {
    if (u.role === "coordinator" && !u.regionId)
      ctx.addIssue({ code: "custom", path: ["regionId"], message: "a coordinator belongs to a region" });
  });

export function mountAdmin(router: Router, db: Db, anchor: AuditAnchor) {
  router.get("/staff/admin/audit", "audit.verify", async (c) => {
    const result = await verifyAnchoredLog(db, anchor);
    const intact = result.ok && result.forged === 0;
    await audit(db, {
      actor: c.get("principal"),
      action: "verify",
      objectType: "audit_log",
      outcome: intact ? "ok" : "error",
      detail: result.ok
        ? { count: result.count, checkpoints: result.checkpoints, forged: result.forged }
        : { firstBroken: result.firstBroken.seq, reason: result.firstBroken.reason },
    });
    const checkpointText = (cp?: { seq: number; at: string }) =>
      cp ? html` Signerad kontrollpunkt: post ${cp.seq}, ${cp.at.slice(0, 19).replace("T", " ")}.` : "";
    const broken = result.ok
      ? ""
      : result.firstBroken.reason === "truncated"
        ? html`<p>Loggen har kortats: den slutar vid post ${result.count}, men en signerad kontrollpunkt visar att den har haft fler poster. Första saknade post: nummer <strong data-first-broken>${result.firstBroken.seq}</strong> (truncated).${checkpointText(result.firstBroken.checkpoint)}</p>`
        : result.firstBroken.reason === "rechained"
          ? html`<p>Loggen har skrivits om och hashkedjan räknats om: den stämmer inte längre med en signerad kontrollpunkt. Ändringen ligger från post <strong data-first-broken>${result.firstBroken.seq}</strong> till post ${result.firstBroken.checkpoint?.seq} (rechained).${checkpointText(result.firstBroken.checkpoint)}</p>`
          : html`<p>Hashkedjan är bruten. Första felaktiga post: nummer <strong data-first-broken>${result.firstBroken.seq}</strong> (${result.firstBroken.reason}). ${result.count} poster kontrollerade.</p>`;
    return page(
      c,
      "Kontroll av åtkomstloggen",
      html`${
        result.ok
          ? html`<p class="notice" role="status">Hashkedjan håller: ${result.count} poster kontrollerade mot ${result.checkpoints} signerade kontrollpunkter.</p>`
          : html`<div class="error" role="alert">${broken}</div>`
      }${
        result.forged
          ? html`<div class="error" role="alert"><p>${result.forged} kontrollpunkter har en signatur som inte stämmer (förfalskade eller signerade med en annan nyckel).</p></div>`
          : ""
      }`,
    );
  });

  const usersPage = async (
    c: Parameters<Parameters<Router["get"]>[2]>[0],
    issues: { path: string; message: string }[] = [],
  ) => {
    const users = await db.select().from(schema.users).orderBy(asc(schema.users.username));
    const regions = await db.select().from(schema.regions).orderBy(asc(schema.regions.id));
    return page(
      c,
      "Användare",
      html`${scrollable(
        "Användare",
        html`<table><thead><tr><th scope="col">Användarnamn</th><th scope="col">Namn</th><th scope="col">Roll</th><th scope="col">Region</th><th scope="col">Tvåsteg</th><th scope="col">Status</th></tr></thead>
        <tbody>${users.map((u) => html`<tr><td>${u.username}</td><td>${u.displayName}</td><td>${u.role}</td><td>${u.regionId ?? "–"}</td><td>${u.totpEnabled ? "aktiverad" : "ej aktiverad"}</td><td>${u.disabled ? "avstängd" : "aktiv"}${u.demo ? " (demo)" : ""}</td></tr>`)}</tbody></table>`,
      )}
        <h2>Ny användare</h2>${errorList(issues)}
        <form method="post" action="/staff/admin/users">${csrfField(c)}
          <label for="username">Användarnamn</label><input id="username" name="username" autocomplete="off" />
          <label for="displayName">Namn</label><input id="displayName" name="displayName" />
          <label for="role">Roll</label><select id="role" name="role">${ROLES.map((r: string) => html`<option>${r}</option>`)}</select>
          <label for="regionId">Region (för regionkoordinatorer)</label><select id="regionId" name="regionId"><option value="">–</option>${regions.map((r) => html`<option value="${r.id}">${r.nameSv}</option>`)}</select>
          <label for="password">Tillfälligt lösenord (minst 12 tecken)</label><input id="password" name="password" type="password" autocomplete="new-password" />
          <p class="meta">Användaren aktiverar tvåstegsinloggning vid första inloggningen.</p>
          <p><button>Skapa användare</button></p>
        </form>`,
      issues.length ? 400 : 200,
    );
  };

  router.get("/staff/admin/users", "users.manage", (c) => usersPage(c));

  router.post("/staff/admin/users", "users.manage", async (c) => {
    const body = await formBody(c);
    try {
      const u = parse(newUser, {
        username: str(body.username),
        displayName: str(body.displayName),
        role: str(body.role),
        regionId: opt(body.regionId),
        password: str(body.password) ?? "",
      });
      const [existing] = await db.select().from(schema.users).where(eq(schema.users.username, u.username));
      if (existing)
        throw new ServiceError(400, "Taken", [{ path: "username", message: "the username is taken" }]);
      const passwordHash = await hashPassword(u.password);
      const id = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(schema.users)
          .values({
            username: u.username,
            displayName: u.displayName,
            role: u.role,
            regionId: u.role === "coordinator" ? (u.regionId ?? null) : null,
            passwordHash,
          })
          .returning({ id: schema.users.id });
        return row?.id ?? null;
      });
      await audit(db, {
        actor: c.get("principal"),
        action: "create",
        objectType: "user",
        objectId: id,
        outcome: "ok",
        detail: { role: u.role },
      });
      return c.redirect("/staff/admin/users", 303);
    } catch (e) {
      if (e instanceof ServiceError) return usersPage(c, e.issues);
      throw e;
    }
  });

  router.post("/staff/admin/users/:id/sign-out", "users.manage", async (c) => {
    const id = c.req.param("id") as string;
    await destroyUserSessions(db, id);
    await audit(db, {
      actor: c.get("principal"),
      action: "logout.everywhere",
      objectType: "user",
      objectId: id,
      outcome: "ok",
    });
    return c.redirect("/staff/admin/users", 303);
  });
}
