/**
 * An English user (users.language = 'en') meets no Swedish on the staff pages: the case list, the
 * new-case forms, a child's case page with its tasks, notes and a waiting transfer, a converted
 * consultation, the referrals and deadlines, the closing and transfer confirmations, the access
 * log, a transfer offered to the region, and the editor's pages. What may stay Swedish: place
 * names, region names, content written in Swedish (a Swedish manual page's title), case numbers
 * (ÄR-…), a Swedish term in brackets after its English one, and the domain words the glossary
 * keeps (NSP, ÅMP, betänketid, bevisperson, god man, Migrationsverket …).
 */
import { loadContent } from "@stodkedjan/content";
import { schema } from "@stodkedjan/db";
import { swedishToday } from "@stodkedjan/domain";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetUser } from "../auth/sessions.ts";
import { consultationInput, individualInput } from "../cases/schemas.ts";
import * as cases from "../cases/service.ts";
import * as referrals from "../referrals/service.ts";
import { type TestApp, testApp, visibleText } from "../testing.ts";

/** Swedish letters, or a word only Swedish uses, in what is left once the allowed words are out. */
const SWEDISH =
  /[åäöÅÄÖ]|\b(och|att|för|inte|är|som|med|av|på|från|eller|ärende\w*|sidan|spara|visa|sök|tillbaka|uppgift\w*|anteckning\w*|hänvisning\w*|inga|inget|nytt?|alla|steg|avsluta\w*|öppna\w*|kommun|region(en|er)|datum|senast|dagar|boende)\b/i;
const GLOSSARY = [
  "Stödkedjan",
  "NSP",
  "ÅMP",
  "betänketid",
  "bevisperson",
  "god man",
  "Migrationsverket",
  "Plattformen",
  "Jämställdhetsmyndigheten",
];

