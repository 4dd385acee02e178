/**
 * The records the daily work needs (ADR 0021): a consultation turned into an individual case keeps
 * its history (number, notes, tasks, steps and access log), and a child's case records the
 * responsible social services and whether a guardian (god man) is appointed. On PGlite, and on
 * PostgreSQL when DATABASE_URL is set.
 */
import { schema } from "@stodkedjan/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { historyOf, verifyAuditLog } from "../audit/log.ts";
import { adultCaseInput, type TestApp, testApp, testTargets } from "../testing.ts";
import { consultationInput, individualInput } from "./schemas.ts";
import * as cases from "./service.ts";

const person = {
  ageGroup: "adult" as const,
  gender: "woman" as const,
  languages: ["ro"],
  name: "Ana Popescu",
  contact: undefined,
  identityDocuments: undefined,
};

describe.each(testTargets())("consultations and children's records on %s", (target) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<TestApp["signIn"]>>;
  let partner: Awaited<ReturnType<TestApp["signIn"]>>;
  let stranger: Awaited<ReturnType<TestApp["signIn"]>>;
  const ctx = (who: typeof owner) => ({ db: t.db, keys: t.keys, principal: who.principal });

  beforeAll(async () => {
    t = await testApp(target);
    owner = await t.signIn("coordinator", "syd");
    partner = await t.signIn("coordinator", "vast");
    stranger = await t.signIn("coordinator", "nord");
  });
  afterAll(() => t?.close());

  const consultation = () =>
    cases.createConsultation(
      ctx(owner),
      consultationInput.parse({
        channel: "support-line",
        referringOrg: "police",
        municipalityCode: "1280",
        topic: "housing",
        forms: ["labour"],
        referredTo: "nsp",
        advice: "Ring boendet i morgon.",
        contactOn: "2026-11-30",
        contactTime: "23:40",
        contactMinutes: 25,
      }),
    );

  it("turns a consultation into an individual case that keeps its number, notes, tasks, record and access log", async () => {
    const { id, ref } = await consultation();
    await cases.addNote(ctx(owner), id, "Polisen ringde om en arbetsplats.");
    const { id: taskId } = await cases.addTask(ctx(owner), id, "Ring tillbaka", "2026-12-10");
    await cases.getCase(ctx(owner), id);
    const before = await historyOf(t.db, "case", id);

    await cases.convertToIndividual(ctx(owner), id, { category: "human-exploitation", step: 3, person });

    const k = await cases.getCase(ctx(owner), id);
    expect(k).toMatchObject({
      id,
      ref,
      kind: "individual",
      category: "human-exploitation",
      step: 3,
      convertedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      // The consultation's own record stays.
      consultationChannel: "support-line",
      consultationTopic: "housing",
      referredTo: "nsp",
      advice: "Ring boendet i morgon.",
      contactMinutes: 25,
      takenByName: "Test coordinator",
    });
    expect(k.title).toMatch(/^Arbetskraftsexploatering, vuxen, /);
    expect(k.person).toMatchObject({ name: "Ana Popescu", ageGroup: "adult", languages: ["ro"] });
    expect(k.person?.pseudonym).toBe(`P-${ref.slice(-6)}`);
    expect(k.notes.map((n) => n.body)).toEqual(["Polisen ringde om en arbetsplats."]);
    expect(k.tasks.map((x) => x.id)).toEqual([taskId]);
    expect(k.steps).toEqual([expect.objectContaining({ step: 3, by: "Test coordinator" })]);
    // The access log runs on: everything before the conversion, then the conversion itself.
    const after = await historyOf(t.db, "case", id);
    expect(after.slice(-before.length).map((r) => r.seq)).toEqual(before.map((r) => r.seq));
    expect(after.map((r) => r.detail)).toContainEqual(
      expect.objectContaining({ change: "converted-to-individual" }),
    );
    // The person's name is stored only encrypted.
    const [row] = await t.db
      .select()
      .from(schema.persons)
      .where(eq(schema.persons.id, k.person?.id ?? ""));
    expect(JSON.stringify(row)).not.toContain("Popescu");
    // A case converted is counted as a case now, no longer as a consultation.
    expect(await cases.openCounts(ctx(owner))).toMatchObject({ individual: 1, consultation: 0 });
    expect((await verifyAuditLog(t.db)).ok).toBe(true);
  });

  it("converts only a consultation, only for the owning region, and changes nothing when refused", async () => {
    const { id } = await consultation();
    const { id: individual } = await cases.createIndividualCase(ctx(owner), adultCaseInput);
    await cases.shareCase(ctx(owner), id, "vast", "joint");
    const input = { category: "trafficking" as const, step: 1, person };
    const snapshot = async () => ({
      cases: await t.db.select().from(schema.cases).where(eq(schema.cases.id, id)),
      persons: (await t.db.select({ id: schema.persons.id }).from(schema.persons)).length,
    });
    const before = await snapshot();
    await expect(cases.convertToIndividual(ctx(partner), id, input)).rejects.toMatchObject({ status: 403 });
    await expect(cases.convertToIndividual(ctx(stranger), id, input)).rejects.toMatchObject({ status: 404 });
    expect(await snapshot()).toEqual(before);
    await expect(cases.convertToIndividual(ctx(owner), individual, input)).rejects.toMatchObject({
      status: 409,
    });
    await cases.closeCase(ctx(owner), id, { reason: "answered" });
    await expect(cases.convertToIndividual(ctx(owner), id, input)).rejects.toMatchObject({
      status: 409,
      code: "case-closed",
    });
  });

  it("records a child's social services and guardian (god man), and the case page's prompt goes", async () => {
    const { id } = await cases.createIndividualCase(
      ctx(owner),
      individualInput.parse({
        ...adultCaseInput,
        municipalityCode: "1280",
        person: { ageGroup: "child", gender: "man", birthYear: new Date().getUTCFullYear() - 15 },
      }),
    );
    // Nothing recorded yet: neither is known (the page asks for them).
    expect((await cases.getCase(ctx(owner), id)).person).toMatchObject({
      socialServicesCode: null,
      socialServicesName: null,
      guardianAppointed: null,
    });
    await cases.recordChildCare(ctx(owner), id, { socialServicesCode: "1280", guardianAppointed: "yes" });
    expect((await cases.getCase(ctx(owner), id)).person).toMatchObject({
      socialServicesCode: "1280",
      socialServicesName: "Malmö",
      guardianAppointed: true,
    });
    // A joint partner records them too; "not known" clears the guardian, no code clears the municipality.
    await cases.shareCase(ctx(owner), id, "vast", "joint");
    await cases.recordChildCare(ctx(partner), id, { guardianAppointed: "unknown" });
    expect((await cases.getCase(ctx(owner), id)).person).toMatchObject({
      socialServicesCode: null,
      guardianAppointed: null,
    });
    await cases.recordChildCare(ctx(partner), id, { socialServicesCode: "0180", guardianAppointed: "no" });
    expect((await cases.getCase(ctx(owner), id)).person).toMatchObject({
      socialServicesName: "Stockholm",
      guardianAppointed: false,
    });
    const detail = (await historyOf(t.db, "case", id)).map((r) => r.detail);
    expect(detail.filter((d) => (d as { change?: string } | null)?.change === "child-care")).toHaveLength(3);
  });

  it("refuses child-care records for an adult, an unknown municipality (at its own field) and a stranger", async () => {
    const { id: adult } = await cases.createIndividualCase(ctx(owner), adultCaseInput);
    await expect(
      cases.recordChildCare(ctx(owner), adult, { guardianAppointed: "yes" }),
    ).rejects.toMatchObject({ status: 409 });
    const { id: child } = await cases.createIndividualCase(
      ctx(owner),
      individualInput.parse({ ...adultCaseInput, person: { ageGroup: "child", gender: "woman" } }),
    );
    await expect(
      cases.recordChildCare(ctx(owner), child, { socialServicesCode: "9999", guardianAppointed: "yes" }),
    ).rejects.toMatchObject({
      status: 400,
      issues: [expect.objectContaining({ path: "socialServicesCode", code: "municipality-unknown" })],
    });
    await expect(
      cases.recordChildCare(ctx(stranger), child, { guardianAppointed: "yes" }),
    ).rejects.toMatchObject({ status: 404 });
    expect((await cases.getCase(ctx(owner), child)).person).toMatchObject({
      socialServicesCode: null,
      guardianAppointed: null,
    });
  });
});
