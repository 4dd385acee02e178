import { schema } from "@stodkedjan/db";
import { addDays, swedishToday } from "@stodkedjan/domain";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../access/policy.ts";
import { verifyAuditLog } from "../audit/log.ts";
import { individualInput } from "../cases/schemas.ts";
import * as cases from "../cases/service.ts";
import * as referrals from "../referrals/service.ts";
import { type TestApp, testApp, testTargets } from "../testing.ts";
import { type ShelterInput, shelterInput } from "./schemas.ts";
import * as shelters from "./service.ts";

const today = swedishToday();
const valid: ShelterInput = {
  name: "Skyddat boende Älvdalen",
  operator: "Stiftelsen Exempel",
  regionId: "bergslagen",
  capacity: 6,
  accepts: ["women", "children"],
  forms: ["sexual", "labour"],
  certifiedUntil: addDays(today, 200),
};

describe.each(testTargets())("the shelter registry on %s", (target) => {
  let t: TestApp;
  let national: Awaited<ReturnType<TestApp["signIn"]>>;
  let coordinator: Awaited<ReturnType<TestApp["signIn"]>>;
  const as = (who: { principal: Principal }) => ({
    db: t.db,
    keys: t.keys,
    principal: who.principal,
  });
  const auditOf = (id: string) =>
    t.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.objectType, "shelter"), eq(schema.auditLog.objectId, id)))
      .orderBy(schema.auditLog.seq);
  const form = (who: typeof national, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams({ _csrf: who.csrf });
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    return body.toString();
  };
  const post = (who: typeof national, path: string, fields: Record<string, string | string[]>) =>
    t.app.request(path, {
      method: "POST",
      headers: { cookie: who.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: form(who, fields),
    });
  const api = (who: typeof national, method: "GET" | "POST", path: string, body?: unknown) =>
    t.app.request(path, {
      method,
      headers: {
        cookie: who.cookie,
        ...(body ? { "content-type": "application/json", "x-csrf-token": who.csrf } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
  const openCase = async () =>
    (
      await cases.createIndividualCase(
        as(coordinator),
        individualInput.parse({
          referringOrg: "police",
          municipalityCode: "1880",
          forms: ["labour"],
          category: "trafficking",
          person: { ageGroup: "adult", gender: "man" },
        }),
      )
    ).id;

  beforeAll(async () => {
    t = await testApp(target);
    national = await t.signIn("national");
    coordinator = await t.signIn("coordinator", "bergslagen");
  });
  afterAll(() => t?.close());

  it("adds a shelter with a readable id, in one transaction with its audit entry", async () => {
    const created = await shelters.createShelter(as(national), valid);
    expect(created).toMatchObject({
      id: "skyddat-boende-alvdalen",
      regionName: "Region Bergslagen",
      placements: 0,
      certification: { state: "certified", until: valid.certifiedUntil, daysLeft: 200 },
    });
    const [entry] = await auditOf(created.id);
    expect(entry).toMatchObject({
      action: "create",
      actorId: national.principal.id,
      actorRole: "national",
      outcome: "ok",
      detail: { regionId: "bergslagen", capacity: 6, certifiedUntil: valid.certifiedUntil },
    });
    // The same name again gets an id of its own.
    expect((await shelters.createShelter(as(national), valid)).id).toBe("skyddat-boende-alvdalen-2");
    expect((await verifyAuditLog(t.db)).ok).toBe(true);
  });

  it("edits a shelter, auditing each changed field's old and new value, and nothing when nothing changed", async () => {
    const { id } = await shelters.createShelter(as(national), { ...valid, name: "Boendet Redigera" });
    const renewed = addDays(today, 400);
    const after = await shelters.updateShelter(as(national), id, { certifiedUntil: renewed, capacity: 8 });
    expect(after).toMatchObject({ id, capacity: 8, certifiedUntil: renewed, name: "Boendet Redigera" });
    await shelters.updateShelter(as(national), id, { capacity: 8 });
    const entries = await auditOf(id);
    expect(entries.map((e) => e.action)).toEqual(["create", "update"]);
    expect(entries[1]?.detail).toEqual({
      "capacity.from": 6,
      "capacity.to": 8,
      "certifiedUntil.from": valid.certifiedUntil,
      "certifiedUntil.to": renewed,
    });
    await expect(shelters.updateShelter(as(national), "finns-inte", { capacity: 3 })).rejects.toMatchObject({
      status: 404,
    });
    await expect(shelters.updateShelter(as(national), id, { regionId: "atlantis" })).rejects.toMatchObject({
      status: 400,
      issues: [{ path: "regionId" }],
    });
  });

  it("validates input with Swedish messages per field, and refuses unknown fields", () => {
    const result = shelterInput.safeParse({
      name: " ",
      operator: "",
      regionId: "",
      capacity: 2.5,
      accepts: [],
      forms: ["sexual", "sexual"],
      certifiedUntil: "2027-02-30",
    });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(
      (result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]),
    );
    expect(messages).toEqual({
      name: "Ange boendets namn.",
      operator: "Ange vem som driver boendet.",
      regionId: "Välj en region.",
      capacity: "Ange antalet platser som ett heltal.",
      accepts: "Välj minst en grupp som boendet tar emot.",
      forms: "ett värde finns med två gånger",
      certifiedUntil: "Ange ett datum som ÅÅÅÅ-MM-DD.",
    });
    expect(shelterInput.safeParse({ ...valid, extra: 1 }).success).toBe(false);
    expect(shelterInput.safeParse({ ...valid, certifiedUntil: null }).success).toBe(true);
  });

  it("lets only the national team write; coordinators read the registry", async () => {
    await expect(shelters.createShelter(as(coordinator), valid)).rejects.toMatchObject({ status: 403 });
    const { id } = await shelters.createShelter(as(national), { ...valid, name: "Läsbart boende" });
    await expect(shelters.updateShelter(as(coordinator), id, { capacity: 1 })).rejects.toMatchObject({
      status: 403,
    });
    expect((await shelters.listShelters(as(coordinator))).map((s) => s.id)).toContain(id);
    const researcher = await t.signIn("researcher");
    await expect(shelters.listShelters(as(researcher))).rejects.toMatchObject({ status: 403 });
  });

  it("counts the placements at a shelter now, and refuses a placement where the certification has expired", async () => {
    const ok = await shelters.createShelter(as(national), { ...valid, name: "Certifierat boende" });
    const expired = await shelters.createShelter(as(national), {
      ...valid,
      name: "Utgånget boende",
      certifiedUntil: addDays(today, -1),
    });
    const never = await shelters.createShelter(as(national), {
      ...valid,
      name: "Ej certifierat boende",
      certifiedUntil: null,
    });
    const short = await shelters.createShelter(as(national), {
      ...valid,
      name: "Snart utgånget boende",
      certifiedUntil: addDays(today, 10),
    });
    expect(expired.certification.state).toBe("expired");
    expect(short.certification.state).toBe("expiring");

    const caseId = await openCase();
    const refer = (shelterId: string, start: string | null = null) =>
      referrals.createReferral(as(coordinator), caseId, { type: "nsp-placement", shelterId, start });
    await expect(refer(expired.id)).rejects.toMatchObject({
      status: 400,
      message: `Certifieringen för Utgånget boende har gått ut (den gällde till ${addDays(today, -1)}). Välj ett boende med giltig certifiering.`,
      issues: [{ path: "shelterId", message: "certifieringen har gått ut" }],
    });
    await expect(refer(never.id)).rejects.toMatchObject({
      status: 400,
      message: "Ej certifierat boende är inte certifierat inom NSP och kan inte ta emot en placering.",
    });
    await expect(refer(short.id, addDays(today, 11))).rejects.toMatchObject({
      status: 400,
      issues: [{ path: "start" }],
    });
    // Nothing was written for the refused ones.
    const written = await t.db.select().from(schema.referrals).where(eq(schema.referrals.caseId, caseId));
    expect(written).toEqual([]);

    const { id: placed } = await refer(ok.id, addDays(today, -3));
    await referrals.updateReferral(as(coordinator), caseId, placed, { status: "placed" });
    await refer(short.id, addDays(today, 10)); // requested, not yet placed: occupies no place
    const byId = new Map((await shelters.listShelters(as(coordinator))).map((s) => [s.id, s]));
    expect(byId.get(ok.id)?.placements).toBe(1);
    expect(byId.get(short.id)?.placements).toBe(0);
    const certifiedNow = await shelters.listShelters(as(coordinator), { certified: true });
    expect(certifiedNow.map((s) => s.id)).toContain(short.id);
    expect(certifiedNow.map((s) => s.id)).not.toContain(expired.id);
    expect(certifiedNow.map((s) => s.id)).not.toContain(never.id);
    const others = await shelters.listShelters(as(coordinator), { certified: false });
    expect(others.map((s) => s.id).sort()).toEqual([expired.id, never.id].sort());
  });

  it("staff pages: the national team adds and edits through plain forms, with field errors; coordinators read", async () => {
    const list = await t.app.request("/staff/shelters", { headers: { cookie: national.cookie } });
    expect(list.status).toBe(200);
    expect(await list.text()).toContain('href="/staff/shelters/new"');

    // Errors: every field named, the values kept, each error next to its field.
    const bad = await post(national, "/staff/shelters", {
      name: "Formulärboendet",
      operator: "",
      regionId: "",
      capacity: "sex",
      accepts: "women",
      certifiedUntil: "",
    });
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(page).toContain('<div class="error" role="alert">');
    expect(page).toContain('<a href="#operator">Drivs av: Ange vem som driver boendet.</a>');
    expect(page).toContain(
      '<a href="#forms-sexual">Former av exploatering: Välj minst en form av exploatering.</a>',
    );
    expect(page).toContain(
      '<p class="field-error" id="capacity-error">Ange antalet platser som ett heltal.</p>',
    );
    expect(page).toMatch(
      /id="capacity" name="capacity" value="sex" aria-describedby="capacity-error" aria-invalid="true"/,
    );
    expect(page).toMatch(/id="name" name="name" value="Formulärboendet" autocomplete="off"/);
    expect(page).toMatch(/id="accepts-women" name="accepts" value="women" checked/);

    // Without the CSRF token nothing happens.
    const forged = await t.app.request("/staff/shelters", {
      method: "POST",
      headers: { cookie: national.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: "name=X",
    });
    expect(forged.status).toBe(403);

    const fields = {
      name: "Formulärboendet",
      operator: "Föreningen Exempel",
      regionId: "mitt",
      capacity: "5",
      accepts: ["men", "families"],
      forms: ["labour", "begging"],
      certifiedUntil: addDays(today, 30),
    };
    const created = await post(national, "/staff/shelters", fields);
    expect(created.status).toBe(303);
    expect(created.headers.get("location")).toBe(
      "/staff/shelters?sparat=formularboendet#shelter-formularboendet",
    );
    const shown = await (
      await t.app.request("/staff/shelters?sparat=formularboendet", {
        headers: { cookie: coordinator.cookie },
      })
    ).text();
    expect(shown).toContain("Formulärboendet har sparats.");
    expect(shown).toContain(`certifierat till ${addDays(today, 30)} – löper ut inom 60 dagar`);
    expect(shown).toContain("Män, Familjer");
    // Coordinators read, but get no links to change anything.
    expect(shown).not.toContain('href="/staff/shelters/new"');
    expect(shown).not.toContain('href="/staff/shelters/formularboendet"');

    const editPage = await t.app.request("/staff/shelters/formularboendet", {
      headers: { cookie: national.cookie },
    });
    expect(await editPage.text()).toMatch(
      /id="certifiedUntil" name="certifiedUntil" type="date" value="[\d-]+"/,
    );
    const expiredOn = addDays(today, -5);
    const edited = await post(national, "/staff/shelters/formularboendet", {
      ...fields,
      certifiedUntil: expiredOn,
    });
    expect(edited.status).toBe(303);
    const after = await (
      await t.app.request("/staff/shelters", { headers: { cookie: national.cookie } })
    ).text();
    expect(after).toContain(`certifieringen har gått ut (${expiredOn})`);
    const [entry] = (await auditOf("formularboendet")).filter((e) => e.action === "update");
    expect(entry?.detail).toMatchObject({ "certifiedUntil.to": expiredOn });

    const badEdit = await post(national, "/staff/shelters/formularboendet", { ...fields, capacity: "0" });
    expect(badEdit.status).toBe(400);
    expect(await badEdit.text()).toContain("Ett boende har minst en plats.");
    expect((await post(national, "/staff/shelters/finns-inte", fields)).status).toBe(404);
    expect((await post(coordinator, "/staff/shelters", fields)).status).toBe(403);
  });

  it("the referral form lists only shelters certified today, those that fit the person first", async () => {
    const caseId = await openCase();
    await shelters.createShelter(as(national), { ...valid, name: "Giltigt i Syd", regionId: "syd" });
    await shelters.createShelter(as(national), {
      ...valid,
      name: "Utgånget i Syd",
      regionId: "syd",
      certifiedUntil: addDays(today, -1),
    });
    const html = await (
      await t.app.request(`/staff/cases/${caseId}/referrals`, { headers: { cookie: coordinator.cookie } })
    ).text();
    const picker = /<select id="shelterId" name="shelterId"[^>]*>(.*?)<\/select>/s.exec(html)?.[1] ?? "";
    // The case's person is a man: a shelter for women and children is offered among the others, saying why.
    expect(picker).toContain('<optgroup label="Andra certifierade boenden – ange skäl nedan">');
    expect(picker).toMatch(/Giltigt i Syd \([^)]*6 lediga platser; tar inte personens grupp\)/);
    expect(picker).not.toContain("Utgånget i Syd");
    // And the form refuses it with the reason, should an old form post it.
    const expiredId = "utganget-i-syd";
    const res = await post(coordinator, `/staff/cases/${caseId}/referrals`, {
      type: "nsp-placement",
      shelterId: expiredId,
      start: "",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Certifieringen för Utgånget i Syd har gått ut");
  });

  it("the JSON API: documented, strict, problem details, and the same rules", async () => {
    const doc = (await (await t.app.request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths["/api/v1/shelters"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/api/v1/shelters/{shelterId}"] ?? {}).sort()).toEqual(["get", "post"]);

    const created = await api(national, "POST", "/api/v1/shelters", { ...valid, name: "API-boendet" });
    expect(created.status).toBe(201);
    const body = (await created.json()) as shelters.ShelterView;
    expect(body).toMatchObject({ id: "api-boendet", capacity: 6, certification: { state: "certified" } });

    const unknownKey = await api(national, "POST", "/api/v1/shelters", { ...valid, colour: "blå" });
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.headers.get("content-type")).toContain("application/problem+json");
    expect(((await unknownKey.json()) as { status: number }).status).toBe(400);

    const renewed = await api(national, "POST", "/api/v1/shelters/api-boendet", { certifiedUntil: null });
    expect(renewed.status).toBe(200);
    expect(await renewed.json()).toMatchObject({
      certifiedUntil: null,
      certification: { state: "uncertified" },
    });
    expect((await api(national, "POST", "/api/v1/shelters/api-boendet", {})).status).toBe(400);

    const wrongRegion = await api(national, "POST", "/api/v1/shelters", { ...valid, regionId: "atlantis" });
    expect(wrongRegion.status).toBe(400);
    expect(await wrongRegion.json()).toMatchObject({ errors: [{ path: "regionId" }] });

    const missing = await api(coordinator, "GET", "/api/v1/shelters/finns-inte");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toContain("application/problem+json");

    const forbidden = await api(coordinator, "POST", "/api/v1/shelters", valid);
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get("content-type")).toContain("application/problem+json");

    const listed = (await (
      await api(coordinator, "GET", "/api/v1/shelters?regionId=bergslagen&certified=true")
    ).json()) as shelters.ShelterView[];
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((s) => s.regionId === "bergslagen" && s.certification.state !== "expired")).toBe(
      true,
    );
    expect(listed.map((s) => s.id)).not.toContain("api-boendet");
  });
});