describe("staff pages in English", () => {
  let t: TestApp;
  let allowed: string[] = [];
  let syd: Awaited<ReturnType<TestApp["signIn"]>>;
  let stockholm: Awaited<ReturnType<TestApp["signIn"]>>;
  let editor: Awaited<ReturnType<TestApp["signIn"]>>;
  const paths: [string, string][] = [];

  /** What is left of a page's text that reads as Swedish. */
  function swedishOn(page: string): string[] {
    return visibleText(page).filter((text) => {
      // A case number (ÄR-…) and a Swedish term in brackets after its English one are the glossary's.
      let rest = text;
      for (const word of allowed) rest = rest.split(word).join(" ");
      rest = rest.replace(/ÄR-\d{4}-\d+/g, " ").replace(/\([^()]*\)/g, " ");
      return SWEDISH.test(rest);
    });
  }

  beforeAll(async () => {
    t = await testApp("pglite");
    syd = await t.signIn("coordinator", "syd");
    stockholm = await t.signIn("coordinator", "stockholm");
    editor = await t.signIn("editor");
    for (const who of [syd, stockholm, editor]) {
      await t.db.update(schema.users).set({ language: "en" }).where(eq(schema.users.id, who.principal.id));
      forgetUser(t.db, who.principal.id);
    }
    const as = (who: typeof syd) => ({
      db: t.db,
      keys: t.keys,
      principal: { ...who.principal, language: "en" as const },
    });
    await t.db.insert(schema.shelters).values({
      id: "harbour-house",
      name: "Harbour House",
      operator: "Test",
      regionId: "syd",
      capacity: 4,
      accepts: ["women", "children"],
      forms: ["sexual"],
      certifiedUntil: "2099-12-31",
    });
    const munis = await t.db.select({ name: schema.municipalities.name }).from(schema.municipalities);
    const regions = await t.db.select().from(schema.regions);
    const content = loadContent().pages.filter((p) => p.lang === "sv");
    allowed = [
      ...munis.map((m) => m.name),
      ...regions.flatMap((r) => [r.nameSv, r.nameEn]),
      ...content.flatMap((p) => [p.title, p.summary, ...p.verify]),
      ...GLOSSARY,
    ].sort((a, b) => b.length - a.length);

    // A child's case in Syd: a note, a task, every kind of referral, and a transfer it waits on.
    const child = await cases.createIndividualCase(
      as(syd),
      individualInput.parse({
        referringOrg: "social-services",
        municipalityCode: "1280",
        forms: ["sexual", "labour"],
        category: "trafficking",
        person: { ageGroup: "child", gender: "woman", name: "Ana P", citizenship: "RO" },
      }),
    );
    await cases.addNote(as(syd), child.id, "Met at the station.");
    await cases.addTask(as(syd), child.id, "Call the school", swedishToday(), syd.principal.id);
    const { id: placement } = await referrals.createReferral(as(syd), child.id, {
      type: "nsp-placement",
      shelterId: "harbour-house",
      start: swedishToday(),
    });
    await referrals.updateReferral(as(syd), child.id, placement, { status: "placed" });
    const { id: reflection } = await referrals.createReferral(as(syd), child.id, {
      type: "reflection",
      applicant: "social-welfare-board",
    });
    await referrals.updateReferral(as(syd), child.id, reflection, {
      status: "submitted",
      submittedOn: swedishToday(),
    });
    await referrals.createReferral(as(syd), child.id, { type: "amp" });
    await referrals.createReferral(as(syd), child.id, {
      type: "nsp-support",
      kind: "exit-support",
      inHomeCountry: true,
    });
    await referrals.createReferral(as(syd), child.id, { type: "other", kind: "kast" });
    await cases.requestTransfer(as(syd), child.id, "vast");
    // A consultation turned into a case, and one left as it is.
    const consultation = await cases.createConsultation(
      as(syd),
      consultationInput.parse({
        channel: "support-line",
        referringOrg: "police",
        municipalityCode: "1280",
        topic: "housing",
        forms: ["begging"],
        referredTo: "nsp",
        advice: "Call back tomorrow.",
        contactMinutes: 20,
      }),
    );
    const converted = await cases.createConsultation(
      as(syd),
      consultationInput.parse({
        channel: "coordinator",
        referringOrg: "school",
        municipalityCode: "1280",
        topic: "children",
        forms: ["crime"],
        referredTo: "none",
      }),
    );
    await cases.convertToIndividual(as(syd), converted.id, {
      category: "human-exploitation",
      step: 2,
      person: {
        ageGroup: "adult",
        gender: "man",
        languages: [],
        name: undefined,
        contact: undefined,
        identityDocuments: undefined,
      },
    });
    // A case Stockholm offers to Syd.
    const offered = await cases.createIndividualCase(
      as(stockholm),
      individualInput.parse({
        referringOrg: "police",
        municipalityCode: "0180",
        forms: ["labour"],
        category: "human-exploitation",
        person: { ageGroup: "adult", gender: "man" },
      }),
    );
    const offer = await cases.requestTransfer(as(stockholm), offered.id, "syd");

    const page = "/staff/cases";
    paths.push(
      [syd.cookie, "/staff"],
      [syd.cookie, page],
      [syd.cookie, `${page}?sort=deadline&dir=asc&status=all`],
      [syd.cookie, `${page}/new?kind=individual`],
      [syd.cookie, `${page}/new?kind=consultation`],
      [syd.cookie, `${page}/${child.id}`],
      [syd.cookie, `${page}/${child.id}/referrals`],
      [syd.cookie, `${page}/${child.id}/history`],
      [syd.cookie, `${page}/${child.id}/close`],
      [syd.cookie, `${page}/${consultation.id}`],
      [syd.cookie, `${page}/${consultation.id}/convert`],
      [syd.cookie, `${page}/${consultation.id}/transfer?transferRegionId=stockholm`],
      [syd.cookie, `${page}/${converted.id}`],
      [syd.cookie, `${page}/${offered.id}/transfers/${offer.id}`],
      [syd.cookie, "/staff/deadlines"],
      [syd.cookie, "/staff/tasks"],
      [stockholm.cookie, "/staff"],
      [editor.cookie, "/staff/content"],
      [editor.cookie, "/staff/content/needs"],
      [editor.cookie, "/staff/content/preview?id=step-1-identification&lang=en"],
    );
  }, 120_000);
  afterAll(() => t?.close());

  it("shows no Swedish UI text, only place names, Swedish content and the glossary's words", async () => {
    const problems: string[] = [];
    for (const [cookie, path] of paths) {
      const res = await t.app.request(path, { headers: { cookie } });
      expect(res.status, path).toBe(200);
      const page = await res.text();
      expect(page, path).toContain('<html lang="en">');
      for (const text of swedishOn(page)) problems.push(`${path}: "${text}"`);
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it("finds Swedish where it is (the check itself)", async () => {
    await t.db
      .update(schema.users)
      .set({ language: "sv" })
      .where(inArray(schema.users.id, [syd.principal.id]));
    forgetUser(t.db, syd.principal.id);
    const res = await t.app.request("/staff/cases/new?kind=individual", { headers: { cookie: syd.cookie } });
    const found = swedishOn(await res.text());
    expect(found).toContain("Nytt enskilt ärende");
    expect(found).toContain("Hänvisande organisation");
    expect(swedishOn("<p>Spara</p><p>Save</p><p>Malmö: NSP, betänketid (ärende)</p>")).toEqual(["Spara"]);
  });
});
