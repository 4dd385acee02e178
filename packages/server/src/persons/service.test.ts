import { schema } from "@stodkedjan/db";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditLog } from "../audit/log.ts";
import { ServiceError } from "../cases/errors.ts";
import { type IndividualInput, individualInput } from "../cases/schemas.ts";
import * as cases from "../cases/service.ts";
import { generateKey, parseKeyRing } from "../crypto/keyring.ts";
import { rotateFieldKeys, staleKeyInUse } from "../crypto/rotate-db.ts";
import { type TestApp, testApp, testTargets, transferAccepted } from "../testing.ts";
import * as persons from "./service.ts";

const year = new Date().getUTCFullYear() - 30;
const input = (person: Partial<IndividualInput["person"]>, municipalityCode = "1880") =>
  individualInput.parse({
    referringOrg: "police",
    municipalityCode,
    forms: ["labour"],
    category: "trafficking",
    person: { ageGroup: "adult", gender: "woman", birthYear: year, citizenship: "RO", ...person },
  });

describe.each(testTargets())("persons on %s", (target) => {
  let t: TestApp;
  type Who = Awaited<ReturnType<TestApp["signIn"]>>;
  let bergslagen: Who;
  let stockholm: Who;
  let nord: Who;
  const ctx = (who: Who) => ({ db: t.db, keys: t.keys, principal: who.principal });
  const check = (who: Who, p: Partial<IndividualInput["person"]>) =>
    persons.findPossibleDuplicates(ctx(who), {
      gender: "woman",
      birthYear: year,
      citizenship: "RO",
      ...p,
    });
  const lastAudit = async (objectType: string) =>
    (
      await t.db
        .select()
        .from(schema.auditLog)
        .where(eq(schema.auditLog.objectType, objectType))
        .orderBy(sql`seq desc`)
        .limit(1)
    )[0];

  beforeAll(async () => {
    t = await testApp(target);
    bergslagen = await t.signIn("coordinator", "bergslagen");
    stockholm = await t.signIn("coordinator", "stockholm");
    nord = await t.signIn("coordinator", "nord");
  });
  afterAll(() => t?.close());

  it("finds a person by the blind index of the whole name in any order, or a part of it", async () => {
    const first = await cases.createIndividualCase(
      ctx(bergslagen),
      input({ name: "Anna Maria Svensson", contact: "070-111" }),
    );
    const index = await t.db
      .select()
      .from(schema.personNameIndex)
      .where(eq(schema.personNameIndex.personId, first.personId));
    expect(index.map((r) => r.kind).sort()).toEqual(["full", "token", "token", "token"]);
    expect(JSON.stringify(index).toLowerCase()).not.toMatch(/anna|maria|svensson/);

    for (const name of ["Svensson Anna-Maria", "anna  maria SVENSSON", "Anna Svensson", "Maria Svensson"]) {
      const found = await check(bergslagen, { name });
      expect(
        found.map((p) => p.personId),
        name,
      ).toEqual([first.personId]);
      expect(found[0]?.name).toBe("Anna Maria Svensson");
      expect(found[0]?.cases.map((k) => k.ref)).toEqual([first.ref]);
    }
    // One shared word of a longer name is not enough; nor is a contradicting coded field.
    expect(await check(bergslagen, { name: "Anna Karlsson" })).toEqual([]);
    expect(await check(bergslagen, { name: "Anna Maria Svensson", birthYear: year - 1 })).toEqual([]);
    expect(await check(bergslagen, { name: "Anna Maria Svensson", citizenship: "BG" })).toEqual([]);
    expect(await check(bergslagen, { name: "Anna Maria Svensson", gender: "man" })).toEqual([]);
    // An unknown value on the typed side rules nobody out.
    const unknowns = await persons.findPossibleDuplicates(ctx(bergslagen), {
      name: "Svensson Anna Maria",
      gender: "unknown",
    });
    expect(unknowns.map((p) => p.personId)).toEqual([first.personId]);
  });

  it("compares hashes only: a name that does not match is never decrypted", async () => {
    // A person whose stored name cannot be decrypted at all, with the same coded fields.
    const { personId } = await cases.createIndividualCase(ctx(bergslagen), input({ name: "Ioana Popescu" }));
    const [{ nameEnc }] = (await t.db
      .select({ nameEnc: schema.persons.nameEnc })
      .from(schema.persons)
      .where(eq(schema.persons.id, personId))) as [{ nameEnc: string | null }];
    await t.db
      .update(schema.persons)
      .set({ nameEnc: "v1.t1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })
      .where(eq(schema.persons.id, personId));
    expect(await check(bergslagen, { name: "Elena Ionescu" })).toEqual([]);
    await t.db.update(schema.persons).set({ nameEnc }).where(eq(schema.persons.id, personId));
  });

  it("never reveals a person known only to another region, not even by answering differently", async () => {
    const elsewhere = await cases.createIndividualCase(ctx(stockholm), input({ name: "Fatima Berisha" }));
    expect(await check(stockholm, { name: "Berisha Fatima" })).toHaveLength(1);
    // Bergslagen's check answers exactly as for a name nobody has.
    expect(await check(bergslagen, { name: "Berisha Fatima" })).toEqual([]);
    expect(await check(bergslagen, { name: "Nobody Atall" })).toEqual([]);
    const entry = await lastAudit("person");
    expect(entry?.detail).toEqual({ check: "possible-duplicates", count: 0, persons: "", cases: "" });
    expect(JSON.stringify(entry)).not.toContain(elsewhere.personId);
    // Linking to that person is refused exactly like linking to no person at all.
    const refusal = async (personId: string) => {
      try {
        await cases.createIndividualCase(ctx(bergslagen), input({ name: "Fatima Berisha" }), personId);
      } catch (e) {
        expect(e).toBeInstanceOf(ServiceError);
        return { status: (e as ServiceError).status, message: (e as ServiceError).message };
      }
      throw new Error("linked");
    };
    expect(await refusal(elsewhere.personId)).toEqual(await refusal("6f1c2b1e-0a51-4d8e-9a0b-3c1f6f0e2a11"));
    expect(await countCases(elsewhere.personId)).toBe(1);
    // Once Stockholm shares the case with Bergslagen, Bergslagen sees the person and that case only.
    await cases.shareCase(ctx(stockholm), elsewhere.id, "bergslagen", "joint");
    const shared = await check(bergslagen, { name: "Fatima Berisha" });
    expect(shared.map((p) => p.cases.map((k) => k.id))).toEqual([[elsewhere.id]]);
  });

  async function countCases(personId: string) {
    const rows = await t.db.select().from(schema.cases).where(eq(schema.cases.personId, personId));
    return rows.length;
  }

  it("links a new case to a person already registered, who then has both cases", async () => {
    const first = await cases.createIndividualCase(ctx(bergslagen), input({ name: "Oksana Petrenko" }));
    const second = await cases.createIndividualCase(
      ctx(bergslagen),
      input({ name: "Oksana Petrenko", contact: "typed again" }, "1881"),
      first.personId,
    );
    expect(second.personId).toBe(first.personId);
    expect(second.pseudonym).toBe(first.pseudonym);
    expect(await countCases(first.personId)).toBe(2);
    // No second person was registered, and the typed contact was not stored anywhere.
    expect(
      (await t.db.select().from(schema.persons).where(eq(schema.persons.pseudonym, first.pseudonym))).length,
    ).toBe(1);
    const detail = await cases.getCase(ctx(bergslagen), second.id);
    expect(detail.person?.name).toBe("Oksana Petrenko");
    expect(detail.person?.contact).toBeNull();
    expect((await persons.otherCasesOf(ctx(bergslagen), second.id, first.personId)).map((k) => k.id)).toEqual(
      [first.id],
    );
    const [created] = await t.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.objectId, second.id), eq(schema.auditLog.action, "create")));
    expect(created?.detail).toEqual({ person: first.personId, linked: true });

    // Transferred to Nord, the first case leaves Bergslagen's view of the person's other cases.
    await transferAccepted(ctx(bergslagen), first.id, "nord");
    expect(await persons.otherCasesOf(ctx(bergslagen), second.id, first.personId)).toEqual([]);
    expect((await persons.otherCasesOf(ctx(nord), first.id, first.personId)).map((k) => k.id)).toEqual([]);
    const seen = await check(nord, { name: "Petrenko Oksana" });
    expect(seen.map((p) => p.cases.map((k) => k.id))).toEqual([[first.id]]);
  });

  it("finds persons indexed under an older key, and rebuilds the index under a new one", async () => {
    const { personId } = await cases.createIndividualCase(ctx(bergslagen), input({ name: "Thi Lan Nguyen" }));
    const newKey = generateKey();
    const rotated = parseKeyRing(`${t.keySpec},t2:${newKey}`);
    const asRotated = { db: t.db, keys: rotated, principal: bergslagen.principal };
    const find = (keys: typeof rotated) =>
      persons.findPossibleDuplicates(
        { db: t.db, keys, principal: bergslagen.principal },
        { name: "Nguyen Thi Lan", gender: "woman", birthYear: year, citizenship: "RO" },
      );
    expect((await find(rotated)).map((p) => p.personId)).toEqual([personId]);
    expect(await staleKeyInUse(t.db, rotated)).toBe(true);
    const totals = await rotateFieldKeys(t.db, rotated);
    expect(totals.person_name_index?.rotated).toBeGreaterThan(0);
    expect(await staleKeyInUse(t.db, rotated)).toBe(false);
    const kids = await t.db.selectDistinct({ kid: schema.personNameIndex.kid }).from(schema.personNameIndex);
    expect(kids).toEqual([{ kid: "t2" }]);
    // The old key can leave the ring: everything is found (and decrypted) with the new one alone.
    const onlyNew = parseKeyRing(`t2:${newKey}`);
    expect((await find(onlyNew)).map((p) => p.personId)).toEqual([personId]);
    // A person registered after the rotation is indexed under the new key straight away.
    const later = await cases.createIndividualCase(asRotated, input({ name: "Mai Tran" }));
    const rows = await t.db
      .select()
      .from(schema.personNameIndex)
      .where(eq(schema.personNameIndex.personId, later.personId));
    expect(rows.every((r) => r.kid === "t2")).toBe(true);
  });

  it("groups the cases of one investigation, shows each only to those who may read it, and audits it", async () => {
    const a = await cases.createIndividualCase(ctx(bergslagen), input({ name: "Group Person One" }));
    const b = await cases.createIndividualCase(ctx(bergslagen), input({ name: "Group Person Two" }));
    const { groupId } = await persons.createGroup(ctx(bergslagen), a.id, "FU 5000-K123-26 bärplockning");
    await persons.addToGroup(ctx(bergslagen), b.id, groupId);
    await persons.addToGroup(ctx(bergslagen), b.id, groupId); // again: no change
    const view = await persons.groupsOfCase(ctx(bergslagen), a.id);
    expect(view.groups).toHaveLength(1);
    expect(view.groups[0]?.name).toBe("FU 5000-K123-26 bärplockning");
    expect(view.groups[0]?.cases.map((k) => k.id).sort()).toEqual([a.id, b.id].sort());
    const [stored] = await t.db.select().from(schema.caseGroups).where(eq(schema.caseGroups.id, groupId));
    expect(stored?.nameEnc).not.toContain("bärplockning");

    // Nord, working case a jointly, sees the group with case a only, and cannot change the group.
    await cases.shareCase(ctx(bergslagen), a.id, "nord", "joint");
    const nordView = await persons.groupsOfCase(ctx(nord), a.id);
    expect(nordView.groups[0]?.cases.map((k) => k.id)).toEqual([a.id]);
    expect(nordView.groups[0]?.ours).toBe(false);
    await expect(persons.removeFromGroup(ctx(nord), a.id, groupId)).rejects.toMatchObject({ status: 400 });
    // Stockholm can do nothing with a case it may not read.
    await expect(persons.addToGroup(ctx(stockholm), a.id, groupId)).rejects.toMatchObject({ status: 404 });

    await persons.removeFromGroup(ctx(bergslagen), b.id, groupId);
    expect((await persons.groupsOfCase(ctx(bergslagen), b.id)).groups).toEqual([]);
    const changes = await t.db
      .select({ detail: schema.auditLog.detail })
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.objectId, b.id), eq(schema.auditLog.action, "update")));
    expect(changes.map((c) => (c.detail as { change: string }).change)).toEqual([
      "group-add",
      "group-add",
      "group-remove",
    ]);
    expect((await verifyAuditLog(t.db)).ok).toBe(true);
  });

  it("asks before saving a person who may already exist, keeping what was typed, and links on the choice", async () => {
    const first = await cases.createIndividualCase(ctx(bergslagen), input({ name: "Maria Elena Rusu" }));
    const form = (extra: Record<string, string>) =>
      new URLSearchParams({
        _csrf: bergslagen.csrf,
        referringOrg: "police",
        municipalityCode: "1880",
        forms: "labour",
        category: "trafficking",
        step: "2",
        ageGroup: "adult",
        birthYear: String(year),
        gender: "woman",
        citizenship: "ro",
        languages: "ro",
        name: "Rusu Maria-Elena",
        contact: "Hotell Centrum rum 12",
        ...extra,
      }).toString();
    const post = (body: string, who = bergslagen) =>
      t.app.request("/staff/cases/individual", {
        method: "POST",
        headers: { cookie: who.cookie, "content-type": "application/x-www-form-urlencoded" },
        body,
      });
    const before = await countCases(first.personId);
    const asked = await post(form({}));
    expect(asked.status).toBe(200);
    const page = await asked.text();
    expect(page).toContain("Finns personen redan?");
    expect(page).toContain(first.pseudonym);
    expect(page).toContain(first.ref);
    expect(page).toContain('value="Hotell Centrum rum 12"');
    expect(page).toContain('value="Rusu Maria-Elena"');
    expect(await countCases(first.personId)).toBe(before);

    // A choice that is not a person this coordinator may link to: the form again, nothing saved.
    const wrong = await post(form({ duplicateChoice: "6f1c2b1e-0a51-4d8e-9a0b-3c1f6f0e2a11" }));
    expect(wrong.status).toBe(400);
    const wrongPage = await wrong.text();
    expect(wrongPage).toContain("Välj en av personerna som visas, eller en ny person.");
    expect(wrongPage).not.toContain("not a person you can link");

    const linked = await post(form({ duplicateChoice: first.personId }));
    expect(linked.status).toBe(303);
    expect(await countCases(first.personId)).toBe(before + 1);
    const caseId = (linked.headers.get("location") ?? "").split("/").pop() as string;
    const casePage = await (
      await t.app.request(`/staff/cases/${caseId}`, { headers: { cookie: bergslagen.cookie } })
    ).text();
    expect(casePage).toContain("Personens andra ärenden");
    expect(casePage).toContain(first.ref);

    // "A new person anyway" registers a second person.
    const anyway = await post(form({ duplicateChoice: "new" }));
    expect(anyway.status).toBe(303);
    expect(await countCases(first.personId)).toBe(before + 1);

    // Stockholm typing the same person is not asked: it cannot read any of her cases.
    const other = await post(form({ _csrf: stockholm.csrf, municipalityCode: "0180" }), stockholm);
    expect(other.status).toBe(303);
  });
});
