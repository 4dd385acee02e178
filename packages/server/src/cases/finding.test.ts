import { schema } from "@stodkedjan/db";
import { addDays, swedishToday } from "@stodkedjan/domain";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp, testTargets, transferAccepted } from "../testing.ts";
import { findCaseNumber, listCasesPage, myTasks } from "./finding.ts";
import { individualInput } from "./schemas.ts";
import * as cases from "./service.ts";

describe.each(testTargets())("finding cases on %s", (target) => {
  let t: TestApp;
  let bergslagen: Awaited<ReturnType<TestApp["signIn"]>>;
  let colleague: Awaited<ReturnType<TestApp["signIn"]>>;
  let stockholm: Awaited<ReturnType<TestApp["signIn"]>>;
  let national: Awaited<ReturnType<TestApp["signIn"]>>;
  const ctx = (who: { principal: typeof bergslagen.principal }) => ({
    db: t.db,
    keys: t.keys,
    principal: who.principal,
  });
  const today = swedishToday();
  const open = (municipalityCode: string, step: number, openedOn: string) =>
    individualInput.parse({
      referringOrg: "police",
      municipalityCode,
      forms: ["labour"],
      category: "trafficking",
      step,
      openedOn,
      person: { ageGroup: "adult", gender: "man" },
    });
  /** Bergslagen's cases: Örebro (step 3, a task in 3 days), Västerås (step 1, a task in 10 days), Falun (step 5). */
  let orebro: { id: string; ref: string; pseudonym: string };
  let vasteras: { id: string; ref: string; pseudonym: string };
  let falun: { id: string; ref: string; pseudonym: string };
  /** Stockholm's own case, and one it shares with Bergslagen. */
  let sthlm: { id: string; ref: string; pseudonym: string };
  let shared: { id: string; ref: string; pseudonym: string };

  beforeAll(async () => {
    t = await testApp(target);
    bergslagen = await t.signIn("coordinator", "bergslagen");
    colleague = await t.signIn("coordinator", "bergslagen");
    stockholm = await t.signIn("coordinator", "stockholm");
    national = await t.signIn("national");
    orebro = await cases.createIndividualCase(ctx(bergslagen), open("1880", 3, addDays(today, -30)));
    vasteras = await cases.createIndividualCase(ctx(bergslagen), open("1980", 1, addDays(today, -20)));
    falun = await cases.createIndividualCase(ctx(bergslagen), open("2080", 5, addDays(today, -10)));
    sthlm = await cases.createIndividualCase(ctx(stockholm), open("0180", 2, addDays(today, -5)));
    shared = await cases.createIndividualCase(ctx(stockholm), open("0180", 4, addDays(today, -40)));
    await cases.shareCase(ctx(stockholm), shared.id, "bergslagen", "joint");
    await cases.addTask(ctx(bergslagen), orebro.id, "Ring socialtjänsten", addDays(today, 3));
    await cases.addTask(ctx(bergslagen), vasteras.id, "Boka tolk", addDays(today, 10));
    await cases.addTask(ctx(bergslagen), shared.id, "Försenat möte", addDays(today, -2));
    await cases.addTask(
      ctx(bergslagen),
      falun.id,
      "Kollegans uppgift",
      addDays(today, 1),
      colleague.principal.id,
    );
    const { id: done } = await cases.addTask(ctx(bergslagen), falun.id, "Klar redan", addDays(today, 1));
    await cases.completeTask(ctx(bergslagen), falun.id, done);
  });
  afterAll(() => t?.close());

  const search = async (q: string, who = bergslagen) =>
    (await cases.listCases(ctx(who), { q, status: "all", kind: "all", page: 1 })).rows.map((r) => r.ref);

  it("finds a case by its whole number, with or without Ä, and by its digits alone", async () => {
    const digits = orebro.ref.slice(-6);
    const year = orebro.ref.slice(3, 7);
    for (const q of [
      orebro.ref,
      orebro.ref.toLowerCase(),
      orebro.ref.replace("Ä", "A"),
      `${year}-${digits}`,
      `${year}-${Number(digits)}`,
      digits,
      String(Number(digits)),
    ])
      expect(await search(q), q).toEqual([orebro.ref]);
    // Another year's number is another case.
    expect(await search(`${Number(year) - 1}-${digits}`)).toEqual([]);
  });

  it("finds a case by its person's pseudonym", async () => {
    expect(await search(vasteras.pseudonym)).toEqual([vasteras.ref]);
    expect(await search(`p-${Number(vasteras.pseudonym.slice(2))}`)).toEqual([vasteras.ref]);
  });

  it("finds cases by municipality, with or without å, ä and ö", async () => {
    for (const q of ["Örebro", "orebro", "OREBRO", "öre"]) expect(await search(q), q).toEqual([orebro.ref]);
    for (const q of ["Västerås", "vasteras", "Vaster"]) expect(await search(q), q).toEqual([vasteras.ref]);
  });

  it("never finds another region's case, by number, pseudonym or municipality", async () => {
    expect(await search(sthlm.ref)).toEqual([]);
    expect(await search(sthlm.ref.slice(-6))).toEqual([]);
    expect(await search(sthlm.pseudonym)).toEqual([]);
    // Stockholm's shared case is Bergslagen's to find; its own is not.
    expect(await search("stockholm")).toEqual([shared.ref]);
    expect(await search(orebro.ref, stockholm)).toEqual([]);
    expect(await search("orebro", stockholm)).toEqual([]);
  });

  const order = async (sort: "opened" | "deadline" | "step", dir?: "asc" | "desc") =>
    (await listCasesPage(ctx(bergslagen), { status: "open", kind: "all", page: 1, sort, dir })).rows.map(
      (r) => [r.ref, r.nearestDeadline],
    );

  it("sorts the list by opening date, step and nearest open deadline, in both directions", async () => {
    const refs = async (sort: "opened" | "deadline" | "step", dir?: "asc" | "desc") =>
      (await order(sort, dir)).map(([ref]) => ref);
    expect(await refs("opened")).toEqual([falun.ref, vasteras.ref, orebro.ref, shared.ref]);
    expect(await refs("opened", "asc")).toEqual([shared.ref, orebro.ref, vasteras.ref, falun.ref]);
    expect(await refs("step")).toEqual([vasteras.ref, orebro.ref, shared.ref, falun.ref]);
    expect(await refs("step", "desc")).toEqual([falun.ref, shared.ref, orebro.ref, vasteras.ref]);
    // The colleague's task on Falun is an open deadline of the case too; the done one is not.
    expect(await order("deadline")).toEqual([
      [shared.ref, addDays(today, -2)],
      [falun.ref, addDays(today, 1)],
      [orebro.ref, addDays(today, 3)],
      [vasteras.ref, addDays(today, 10)],
    ]);
    expect(await refs("deadline", "desc")).toEqual([vasteras.ref, orebro.ref, falun.ref, shared.ref]);
  });

  it("keeps the region scope in every order: a transferred case leaves, cases without a deadline come last", async () => {
    const extra = await cases.createIndividualCase(ctx(bergslagen), open("1880", 2, addDays(today, -1)));
    const away = await cases.createIndividualCase(ctx(bergslagen), open("1880", 2, addDays(today, -2)));
    await transferAccepted(ctx(bergslagen), away.id, "nord");
    for (const sort of ["opened", "deadline", "step"] as const) {
      const rows = await order(sort, "asc");
      expect(rows.map(([ref]) => ref)).toContain(extra.ref);
      expect(rows.map(([ref]) => ref)).not.toContain(away.ref);
      expect(rows.map(([ref]) => ref)).not.toContain(sthlm.ref);
    }
    expect((await order("deadline")).at(-1)).toEqual([extra.ref, null]);
  });

  it("lists my open tasks across cases, soonest first, with the overdue marked", async () => {
    const mine = await myTasks(ctx(bergslagen));
    expect(mine.map((m) => [m.ref, m.title, m.overdue])).toEqual([
      [shared.ref, "Försenat möte", true],
      [orebro.ref, "Ring socialtjänsten", false],
      [vasteras.ref, "Boka tolk", false],
    ]);
    expect((await myTasks(ctx(colleague))).map((m) => m.title)).toEqual(["Kollegans uppgift"]);
    // Revoking the share takes the shared case's task off the list: the case is no longer in scope.
    const [share] = await t.db
      .select()
      .from(schema.caseShares)
      .where(and(eq(schema.caseShares.caseId, shared.id), eq(schema.caseShares.regionId, "bergslagen")));
    await cases.revokeShare(ctx(stockholm), shared.id, share?.id ?? "");
    expect((await myTasks(ctx(bergslagen))).map((m) => m.ref)).not.toContain(shared.ref);
    await cases.shareCase(ctx(stockholm), shared.id, "bergslagen", "joint");
  });

  it("lets the national team find any case by its number, audited on the case, and nobody else", async () => {
    expect(await findCaseNumber(ctx(national), sthlm.ref.slice(-6))).toEqual([
      { id: sthlm.id, ref: sthlm.ref },
    ]);
    expect(await findCaseNumber(ctx(national), orebro.ref)).toEqual([{ id: orebro.id, ref: orebro.ref }]);
    const [entry] = await t.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.objectId, orebro.id), eq(schema.auditLog.actorRole, "national")));
    expect(entry?.action).toBe("list");
    await expect(findCaseNumber(ctx(national), "Örebro")).rejects.toMatchObject({ status: 400 });
    await expect(findCaseNumber(ctx(bergslagen), orebro.ref)).rejects.toMatchObject({ status: 403 });
  });
});
