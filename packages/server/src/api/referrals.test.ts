/** ÅMP follow-up entries through the JSON API and the staff form: documented, problem details, field errors. */
import { schema } from "@stodkedjan/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { individualInput } from "../cases/schemas.ts";
import * as cases from "../cases/service.ts";
import * as referrals from "../referrals/service.ts";
import { type TestApp, testApp } from "../testing.ts";

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe("ÅMP follow-ups over HTTP", () => {
  let t: TestApp;
  let who: Awaited<ReturnType<TestApp["signIn"]>>;
  let caseId: string;
  let amp: string;
  let other: string;

  beforeAll(async () => {
    t = await testApp("pglite");
    who = await t.signIn("coordinator", "mitt");
    const ctx = { db: t.db, keys: t.keys, principal: who.principal };
    ({ id: caseId } = await cases.createIndividualCase(
      ctx,
      individualInput.parse({
        referringOrg: "police",
        municipalityCode: "0380",
        forms: ["sexual"],
        category: "trafficking",
        person: { ageGroup: "adult", gender: "woman" },
      }),
    ));
    ({ id: amp } = await referrals.createReferral(ctx, caseId, { type: "amp" }));
    await referrals.updateReferral(ctx, caseId, amp, { status: "submitted", submittedOn: daysAgo(20) });
    ({ id: other } = await referrals.createReferral(ctx, caseId, { type: "other", kind: "mika" }));
  });
  afterAll(() => t?.close());

  const api = (path: string, body?: unknown) =>
    t.app.request(path, {
      method: body === undefined ? "GET" : "POST",
      headers: { cookie: who.cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const form = (path: string, fields: Record<string, string>) =>
    t.app.request(path, {
      method: "POST",
      headers: { cookie: who.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString(),
    });
  const stored = () =>
    t.db.select().from(schema.referralFollowups).where(eq(schema.referralFollowups.caseId, caseId));

  it("adds an entry over the API and reads it with the referral", async () => {
    const res = await api(`/api/v1/cases/${caseId}/referrals/${amp}/followups`, {
      on: daysAgo(1),
      kind: "iom-contact",
      body: "IOM behöver ett läkarintyg.",
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const one = (await (await api(`/api/v1/cases/${caseId}/referrals/${amp}`)).json()) as {
      followUps: { id: string; body: string; kind: string }[];
    };
    expect(one.followUps).toEqual([
      expect.objectContaining({ id, kind: "iom-contact", body: "IOM behöver ett läkarintyg." }),
    ]);
    const list = (await (await api(`/api/v1/cases/${caseId}/referrals`)).json()) as {
      id: string;
      followUps: unknown[];
    }[];
    expect(list.map((r) => [r.id, r.followUps.length])).toEqual([
      [amp, 1],
      [other, 0],
    ]);
  });

  it("answers problem details, and writes nothing, for another referral or bad input", async () => {
    const before = (await stored()).length;
    const conflict = await api(`/api/v1/cases/${caseId}/referrals/${other}/followups`, {
      on: daysAgo(0),
      kind: "other",
      body: "x",
    });
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    for (const body of [
      { on: daysAgo(0), kind: "other", body: "x", secret: true },
      { on: daysAgo(-3), kind: "other", body: "I framtiden." },
      { on: daysAgo(0), kind: "reintegration-check", body: "För tidigt." },
    ]) {
      const res = await api(`/api/v1/cases/${caseId}/referrals/${amp}/followups`, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { status: number }).status).toBe(400);
    }
    expect((await stored()).length).toBe(before);
  });

  it("is documented in the OpenAPI document", async () => {
    const doc = (await (await t.app.request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths["/api/v1/cases/{id}/referrals/{rid}/followups"] ?? {})).toEqual(["post"]);
    expect(doc.paths["/api/v1/cases/{id}/referrals/{rid}"]).toHaveProperty("get");
  });

  it("staff form: sends the page back with each error at its field, then saves and lists the entry", async () => {
    const path = `/staff/cases/${caseId}/referrals/${amp}/followups`;
    const before = (await stored()).length;
    const bad = await form(path, { on: daysAgo(-5), kind: "person-contact", body: "Behåll den här texten" });
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(page).toContain(`id="fu-${amp}-on-error"`);
    expect(page).toContain("Datumet kan inte ligga i framtiden.");
    expect(page).toMatch(new RegExp(`id="fu-${amp}-on"[^>]*aria-invalid="true"`));
    expect(page).toContain("Behåll den här texten</textarea>");
    expect((await stored()).length).toBe(before);
    // Every problem at once: the schema's (no text) and the rules' (a future day, too early a check).
    const all = await (await form(path, { on: daysAgo(-5), kind: "reintegration-check", body: " " })).text();
    for (const field of ["on", "kind", "body"]) expect(all).toContain(`id="fu-${amp}-${field}-error"`);
    expect(all).toContain("efter hemkomst");

    const ok = await form(path, {
      on: daysAgo(0),
      kind: "person-contact",
      body: "Träffade henne på boendet.",
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`/staff/cases/${caseId}/referrals#uppfoljning-${amp}`);
    const shown = await (
      await t.app.request(`/staff/cases/${caseId}/referrals`, { headers: { cookie: who.cookie } })
    ).text();
    expect(shown).toContain("Träffade henne på boendet.");
    expect(shown).toContain("Kontakt med personen");
    // Newest first.
    expect(shown.indexOf("Träffade henne")).toBeLessThan(shown.indexOf("IOM behöver ett läkarintyg."));

    const refused = await form(`/staff/cases/${caseId}/referrals/${other}/followups`, {
      on: daysAgo(0),
      kind: "other",
      body: "x",
    });
    expect(refused.status).toBe(409);
  });

  it("IOM's list of applications shows no follow-up text", async () => {
    const iom = await t.signIn("iom");
    const res = await t.app.request("/staff/amp", { headers: { cookie: iom.cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain("läkarintyg");
    expect(html).not.toContain("Träffade henne");
  });
});
