/** ÅMP follow-up entries through the JSON API and the staff form: documented, problem details, field errors. */

import { schema } from "@stodkedjan/db";
import { swedishDay } from "@stodkedjan/domain";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cases from "../cases/service.ts";
import * as referrals from "../referrals/service.ts";
import { adultCaseInput, expectProblem, type TestApp, testApp } from "../testing.ts";

const daysAgo = (n: number) => swedishDay(-n);

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
    ({ id: caseId } = await cases.createIndividualCase(ctx, adultCaseInput));
    ({ id: amp } = await referrals.createReferral(ctx, caseId, { type: "amp" }));
    await referrals.updateReferral(ctx, caseId, amp, { status: "submitted", submittedOn: daysAgo(20) });
    ({ id: other } = await referrals.createReferral(ctx, caseId, { type: "other", kind: "mika" }));
  });
  afterAll(() => t?.close());

  const api = (path: string, body?: unknown) =>
    t.app.request(path, {
      method: body === undefined ? "GET" : "POST",
      headers: {
        cookie: who.cookie,
        ...(body === undefined ? {} : { "content-type": "application/json", "x-csrf-token": who.csrf }),
      },
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

describe("referrals over the JSON API: create and change", () => {
  let t: TestApp;
  let who: Awaited<ReturnType<TestApp["signIn"]>>;
  let stranger: Awaited<ReturnType<TestApp["signIn"]>>;
  let caseId: string;
  let placement: string;

  beforeAll(async () => {
    t = await testApp("pglite");
    who = await t.signIn("coordinator", "mitt");
    stranger = await t.signIn("coordinator", "stockholm");
    const shelter = {
      operator: "Test",
      regionId: "mitt",
      capacity: 4,
      accepts: ["women"],
      forms: ["sexual"],
    };
    await t.db.insert(schema.shelters).values([
      { ...shelter, id: "certifierat", name: "Certifierat boende", certifiedUntil: "2099-12-31" },
      { ...shelter, id: "utganget", name: "Utgånget boende", certifiedUntil: "2020-01-01" },
    ]);
    ({ id: caseId } = await cases.createIndividualCase(
      { db: t.db, keys: t.keys, principal: who.principal },
      adultCaseInput,
    ));
  });
  afterAll(() => t?.close());

  const post = (path: string, body: unknown, as: { cookie: string; csrf: string } = who) =>
    t.app.request(path, {
      method: "POST",
      headers: { cookie: as.cookie, "x-csrf-token": as.csrf, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const referralRows = () => t.db.select().from(schema.referrals).where(eq(schema.referrals.caseId, caseId));
  const eventsOf = (rid: string) =>
    t.db.select().from(schema.referralEvents).where(eq(schema.referralEvents.referralId, rid));
  /** The case's referrals with their events, to show that a refused request changed nothing. */
  const snapshot = async () => {
    const rows = await referralRows();
    return { rows, events: await Promise.all(rows.map((r) => eventsOf(r.id))) };
  };

  it("refers an NSP placement to a certified shelter (201), in status requested with its first event", async () => {
    const res = await post(`/api/v1/cases/${caseId}/referrals`, {
      type: "nsp-placement",
      shelterId: "certifierat",
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const { id } = (await res.json()) as { id: string };
    placement = id;
    const [row] = (await referralRows()).filter((r) => r.id === id);
    expect(row).toMatchObject({ type: "nsp-placement", status: "requested", shelterId: "certifierat" });
    expect((await eventsOf(id)).map((e) => [e.fromStatus, e.toStatus])).toEqual([[null, "requested"]]);
    const audit = await t.db.select().from(schema.auditLog).where(eq(schema.auditLog.objectId, caseId));
    expect(
      audit.filter((a) => a.action === "create" && (a.detail as { referral?: string })?.referral === id),
    ).toHaveLength(1);
    const view = (await (
      await t.app.request(`/api/v1/cases/${caseId}/referrals/${id}`, { headers: { cookie: who.cookie } })
    ).json()) as { referral: { status: string }; shelter: string; next: string[] };
    expect(view).toMatchObject({ referral: { status: "requested" }, shelter: "Certifierat boende" });
    expect(view.next).toEqual(expect.arrayContaining(["placed", "declined", "cancelled"]));
  });

  it("refuses a placement at a shelter whose certification has expired (400, problem details, nothing written)", async () => {
    const before = await snapshot();
    const res = await post(`/api/v1/cases/${caseId}/referrals`, {
      type: "nsp-placement",
      shelterId: "utganget",
      start: daysAgo(0),
    });
    const problem = await expectProblem(res, 400);
    expect(problem.errors?.map((e) => e.path)).toEqual(["shelterId"]);
    expect(await snapshot()).toEqual(before);
  });

  it("moves the placement from requested to placed with its start day (200), recording the event", async () => {
    const res = await post(`/api/v1/cases/${caseId}/referrals/${placement}`, {
      status: "placed",
      start: daysAgo(3),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      type: "nsp-placement",
      status: "placed",
      start: daysAgo(3),
      end: null,
      extensionReason: null,
      needs: [],
      referredOn: expect.any(String),
    });
    const [row] = (await referralRows()).filter((r) => r.id === placement);
    expect(row).toMatchObject({ status: "placed", data: { start: daysAgo(3), end: null } });
    expect((await eventsOf(placement)).map((e) => [e.fromStatus, e.toStatus])).toEqual([
      [null, "requested"],
      ["requested", "placed"],
    ]);
  });

  it("refuses a transition the status machine does not allow, or a status without its dates, and changes nothing", async () => {
    const before = await snapshot();
    // placed → requested is not a transition; placed → exited needs the exit day.
    const back = await expectProblem(
      await post(`/api/v1/cases/${caseId}/referrals/${placement}`, { status: "requested" }),
      409,
    );
    expect(back).toMatchObject({
      detail: expect.stringContaining("allowed: extended, exited"),
    });
    const noEnd = await expectProblem(
      await post(`/api/v1/cases/${caseId}/referrals/${placement}`, { status: "exited" }),
      400,
    );
    expect(noEnd.errors?.map((e) => e.path)).toEqual(["end"]);
    // Bad input: 400 with problem details (each field's problem at its path).
    for (const [body, path] of [
      [{ status: "extended", extensionReason: "  " }, "extensionReason"],
      [{ submittedOn: daysAgo(1) }, "submittedOn"], // not a field of a placement
      [{ addItem: { kind: "travel", amountSek: 100 } }, "addItem"], // ÅMP only
      [{ extensionReason: "a\u0000b" }, "extensionReason"], // jsonb cannot hold U+0000: was a 500
      [{ start: "2025-02-30" }, "start"],
      [{ status: "placed", unknown: true }, ""],
    ] as const) {
      const problem = await expectProblem(
        await post(`/api/v1/cases/${caseId}/referrals/${placement}`, body),
        400,
      );
      expect(problem.errors?.map((e) => e.path)).toContain(path);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses bad referral input with 400: a shelter id PostgreSQL cannot hold, an unknown key in a support item", async () => {
    const before = await snapshot();
    const nul = await expectProblem(
      await post(`/api/v1/cases/${caseId}/referrals`, {
        type: "nsp-placement",
        shelterId: "certifierat\u0000",
      }),
      400,
    );
    expect(nul.errors?.map((e) => e.path)).toEqual(["shelterId"]);
    const { id: amp } = (await (await post(`/api/v1/cases/${caseId}/referrals`, { type: "amp" })).json()) as {
      id: string;
    };
    const after = await snapshot();
    await expectProblem(
      await post(`/api/v1/cases/${caseId}/referrals/${amp}`, {
        addItem: { kind: "travel", amountSek: 100, approved: true },
      }),
      400,
    );
    expect(await snapshot()).toEqual(after);
    expect(after.rows).toHaveLength(before.rows.length + 1);
  });

  it("answers 404 to another region's coordinator for both operations, and changes nothing", async () => {
    const before = await snapshot();
    await expectProblem(
      await post(`/api/v1/cases/${caseId}/referrals`, { type: "other", kind: "mika" }, stranger),
      404,
    );
    await expectProblem(
      await post(
        `/api/v1/cases/${caseId}/referrals/${placement}`,
        { status: "exited", end: daysAgo(0) },
        stranger,
      ),
      404,
    );
    expect(await snapshot()).toEqual(before);
  });

  it("is documented in the OpenAPI document: both operations with their request bodies", async () => {
    const doc = (await (await t.app.request("/api/openapi.json")).json()) as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
      >;
    };
    const create = doc.paths["/api/v1/cases/{id}/referrals"];
    const change = doc.paths["/api/v1/cases/{id}/referrals/{rid}"];
    expect(Object.keys(create ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(change ?? {}).sort()).toEqual(["get", "post"]);
    expect(create?.post?.requestBody?.content["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/ReferralCreate",
    });
    expect(change?.post?.requestBody?.content["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/ReferralUpdate",
    });
  });
});
