import { createHash } from "node:crypto";
import { schema } from "@stodkedjan/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../testing.ts";

describe("partner-system tokens", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp("pglite");
  });
  afterAll(() => t?.close());

  it("are created by an admin, shown once, scoped to their role and region, and revocable", async () => {
    const admin = await t.signIn("admin");
    const form = new URLSearchParams({
      _csrf: admin.csrf,
      name: "IOM Helsinki test",
      role: "coordinator",
      regionId: "syd",
    });
    const res = await t.app.request("/staff/admin/tokens", {
      method: "POST",
      headers: { cookie: admin.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    expect(res.status).toBe(200);
    const token = /data-token>([^<]+)</.exec(await res.text())?.[1] ?? "";
    expect(token).toMatch(/^sk_/);
    const [row] = await t.db.select().from(schema.apiTokens);
    expect(row?.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token);

    const auth = { authorization: `Bearer ${token}` };
    const created = await t.app.request("/api/v1/cases/consultations", {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({
        channel: "coordinator",
        referringOrg: "other",
        municipalityCode: "1280",
        topic: "return",
        forms: ["labour"],
        referredTo: "none",
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const [c] = await t.db.select().from(schema.cases).where(eq(schema.cases.id, id));
    expect(c?.regionId).toBe("syd");

    await t.app.request(`/staff/admin/tokens/${row?.id}/revoke`, {
      method: "POST",
      headers: { cookie: admin.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: admin.csrf }).toString(),
    });
    const after = await t.app.request("/api/v1/cases", { headers: auth });
    expect(after.status).toBe(401);
    expect(after.headers.get("content-type")).toContain("application/problem+json");
  });

  it("cannot be made for administration", async () => {
    const admin = await t.signIn("admin");
    const res = await t.app.request("/staff/admin/tokens", {
      method: "POST",
      headers: { cookie: admin.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: admin.csrf, name: "root", role: "admin" }).toString(),
    });
    expect(res.status).toBe(400);
  });
});
