/**
 * The certification checklist, the referral form's fitting shelters, the flat-rate basis and
 * coverage (ADR 0027), on PGlite and, with DATABASE_URL, on PostgreSQL.
 */
import { schema } from "@stodkedjan/db";
import { addDays, swedishToday } from "@stodkedjan/domain";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../access/policy.ts";
import { verifyAuditLog } from "../audit/log.ts";
import { individualInput } from "../cases/schemas.ts";
import * as cases from "../cases/service.ts";
import * as referrals from "../referrals/service.ts";
import { type TestApp, testApp, testTargets } from "../testing.ts";
import * as certification from "./certification.ts";
import { coverage } from "./coverage.ts";
import { shelterChoices } from "./fitting.ts";
import { flatRateBasis } from "./flat-rate.ts";
import * as shelters from "./service.ts";

const today = swedishToday();
const CRITERIA = ["staff-knowledge", "needs-assessment", "client-participation"] as const;

describe.each(testTargets())("shelters' certification and follow-up on %s", (target) => {
  let t: TestApp;
  let national: Awaited<ReturnType<TestApp["signIn"]>>;
  let coordinator: Awaited<ReturnType<TestApp["signIn"]>>;
  const as = (who: { principal: Principal }) => ({ db: t.db, keys: t.keys, principal: who.principal });
  const assess = (criterionId: string, met = true, validUntil = addDays(today, 300)) => ({
    criterionId,
    met,
    evidence: "Intervjuer med personalen och granskade rutiner.",
    assessor: "Certifieringsgruppen",
    assessedOn: today,
    validUntil,
  });
  const addShelter = async (
    name: string,
    o: { regionId?: string; accepts?: ("women" | "men" | "children" | "families")[]; capacity?: number } = {},
  ) =>
    (
      await shelters.createShelter(as(national), {
        name,
        operator: "Plattformen",
        regionId: o.regionId ?? "syd",
        capacity: o.capacity ?? 3,
        accepts: o.accepts ?? ["women"],
        forms: ["sexual", "labour"],
        certifiedUntil: null,
      })
    ).id;
  const certify = async (id: string, validUntil = addDays(today, 300)) => {
    for (const c of CRITERIA)
      await certification.recordAssessment(as(national), id, assess(c, true, validUntil));
  };
  const openCase = async (gender: "woman" | "man", forms: ("sexual" | "labour")[] = ["sexual"]) =>
    (
      await cases.createIndividualCase(
        as(coordinator),
        individualInput.parse({
          referringOrg: "police",
          municipalityCode: "1280",
          forms,
          category: "trafficking",
          person: { ageGroup: "adult", gender },
        }),
      )
    ).id;
  const form = (who: typeof national, fields: Record<string, string>) =>
    new URLSearchParams({ _csrf: who.csrf, ...fields }).toString();
  const post = (who: typeof national, path: string, fields: Record<string, string>, page?: string) =>
    t.app.request(path, {
      method: "POST",
      headers: {
        cookie: who.cookie,
        "content-type": "application/x-www-form-urlencoded",
        "sec-fetch-site": "same-origin",
      },
      body: form(who, page ? { ...fields, _page: page } : fields),
    });
  const get = (who: typeof national, path: string) =>
    t.app.request(path, { headers: { cookie: who.cookie } });

  beforeAll(async () => {
    t = await testApp(target);
    national = await t.signIn("national");
    coordinator = await t.signIn("coordinator", "syd");
  });
  afterAll(() => t?.close());

  it("certifies a shelter once every criterion is met, until the earliest end, and audits each assessment", async () => {
    const id = await addShelter("Checklistboendet");
    await certification.recordAssessment(as(national), id, assess("staff-knowledge"));
    await certification.recordAssessment(
      as(national),
      id,
      assess("needs-assessment", true, addDays(today, 40)),
    );
    expect((await shelters.getShelter(as(national), id)).certification.state).toBe("uncertified");
    const list = await certification.recordAssessment(as(national), id, assess("client-participation"));
    expect(list.certification).toMatchObject({ state: "expiring", until: addDays(today, 40) });
    expect(list.criteria.map((c) => c.latest?.met)).toEqual([true, true, true]);
    const [row] = await t.db.select().from(schema.shelters).where(eq(schema.shelters.id, id));
    expect(row?.certifiedUntil).toBe(addDays(today, 40));
    const entries = await t.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.objectType, "shelter"), eq(schema.auditLog.objectId, id)));
    const last = entries.at(-1)?.detail as Record<string, unknown>;
    expect(last).toMatchObject({
      part: "certification-assessment",
      criterion: "client-participation",
      "certifiedUntil.from": null,
      "certifiedUntil.to": addDays(today, 40),
    });
    expect((await verifyAuditLog(t.db)).ok).toBe(true);
    // The renewal reminder on the national team's start page.
    const home = await (await get(national, "/staff")).text();
    expect(home).toContain('id="renewals"');
    expect(home).toContain("Checklistboendet");
    // Once on the checklist, the registry's date cannot be typed over.
    await expect(
      shelters.updateShelter(as(national), id, { certifiedUntil: addDays(today, 999) }),
    ).rejects.toMatchObject({ status: 400, issues: [{ path: "certifiedUntil" }] });
  });

  it("a criterion not met, or a withdrawal, ends the certification and refuses new placements", async () => {
    const id = await addShelter("Återkallat boende");
    await certify(id);
    const caseId = await openCase("woman");
    await referrals.createReferral(as(coordinator), caseId, { type: "nsp-placement", shelterId: id });
    await certification.recordAssessment(as(national), id, assess("needs-assessment", false));
    await expect(
      referrals.createReferral(as(coordinator), caseId, { type: "nsp-placement", shelterId: id }),
    ).rejects.toMatchObject({ status: 400, issues: [{ code: "shelter-uncertified" }] });
    await certification.recordAssessment(as(national), id, assess("needs-assessment"));
    const withdrawn = await certification.withdrawCertification(as(national), id, { reason: "Tillsyn" });
    expect(withdrawn.certification.state).toBe("withdrawn");
    expect((await shelters.getShelter(as(national), id)).certification.state).toBe("withdrawn");
    await expect(
      referrals.createReferral(as(coordinator), caseId, { type: "nsp-placement", shelterId: id }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      certification.withdrawCertification(as(national), id, { reason: "Igen" }),
    ).rejects.toMatchObject({ status: 409 });
    // Assessments made on the day of the withdrawal do not count; the checklist shows them as earlier.
    const after = await certification.recordAssessment(as(national), id, assess("staff-knowledge"));
    expect(after.certification.state).toBe("withdrawn");
  });

  it("an added criterion counts from its first assessment at a shelter", async () => {
    const id = await addShelter("Boendet med tillägg");
    await certify(id);
    const added = await certification.addCriterion(as(national), {
      textSv: "Rutiner för medföljande barn",
      textEn: "Routines for accompanying children",
    });
    expect(added.id).toMatch(/^c-rutiner-for-medfoljande-barn/);
    expect((await shelters.getShelter(as(national), id)).certification.state).not.toBe("uncertified");
    const list = await certification.recordAssessment(as(national), id, assess(added.id, false));
    expect(list.certification.state).toBe("uncertified");
  });

  it("refuses bad input at its field and writes nothing; coordinators read but may not write", async () => {
    const id = await addShelter("Felboendet");
    const before = await t.db.select().from(schema.certificationAssessments);
    await expect(
      certification.recordAssessment(as(national), id, {
        ...assess("unknown-criterion"),
        assessedOn: addDays(today, 1),
        validUntil: today,
      }),
    ).rejects.toMatchObject({
      status: 400,
      issues: [{ path: "criterionId" }, { path: "assessedOn" }, { path: "validUntil" }],
    });
    await expect(
      certification.recordAssessment(as(national), id, {
        ...assess("staff-knowledge"),
        validUntil: addDays(today, 3 * 366),
      }),
    ).rejects.toMatchObject({ status: 400, issues: [{ code: "assessment-too-long" }] });
    await expect(
      certification.recordAssessment(as(coordinator), id, assess("staff-knowledge")),
    ).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      certification.recordAssessment(as(national), "nope", assess("staff-knowledge")),
    ).rejects.toMatchObject({
      status: 404,
    });
    expect(await t.db.select().from(schema.certificationAssessments)).toHaveLength(before.length);
    expect((await certification.getChecklist(as(coordinator), id)).criteria).toHaveLength(
      (await certification.listCriteria(as(coordinator))).length,
    );
    // The staff form: the page again, what was typed kept, the message next to the field.
    const res = await post(
      national,
      `/staff/shelters/${id}/certification`,
      {
        criterionId: "staff-knowledge",
        met: "yes",
        evidence: "",
        assessor: "Eva Granskare",
        assessedOn: today,
        validUntil: today,
      },
      `/staff/shelters/${id}/certification`,
    );
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('id="evidence-error"');
    expect(page).toContain('value="Eva Granskare"');
    expect(await t.db.select().from(schema.certificationAssessments)).toHaveLength(before.length);
    const ok = await post(national, `/staff/shelters/${id}/certification`, {
      criterionId: "staff-knowledge",
      met: "yes",
      evidence: "Utbildningsintyg",
      assessor: "Eva Granskare",
      assessedOn: today,
      validUntil: addDays(today, 100),
    });
    expect(ok.status).toBe(303);
    expect(await (await get(coordinator, `/staff/shelters/${id}/certification`)).text()).toContain(
      "Utbildningsintyg",
    );
    expect(
      await (await post(coordinator, `/staff/shelters/${id}/certification/withdraw`, { reason: "x" })).status,
    ).toBe(403);
  });

  it("two assessments at once at one shelter: both are kept and the date follows all of them", async () => {
    const id = await addShelter("Samtidiga boendet");
    await certification.recordAssessment(as(national), id, assess("staff-knowledge"));
    await Promise.all([
      certification.recordAssessment(as(national), id, assess("needs-assessment", true, addDays(today, 50))),
      certification.recordAssessment(
        as(national),
        id,
        assess("client-participation", true, addDays(today, 70)),
      ),
    ]);
    const [row] = await t.db.select().from(schema.shelters).where(eq(schema.shelters.id, id));
    expect(row?.certifiedUntil).toBe(addDays(today, 50));
  });

  it("retires an added criterion: no longer assessed nor counted, its assessments kept in the history", async () => {
    const id = await addShelter("Boendet med ett kriterium ur bruk");
    await certify(id);
    const added = await certification.addCriterion(as(national), {
      textSv: "Kriterium att ta ur bruk",
      textEn: "Criterion to retire",
    });
    await certification.recordAssessment(as(national), id, assess(added.id, false));
    expect((await shelters.getShelter(as(national), id)).certification.state).toBe("uncertified");
    const retired = await certification.retireCriterion(as(national), added.id, {});
    expect(retired).toMatchObject({ id: added.id, retiredOn: today, builtIn: false });
    // The shelter's certification follows at once, in the one column the placement rule reads.
    const [row] = await t.db.select().from(schema.shelters).where(eq(schema.shelters.id, id));
    expect(row?.certifiedUntil).toBe(addDays(today, 300));
    const list = await certification.getChecklist(as(coordinator), id);
    expect(list.certification.state).toBe("certified");
    expect(list.criteria.map((c) => c.id)).not.toContain(added.id);
    expect(list.history.filter((a) => a.criterionId === added.id)).toHaveLength(1);
    expect(list.retiredCriteria).toEqual([{ ...added, retiredOn: today }]);
    expect((await certification.listCriteria(as(coordinator))).map((c) => c.id)).not.toContain(added.id);
    expect((await certification.listRetiredCriteria(as(coordinator))).map((c) => c.id)).toContain(added.id);
    // Audited: the criterion, and the shelter whose certification changed.
    const audit = await t.db.select().from(schema.auditLog);
    expect(
      audit.find((e) => e.objectType === "certification-criterion" && e.action === "update"),
    ).toMatchObject({
      objectId: added.id,
      detail: { retiredOn: today, "shelters.assessed": 1, "shelters.changed": id },
    });
    const shelterEntries = audit.filter((e) => e.objectType === "shelter" && e.objectId === id);
    expect(
      shelterEntries.find(
        (e) => (e.detail as Record<string, unknown>).part === "certification-criterion-retired",
      )?.detail,
    ).toMatchObject({
      criterion: added.id,
      "certifiedUntil.from": null,
      "certifiedUntil.to": addDays(today, 300),
    });
    expect((await verifyAuditLog(t.db)).ok).toBe(true);
    // It is no longer assessed.
    await expect(certification.recordAssessment(as(national), id, assess(added.id))).rejects.toMatchObject({
      status: 400,
      issues: [{ path: "criterionId", code: "criterion-unknown" }],
    });
    // The page: the history marks it retired, the checklist has no row to assess it.
    const page = await (await get(national, `/staff/shelters/${id}/certification`)).text();
    expect(page).toContain("data-retired");
    expect(page).toContain(`tagits ur bruk ${today}`);
    expect(page).not.toContain(`id="criterion-${added.id}"`);
    expect(page).not.toContain(`<option value="${added.id}"`);
  });

  it("refuses to retire a built-in, unknown or retired criterion, or from a wrong day, at its field", async () => {
    const added = await certification.addCriterion(as(national), {
      textSv: "Kriterium som står kvar",
      textEn: "Criterion that stays",
    });
    const criteria = async () => t.db.select().from(schema.certificationCriteria);
    const audit = async () => (await t.db.select().from(schema.auditLog)).length;
    const [before, auditBefore] = [await criteria(), await audit()];
    const refused = (criterionId: string, retiredOn: string | undefined, path: string, code: string) =>
      expect(
        certification.retireCriterion(as(national), criterionId, retiredOn ? { retiredOn } : {}),
      ).rejects.toMatchObject({ status: 400, issues: [{ path, code }] });
    await refused("staff-knowledge", undefined, "criterionId", "criterion-built-in");
    await refused("finns-inte", undefined, "criterionId", "criterion-unknown");
    await refused("FEL\u0000id", undefined, "criterionId", "criterion-unknown");
    await refused(added.id, addDays(today, 1), "retiredOn", "date-future");
    await refused(added.id, addDays(today, -1), "retiredOn", "date-before-added");
    await expect(certification.retireCriterion(as(coordinator), added.id, {})).rejects.toMatchObject({
      status: 403,
    });
    expect(await criteria()).toEqual(before);
    expect(await audit()).toBe(auditBefore);
    // The staff form: the page again, the day typed kept, the message next to the field.
    const res = await post(
      national,
      "/staff/certification/criteria/retire",
      { criterionId: "staff-knowledge", retiredOn: addDays(today, 5) },
      "/staff/certification/criteria",
    );
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('id="retire-criterionId-error"');
    expect(page).toContain('id="retiredOn-error"');
    expect(page).toContain(`value="${addDays(today, 5)}"`);
    expect(page).toContain("NSP:s egna kriterier kan inte tas ur bruk");
    expect(await criteria()).toEqual(before);
    expect(
      (await post(coordinator, "/staff/certification/criteria/retire", { criterionId: added.id })).status,
    ).toBe(403);
    const ok = await post(national, "/staff/certification/criteria/retire", { criterionId: added.id });
    expect(ok.status).toBe(303);
    await refused(added.id, undefined, "criterionId", "criterion-retired");
    const after = await (await get(national, "/staff/certification/criteria")).text();
    expect(after).toContain('id="retired-h"');
    expect(after).not.toContain(`<option value="${added.id}"`);
  });

  it("an assessment and a retirement of its criterion at once: the certification follows the retirement", async () => {
    const id = await addShelter("Boendet mitt i en ändring");
    await certify(id);
    const added = await certification.addCriterion(as(national), {
      textSv: `Kriterium som tas ur bruk samtidigt ${target}`,
      textEn: `Criterion retired at once ${target}`,
    });
    // Not assessed there yet: a retirement that missed the assessment running at once would leave
    // the shelter uncertified by a criterion no longer in force.
    const outcomes = await Promise.allSettled([
      certification.recordAssessment(as(national), id, assess(added.id, false)),
      certification.retireCriterion(as(national), added.id, {}),
    ]);
    expect(outcomes[1].status).toBe("fulfilled");
    // The assessment came first (and was counted out by the retirement) or met it retired.
    if (outcomes[0].status === "rejected")
      expect(outcomes[0].reason).toMatchObject({ status: 400, issues: [{ code: "criterion-unknown" }] });
    const [row] = await t.db.select().from(schema.shelters).where(eq(schema.shelters.id, id));
    expect(row?.certifiedUntil).toBe(addDays(today, 300));
  });

  it("offers the shelters that fit first; another needs a reason on the form, kept with the placement", async () => {
    const forMen = await addShelter("Boende för män", { regionId: "syd", accepts: ["men"], capacity: 1 });
    const forWomen = await addShelter("Boende för kvinnor", { regionId: "syd", accepts: ["women"] });
    await certify(forMen);
    await certify(forWomen);
    const caseId = await openCase("man");
    const choices = await shelterChoices(t.db, caseId, today);
    const men = choices.findIndex((c) => c.id === forMen);
    const women = choices.findIndex((c) => c.id === forWomen);
    expect(choices[men]?.misfits).toEqual([]);
    expect(choices[women]?.misfits).toEqual(["group"]);
    expect(men).toBeLessThan(women);
    await expect(
      referrals.createReferral(
        as(coordinator),
        caseId,
        { type: "nsp-placement", shelterId: forWomen },
        { reasonRequired: true },
      ),
    ).rejects.toMatchObject({ status: 400, issues: [{ path: "shelterChoiceReason" }] });
    const { id: rid } = await referrals.createReferral(
      as(coordinator),
      caseId,
      { type: "nsp-placement", shelterId: forWomen, shelterChoiceReason: "safety-distance" },
      { reasonRequired: true },
    );
    const [stored] = await t.db.select().from(schema.referrals).where(eq(schema.referrals.id, rid));
    expect((stored?.data as { shelterChoice?: unknown } | undefined)?.shelterChoice).toEqual({
      misfits: ["group"],
      reason: "safety-distance",
    });
    // Free places follow placements: a stay at the one-place shelter fills it.
    const other = await openCase("man");
    const { id: placed } = await referrals.createReferral(as(coordinator), other, {
      type: "nsp-placement",
      shelterId: forMen,
    });
    await t.db.update(schema.referrals).set({ status: "placed" }).where(eq(schema.referrals.id, placed));
    const again = (await shelterChoices(t.db, caseId, today)).find((c) => c.id === forMen);
    expect(again).toMatchObject({ free: 0, misfits: ["full"] });
    // The form refuses it next to the field.
    const res = await post(
      coordinator,
      `/staff/cases/${caseId}/referrals`,
      { type: "nsp-placement", shelterId: forWomen, start: "", shelterChoiceReason: "" },
      `/staff/cases/${caseId}/referrals`,
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('id="shelterChoiceReason-error"');
  });

  it("counts flat-rate days per stay, shelter and month, at most 90 per stay, with CSV and XLSX", async () => {
    const id = await addShelter("Schablonboendet", { regionId: "vast", capacity: 5 });
    await certify(id);
    const caseId = await openCase("woman");
    const insert = async (
      start: string,
      end: string | null,
      status: string,
      extensionReason: string | null = null,
    ) => {
      const { id: rid } = await referrals.createReferral(as(coordinator), caseId, {
        type: "nsp-placement",
        shelterId: id,
      });
      const [r] = await t.db.select().from(schema.referrals).where(eq(schema.referrals.id, rid));
      await t.db
        .update(schema.referrals)
        .set({ status, data: { ...(r?.data as object), start, end, extensionReason } })
        .where(eq(schema.referrals.id, rid));
    };
    await insert(addDays(today, -119), null, "placed");
    await insert(addDays(today, -119), null, "extended", "awaiting-housing");
    await insert(addDays(today, -9), addDays(today, -5), "exited");
    const year = today.slice(0, 4);
    const lastYear = String(Number(year) - 1);
    const sum = async (period: string) => {
      const b = await flatRateBasis(as(national), period, { format: "api" });
      return b.stays.filter((s) => s.shelterId === id);
    };
    const stays = [...(await sum(lastYear)), ...(await sum(year))];
    const whole = (which: number) =>
      stays.filter(
        (s) => s.start === [addDays(today, -119), addDays(today, -119), addDays(today, -9)][which],
      );
    expect(whole(0)[0]?.flatRateUsed).toBe(90);
    const totals = stays.reduce(
      (t, s) => ({
        flatRate: t.flatRate + s.period.flatRate,
        extension: t.extension + s.period.extension,
        beyond: t.beyond + s.period.beyond,
      }),
      { flatRate: 0, extension: 0, beyond: 0 },
    );
    expect(totals).toEqual({ flatRate: 90 + 90 + 5, extension: 30, beyond: 30 });
    await expect(flatRateBasis(as(coordinator), year, { format: "page" })).rejects.toMatchObject({
      status: 403,
    });
    const csv = await get(national, `/staff/flat-rate/export?period=${year}&format=csv`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(await csv.text()).toContain("Schablonboendet");
    const xlsx = await get(national, `/staff/flat-rate/export?period=${year}&format=xlsx`);
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(["Per placering och månad", "Per boende och månad"]);
    expect(String(book.worksheets[0]?.getRow(1).getCell(1).value)).toBe("Ärende");
    const exports = await t.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.objectType, "flat-rate-basis"), eq(schema.auditLog.action, "export")));
    expect(exports.length).toBeGreaterThanOrEqual(2);
    const bad = await get(national, "/staff/flat-rate?period=20266");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('value="20266"');
  });

  it("shows coverage per region with its gaps, as a table and an SVG of seven regions", async () => {
    const cov = await coverage(as(national));
    expect(cov.regions).toHaveLength(7);
    const nord = cov.regions.find((r) => r.regionId === "nord");
    expect(nord?.gaps).toContain("no-certified-shelter");
    const syd = cov.regions.find((r) => r.regionId === "syd");
    expect(syd?.certified).toBeGreaterThan(0);
    expect(cov.formsUntaken).toContain("begging");
    await expect(coverage(as(coordinator))).rejects.toMatchObject({ status: 403 });
    const page = await (await get(national, "/staff/coverage")).text();
    expect(page.match(/<g data-region=/g)).toHaveLength(7);
    expect(page).toContain('id="coverage-table"');
    expect(page).toContain('role="img"');
  });
});
