import { schema } from "@stodkedjan/db";
import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditLog } from "../audit/log.ts";
import { type TestApp, testApp, testTargets, transferAccepted } from "../testing.ts";
import { ServiceError } from "./errors.ts";
import { consultationInput, individualInput } from "./schemas.ts";
import * as cases from "./service.ts";

describe.each(testTargets())("cases on %s", (target) => {
  let t: TestApp;
  let bergslagen: Awaited<ReturnType<TestApp["signIn"]>>;
  let stockholm: Awaited<ReturnType<TestApp["signIn"]>>;
  const ctx = (who: { principal: typeof bergslagen.principal }) => ({
    db: t.db,
    keys: t.keys,
    principal: who.principal,
  });
  const child = individualInput.parse({
    referringOrg: "school",
    municipalityCode: "1880",
    forms: ["sexual"],
    category: "child-sexual-exploitation",
    person: {
      ageGroup: "child",
      birthYear: new Date().getUTCFullYear() - 15,
      gender: "woman",
      citizenship: "RO",
      languages: ["ro"],
      name: "Ana Testsson",
      contact: "070-000 00 00",
    },
  });

  beforeAll(async () => {
    t = await testApp(target);
    bergslagen = await t.signIn("coordinator", "bergslagen");
    stockholm = await t.signIn("coordinator", "stockholm");
  });
  afterAll(() => t?.close());

  it("opens an individual case whose identifying fields are stored only encrypted", async () => {
    const { id, ref, pseudonym } = await cases.createIndividualCase(ctx(bergslagen), child);
    expect(ref).toMatch(/^ÄR-\d{4}-\d{6}$/);
    expect(pseudonym).toMatch(/^P-\d{6}$/);
    const detail = await cases.getCase(ctx(bergslagen), id);
    expect(detail.person?.name).toBe("Ana Testsson");
    expect(detail.title).toBe("Sexuell exploatering, barn, Örebro");
    expect(detail.steps.map((s) => s.step)).toEqual([1]);
    // Nothing identifying in plain text anywhere in the database rows.
    const dump = JSON.stringify(
      await t.db.execute(sql`select p.*, c.* from persons p join cases c on c.person_id = p.id`),
    );
    expect(dump).not.toContain("Ana");
    expect(dump).not.toContain("070-000");
  });

  it("dates a case by the Swedish calendar, also in the hour after midnight when UTC is a day behind", async () => {
    // 00:30 in Stockholm on 7 December is 23:30 UTC on 6 December.
    const now = new Date("2026-12-06T23:30:00Z");
    const { id } = await cases.createIndividualCase({ ...ctx(bergslagen), now }, child);
    expect((await cases.getCase(ctx(bergslagen), id)).openedOn).toBe("2026-12-07");
  });

  it("keeps cases inside their region until shared, and the share can be revoked", async () => {
    const { id } = await cases.createIndividualCase(ctx(bergslagen), child);
    await expect(cases.getCase(ctx(stockholm), id)).rejects.toMatchObject({ status: 404 });
    const listed = await cases.listCases(ctx(stockholm), { status: "all", kind: "all", page: 1 });
    expect(listed.rows.some((r) => r.id === id)).toBe(false);

    const { id: shareId } = await cases.shareCase(ctx(bergslagen), id, "stockholm", "joint");
    expect((await cases.getCase(ctx(stockholm), id)).id).toBe(id);
    expect(
      (await cases.listCases(ctx(stockholm), { status: "all", kind: "all", page: 1 })).rows.some(
        (r) => r.id === id,
      ),
    ).toBe(true);
    await cases.revokeShare(ctx(bergslagen), id, shareId);
    await expect(cases.getCase(ctx(stockholm), id)).rejects.toMatchObject({ status: 404 });
  });

  it("keeps a share's copy of the opening date equal to the case's, which the list relies on", async () => {
    const { id } = await cases.createIndividualCase(ctx(bergslagen), { ...child, openedOn: "2025-03-01" });
    await cases.shareCase(ctx(bergslagen), id, "syd", "joint");
    const shareDates = async () =>
      (
        await t.db
          .select({ openedOn: schema.caseShares.openedOn })
          .from(schema.caseShares)
          .where(eq(schema.caseShares.caseId, id))
      ).map((r) => r.openedOn);
    expect(await shareDates()).toEqual(["2025-03-01"]);
    await t.db.update(schema.cases).set({ openedOn: "2025-02-01" }).where(eq(schema.cases.id, id));
    expect(await shareDates()).toEqual(["2025-02-01"]);
    await expect(
      t.db
        .insert(schema.caseShares)
        .values({ caseId: id, openedOn: "2025-01-01", regionId: "nord", mode: "joint" }),
    ).rejects.toThrow();
  });

  it("hands a case over by transfer: the new region works it, the old one no longer sees it, and it can be taken back", async () => {
    const { id } = await cases.createIndividualCase(ctx(bergslagen), child);
    const offer = await cases.shareCase(ctx(bergslagen), id, "stockholm", "transfer");
    expect(offer.pending).toBe(true);
    // Until Stockholm accepts, the case stays with Bergslagen, and both see the transfer waiting.
    expect((await cases.getCase(ctx(bergslagen), id)).pendingTransfer?.toRegionId).toBe("stockholm");
    await expect(cases.getCase(ctx(stockholm), id)).rejects.toMatchObject({ status: 404 });
    expect((await cases.pendingTransfers(ctx(stockholm))).incoming.map((p) => p.caseId)).toEqual([id]);
    expect((await cases.pendingTransfers(ctx(bergslagen))).outgoing.map((p) => p.caseId)).toEqual([id]);
    const { shareId } = await cases.answerTransfer(ctx(stockholm), id, offer.id, "accept");
    const transferId = shareId as string;
    expect((await cases.pendingTransfers(ctx(stockholm))).incoming).toEqual([]);
    expect((await cases.getCase(ctx(stockholm), id)).id).toBe(id);
    await expect(cases.getCase(ctx(bergslagen), id)).rejects.toMatchObject({ status: 404 });
    const mine = await cases.listCases(ctx(bergslagen), { status: "all", kind: "all", page: 1 });
    expect(mine.rows.some((r) => r.id === id)).toBe(false);
    await expect(cases.shareCase(ctx(stockholm), id, "syd", "transfer")).rejects.toMatchObject({
      status: 409,
    });
    // The receiving region hands it back by revoking the transfer.
    await cases.revokeShare(ctx(stockholm), id, transferId);
    expect((await cases.getCase(ctx(bergslagen), id)).id).toBe(id);
    await expect(cases.getCase(ctx(stockholm), id)).rejects.toMatchObject({ status: 404 });
  });

  it("records the step timeline, notes and tasks, and closes", async () => {
    const { id } = await cases.createIndividualCase(ctx(bergslagen), child);
    await cases.changeStep(ctx(bergslagen), id, 2);
    await cases.addNote(ctx(bergslagen), id, "Placerad tillfälligt hos socialjouren.");
    const { id: taskId } = await cases.addTask(ctx(bergslagen), id, "Ring god man", "2026-12-01");
    await cases.completeTask(ctx(bergslagen), id, taskId);
    const [first] = await t.db.select().from(schema.tasks).where(eq(schema.tasks.id, taskId));
    await cases.completeTask(ctx(bergslagen), id, taskId);
    const [again] = await t.db.select().from(schema.tasks).where(eq(schema.tasks.id, taskId));
    expect(again?.doneAt).toEqual(first?.doneAt);
    await expect(cases.completeTask(ctx(bergslagen), id, "not-a-task")).rejects.toMatchObject({
      status: 404,
    });
    await cases.closeCase(ctx(bergslagen), id, { reason: "support-completed" });
    const detail = await cases.getCase(ctx(bergslagen), id);
    expect(detail.steps.map((s) => s.step)).toEqual([1, 2]);
    expect(detail.notes[0]?.body).toBe("Placerad tillfälligt hos socialjouren.");
    expect(detail.tasks[0]).toMatchObject({ title: "Ring god man", done: true });
    expect(detail.status).toBe("closed");
    await expect(cases.changeStep(ctx(bergslagen), id, 3)).rejects.toMatchObject({ status: 409 });
  });

  it("gives a task to a coordinator who works the case, and to no one else", async () => {
    const { id } = await cases.createIndividualCase(ctx(bergslagen), child);
    const colleague = await t.signIn("coordinator", "bergslagen");
    const owners = (await cases.taskOwners(ctx(bergslagen), id)).map((o) => o.id);
    expect(owners).toContain(colleague.principal.id);
    expect(owners).not.toContain(stockholm.principal.id);
    await cases.addTask(ctx(bergslagen), id, "Boka tolk", "2026-12-02", colleague.principal.id);
    await expect(
      cases.addTask(ctx(bergslagen), id, "Ring", "2026-12-02", stockholm.principal.id),
    ).rejects.toMatchObject({ status: 400 });
    // Shared jointly, the other region's coordinators may carry tasks too.
    await cases.shareCase(ctx(bergslagen), id, "stockholm", "joint");
    await cases.addTask(ctx(bergslagen), id, "Ring", "2026-12-03", stockholm.principal.id);
    const detail = await cases.getCase(ctx(bergslagen), id);
    expect(detail.tasks.map((x) => x.owner)).toEqual([colleague.principal.name, stockholm.principal.name]);
    // Without an owner, whoever adds the task owns it.
    await cases.addTask(ctx(bergslagen), id, "Följ upp", "2026-12-04");
    expect((await cases.getCase(ctx(bergslagen), id)).tasks[2]?.owner).toBe(bergslagen.principal.name);
  });

  it("registers a consultation without a person", async () => {
    const input = consultationInput.parse({
      channel: "support-line",
      referringOrg: "health-care",
      municipalityCode: "0180",
      topic: "identification",
      forms: ["labour"],
      referredTo: "regional-coordinator",
      advice: "Kontakta regionkoordinatorn.",
    });
    const { id } = await cases.createConsultation(ctx(stockholm), input);
    const detail = await cases.getCase(ctx(stockholm), id);
    expect(detail.person).toBeNull();
    expect(detail.advice).toBe("Kontakta regionkoordinatorn.");
    const [row] = await t.db.select().from(schema.cases).where(eq(schema.cases.id, id));
    expect(row?.adviceEnc).not.toContain("regionkoordinatorn");
  });

  it("searches coded titles with prefixes and filters by age group and form", async () => {
    const r = await cases.listCases(ctx(bergslagen), {
      q: "örebr sexuell",
      status: "all",
      kind: "all",
      ageGroup: "child",
      form: "sexual",
      page: 1,
    });
    expect(r.rows.length).toBeGreaterThan(0);
    expect(r.rows.every((row) => row.title.includes("Örebro"))).toBe(true);
    const none = await cases.listCases(ctx(bergslagen), {
      q: "tvångsäktenskap",
      status: "all",
      kind: "all",
      page: 1,
    });
    expect(none.rows).toEqual([]);
  });

  type Filter = Parameters<typeof cases.listCases>[1];
  /** The list's oracle for Bergslagen: the scope rule as one OR, every match, sorted the same way. */
  async function oracle(filter: Filter): Promise<string[]> {
    const where = [cases.inRegionScope(t.db, "bergslagen")];
    if (filter.status !== "all") where.push(eq(schema.cases.status, filter.status));
    if (filter.kind !== "all") where.push(eq(schema.cases.kind, filter.kind));
    if (filter.step) where.push(eq(schema.cases.step, filter.step));
    if (filter.form) where.push(sql`${filter.form} = any(${schema.cases.forms})`);
    if (filter.ageGroup)
      where.push(
        sql`${schema.cases.personId} in (select id from persons where age_group = ${filter.ageGroup})`,
      );
    if (filter.q) where.push(sql`${schema.cases.search} @@ to_tsquery('swedish', ${`${filter.q}:*`})`);
    return (
      await t.db
        .select({ id: schema.cases.id })
        .from(schema.cases)
        .where(and(...where))
        .orderBy(desc(schema.cases.openedOn), desc(schema.cases.ref))
    ).map((r) => r.id);
  }

  it("pages through own and shared cases newest first, as the scope rule and each filter say", async () => {
    // Stockholm cases on the same days as Bergslagen's, some shared jointly, one transferred each way.
    const adult = { ...child.person, ageGroup: "adult" as const, birthYear: 1990 };
    for (let i = 0; i < 24; i++) {
      const input = {
        ...child,
        openedOn: `2025-0${1 + (i % 9)}-1${i % 10}`,
        forms: i % 4 ? child.forms : (["labour", "begging"] as typeof child.forms),
        person: i % 3 ? child.person : adult,
      };
      const own = await cases.createIndividualCase(ctx(bergslagen), { ...input, municipalityCode: "1880" });
      const theirs = await cases.createIndividualCase(ctx(stockholm), { ...input, municipalityCode: "0180" });
      if (i % 5 === 0) await cases.shareCase(ctx(stockholm), theirs.id, "bergslagen", "joint");
      if (i === 7) await transferAccepted(ctx(stockholm), theirs.id, "bergslagen");
      if (i === 8) await transferAccepted(ctx(bergslagen), own.id, "stockholm");
      if (i % 6 === 1) await cases.closeCase(ctx(bergslagen), own.id, { reason: "support-completed" });
    }
    const filters = [
      { status: "all" },
      { status: "open" },
      { status: "open", kind: "individual", form: "begging" },
      { status: "all", ageGroup: "adult" },
      { status: "open", step: 1, q: "stockholm" },
    ] as const;
    for (const f of filters) {
      const filter = { kind: "all", page: 1, ...f } as Filter;
      const expected = await oracle(filter);
      const got: string[] = [];
      for (let page = 1; ; page++) {
        const r = await cases.listCases(ctx(bergslagen), { ...filter, page }, 7);
        got.push(...r.rows.map((row) => row.id));
        if (!r.more) break;
      }
      expect(expected.length, JSON.stringify(f)).toBeGreaterThan(0);
      expect(got, JSON.stringify(f)).toEqual(expected);
    }
  });

  it("answers every combination of coded filters, also past the bound on prepared statements", async () => {
    // 3 × 3 × 3 × 2 × 2 = 108 first pages, more than the 64 statements kept per database.
    for (const status of ["open", "closed", "all"] as const)
      for (const kind of ["individual", "consultation", "all"] as const)
        for (const step of [undefined, 1, 2])
          for (const form of [undefined, "begging"] as const)
            for (const ageGroup of [undefined, "adult"] as const) {
              const filter: Filter = { status, kind, step, form, ageGroup, page: 1 };
              const got = (await cases.listCases(ctx(bergslagen), filter, 7)).rows.map((r) => r.id);
              expect(got, JSON.stringify(filter)).toEqual((await oracle(filter)).slice(0, 7));
            }
  });

  it("refuses a coded filter value outside the schema's codes instead of writing it into SQL", async () => {
    const filter = { status: "open", kind: "all", page: 1, form: "sexual' or '1'='1" } as unknown as Filter;
    await expect(cases.listCases(ctx(bergslagen), filter)).rejects.toThrow(/not a coded filter value/);
  });

  it("changes nothing on bad input, and audits every read and write in an intact chain", async () => {
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(schema.cases);
    await expect(
      cases.createIndividualCase(ctx(bergslagen), { ...child, municipalityCode: "9999" }),
    ).rejects.toBeInstanceOf(ServiceError);
    const after = await t.db.select({ n: sql<number>`count(*)::int` }).from(schema.cases);
    expect(after).toEqual(before);
    const log = await t.db.select().from(schema.auditLog);
    expect(log.some((e) => e.action === "read" && e.outcome === "ok")).toBe(true);
    expect(log.some((e) => e.action === "access.denied" && e.actorId === stockholm.principal.id)).toBe(true);
    expect(await verifyAuditLog(t.db)).toMatchObject({ ok: true });
  });

  it("stores attachments encrypted and returns them intact", async () => {
    const { id } = await cases.createIndividualCase(ctx(bergslagen), child);
    const bytes = new TextEncoder().encode("Intyg från vårdcentralen: Ana Testsson");
    const { id: fileId } = await cases.addAttachment(ctx(bergslagen), id, {
      filename: "intyg Ana.txt",
      mime: "text/plain",
      bytes,
    });
    const [row] = await t.db.select().from(schema.attachments).where(eq(schema.attachments.id, fileId));
    expect(Buffer.from(row?.content ?? []).includes(Buffer.from("Ana"))).toBe(false);
    expect(row?.filenameEnc).not.toContain("Ana");
    const file = await cases.getAttachment(ctx(bergslagen), id, fileId);
    expect(file.filename).toBe("intyg Ana.txt");
    expect(new TextDecoder().decode(file.bytes)).toBe("Intyg från vårdcentralen: Ana Testsson");
    await expect(cases.getAttachment(ctx(stockholm), id, fileId)).rejects.toMatchObject({ status: 404 });
    await expect(
      cases.addAttachment(ctx(bergslagen), id, {
        filename: "x",
        mime: "text/plain",
        bytes: new Uint8Array(0),
      }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it("refuses roles without case access", async () => {
    const admin = await t.signIn("admin");
    await expect(cases.listCases(ctx(admin), { status: "all", kind: "all", page: 1 })).rejects.toMatchObject({
      status: 403,
    });
    await expect(cases.createIndividualCase(ctx(admin), child)).rejects.toMatchObject({ status: 403 });
  });
});
