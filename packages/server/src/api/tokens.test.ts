import { createHash } from "node:crypto";
import { schema } from "@stodkedjan/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../testing.ts";

type Session = Awaited<ReturnType<TestApp["signIn"]>>;

describe("partner-system tokens", () => {
  let t: TestApp;
  let admin: Session;
  let national: Session;
  beforeAll(async () => {
    t = await testApp("pglite");
    admin = await t.signIn("admin");
    national = await t.signIn("national");
  });
  afterAll(() => t?.close());

  const post = (who: Session, path: string, fields: Record<string, string> = {}) =>
    t.app.request(path, {
      method: "POST",
      headers: { cookie: who.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString(),
    });
  const tokenIn = (page: string) => /data-token>([^<]+)</.exec(page)?.[1];
  const consultation = (token: string) =>
    t.app.request("/api/v1/cases/consultations", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        channel: "coordinator",
        referringOrg: "other",
        municipalityCode: "1280",
        topic: "return",
        forms: ["labour"],
        referredTo: "none",
      }),
    });
  const auditOf = (action: string, objectId: string) =>
    t.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, action), eq(schema.auditLog.objectId, objectId)));

  it("that read cases are only requested by an admin; a national-team user approves, and only then one is issued", async () => {
    const purpose = "Plattformens ärendesystem, Region Syd";
    const asked = await post(admin, "/staff/admin/tokens", {
      name: "Plattformen test",
      purpose,
      role: "coordinator",
      regionId: "syd",
    });
    expect(asked.status).toBe(200);
    const askedPage = await asked.text();
    expect(tokenIn(askedPage)).toBeUndefined();
    expect(askedPage).toContain("Begäran är skickad");
    expect(await t.db.select().from(schema.apiTokens)).toHaveLength(0);
    const [request] = await t.db.select().from(schema.accessRequests);
    expect(request).toMatchObject({ status: "pending", role: "coordinator", regionId: "syd", validDays: 90 });
    const [requested] = await auditOf("request", request?.id as string);
    expect(requested?.detail).toMatchObject({ kind: "token", role: "coordinator", region: "syd", purpose });

    // The admin cannot approve its own request (nor any: the route is the national team's).
    expect((await post(admin, `/staff/approvals/${request?.id}/approve`)).status).toBe(403);

    const approved = await post(national, `/staff/approvals/${request?.id}/approve`);
    expect(approved.status).toBe(200);
    const token = tokenIn(await approved.text()) as string;
    expect(token).toMatch(/^sk_/);
    const [row] = await t.db.select().from(schema.apiTokens);
    expect(row?.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row).toMatchObject({ role: "coordinator", regionId: "syd", purpose, requestId: request?.id });
    const days = ((row?.expiresAt.getTime() ?? 0) - (row?.createdAt.getTime() ?? 0)) / 86_400_000;
    expect(days).toBe(90);
    const [approval] = await auditOf("approve", request?.id as string);
    expect(approval?.actorId).toBe(national.principal.id);
    expect(approval?.detail).toMatchObject({ role: "coordinator", region: "syd", purpose });

    const created = await consultation(token);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const [c] = await t.db.select().from(schema.cases).where(eq(schema.cases.id, id));
    expect(c?.regionId).toBe("syd");
    const [use] = await auditOf("use", row?.id as string);
    expect(use?.detail).toMatchObject({ role: "coordinator", region: "syd", purpose });

    // Decided once: a second approval issues nothing more.
    expect((await post(national, `/staff/approvals/${request?.id}/approve`)).status).toBe(409);
    expect(await t.db.select().from(schema.apiTokens)).toHaveLength(1);

    await post(admin, `/staff/admin/tokens/${row?.id}/revoke`);
    const after = await t.app.request("/api/v1/cases", { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
    expect(after.headers.get("content-type")).toContain("application/problem+json");
  });

  it("are never approved by their own requester, whatever the page shows", async () => {
    const [own] = await t.db
      .insert(schema.accessRequests)
      .values({
        kind: "token",
        role: "iom",
        name: "IOM",
        purpose: "ÅMP-ansökningar till IOM",
        validDays: 30,
        requestedBy: national.principal.id,
      })
      .returning();
    expect((await post(national, `/staff/approvals/${own?.id}/approve`)).status).toBe(403);
    const [still] = await t.db
      .select()
      .from(schema.accessRequests)
      .where(eq(schema.accessRequests.id, own?.id as string));
    expect(still?.status).toBe("pending");
    // The database refuses it too.
    await expect(
      t.db
        .update(schema.accessRequests)
        .set({ status: "approved", decidedBy: national.principal.id })
        .where(eq(schema.accessRequests.id, own?.id as string)),
    ).rejects.toThrow();
  });

  it("expire: at most a year, and an expired token is refused and the attempt audited", async () => {
    const tooLong = await post(admin, "/staff/admin/tokens", {
      name: "Forskning",
      purpose: "Uttag för forskningsprojektet",
      role: "researcher",
      validDays: "400",
    });
    expect(tooLong.status).toBe(400);
    const page = await tooLong.text();
    expect(page).toMatch(
      /<p class="field-error" id="validDays-error">Högst 365 dagar.<\/p><input id="validDays" name="validDays" type="text" value="400"/,
    );
    expect(page).toContain('value="Forskning"');

    // A role that reads no case data is issued at once, for the days asked.
    const issued = await post(admin, "/staff/admin/tokens", {
      name: "Forskning",
      purpose: "Uttag för forskningsprojektet",
      role: "researcher",
      validDays: "1",
    });
    const token = tokenIn(await issued.text()) as string;
    const hash = createHash("sha256").update(token).digest("hex");
    const [row] = await t.db.select().from(schema.apiTokens).where(eq(schema.apiTokens.tokenHash, hash));
    expect(row?.purpose).toBe("Uttag för forskningsprojektet");
    const ok = await t.app.request("/api/v1/directory/lookup?q=orebro", {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(ok.status).toBe(200);
    await t.db
      .update(schema.apiTokens)
      .set({ createdAt: new Date(Date.now() - 2 * 86_400_000), expiresAt: new Date(Date.now() - 86_400_000) })
      .where(eq(schema.apiTokens.id, row?.id as string));
    const expired = await t.app.request("/api/v1/cases", { headers: { authorization: `Bearer ${token}` } });
    expect(expired.status).toBe(401);
    const [denied] = await auditOf("access.denied", row?.id as string);
    expect(denied?.detail).toMatchObject({ reason: "expired", role: "researcher" });
  });

  it("cannot be made for administration", async () => {
    const res = await post(admin, "/staff/admin/tokens", {
      name: "root",
      purpose: "allt möjligt och lite till",
      role: "admin",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Administration görs inte med API-nycklar.");
  });
});
