/**
 * ÅMP on the staff pages (ADR 0028), in Swedish and English: a child's application shows the
 * child routine as fixed and a form sent without it is refused at its field with nothing written;
 * the coordinator's answer to IOM's question is on the deadlines view and the start page (which
 * application, since when, due when; overdue marked), and IOM's start page shows its own queue.
 * On PGlite and, with DATABASE_URL, on PostgreSQL.
 */
import { schema } from "@stodkedjan/db";
import { AMP_ANSWER_DAYS, addDays, swedishToday } from "@stodkedjan/domain";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as amp from "../amp/service.ts";
import { individualInput } from "../cases/schemas.ts";
import * as cases from "../cases/service.ts";
import * as referrals from "../referrals/service.ts";
import { expectProblem, type TestApp, testApp, testTargets, visibleText } from "../testing.ts";

const DAY = 86_400_000;

describe.each(testTargets())("ÅMP pages on %s", (target) => {
  let t: TestApp;
  type Who = Awaited<ReturnType<TestApp["signIn"]>>;
  let coordinator: Who;
  let english: Who;
  let iomUser: Who;
  let iomEnglish: Who;
  const as = (w: Who, now?: Date) => ({ db: t.db, keys: t.keys, principal: w.principal, now });

  const speaksEnglish = async (w: Who): Promise<Who> => {
    await t.db.update(schema.users).set({ language: "en" }).where(eq(schema.users.id, w.principal.id));
    return { ...w, principal: { ...w.principal, language: "en" } };
  };

  beforeAll(async () => {
    t = await testApp(target);
    coordinator = await t.signIn("coordinator", "vast");
    english = await speaksEnglish(await t.signIn("coordinator", "vast"));
    iomUser = await t.signIn("iom");
    iomEnglish = await speaksEnglish(await t.signIn("iom"));
  }, 120_000);
  afterAll(() => t?.close());

  const get = (path: string, who: Who) => t.app.request(path, { headers: { cookie: who.cookie } });
  const post = (path: string, fields: [string, string][], who: Who) =>
    t.app.request(path, {
      method: "POST",
      headers: { cookie: who.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams([["_csrf", who.csrf], ...fields]).toString(),
    });
  const text = async (res: Response) => visibleText(await res.text()).join(" ");

  async function application(ageGroup: "child" | "adult") {
    const { id: caseId } = await cases.createIndividualCase(
      as(coordinator),
      individualInput.parse({
        referringOrg: "social-services",
        municipalityCode: "1480",
        forms: ["sexual"],
        category: "trafficking",
        person: { ageGroup, gender: "woman" },
      }),
    );
    const { id: rid } = await referrals.createReferral(as(coordinator), caseId, { type: "amp" });
    return { caseId, rid, at: { caseId, rid } };
  }

  it("shows a child's return as fixed, and refuses a form sent without it at its field", async () => {
    const { caseId, rid } = await application("child");
    const path = `/staff/cases/${caseId}/amp/${rid}`;
    const sv = await text(await get(path, coordinator));
    expect(sv).toContain("Ja: särskild rutin (personen är barn)");
    expect(sv).toContain("Markeringen kan inte tas bort så länge personen är barn.");
    const page = await (await get(path, english)).text();
    expect(visibleText(page).join(" ")).toContain("The flag cannot be removed while the person is a child.");
    expect(page).not.toMatch(/type="checkbox" name="child"/);
    // A form sent without the flag (a crafted post): 400, the reason at the field, nothing written.
    const res = await post(
      `${path}/details`,
      [
        ["_page", path],
        ["returnCountry", "NG"],
      ],
      coordinator,
    );
    expect(res.status).toBe(400);
    const refused = await res.text();
    expect(refused).toContain('<p class="field-error"');
    expect(visibleText(refused).join(" ")).toContain(
      "Personen i ärendet är barn (under 18 år), så återvändandet följer rutinen för barn. Markeringen kan inte tas bort.",
    );
    expect((await amp.getApplication(as(coordinator), { caseId, rid })).application.returnCountry).toBe(
      undefined,
    );
    // The form as the page sends it saves.
    const saved = await post(
      `${path}/details`,
      [
        ["_page", path],
        ["returnCountry", "NG"],
        ["child", "1"],
      ],
      coordinator,
    );
    expect(saved.status).toBe(303);
    expect((await amp.getApplication(as(coordinator), { caseId, rid })).application).toMatchObject({
      returnCountry: "NG",
      child: true,
    });
    // The API answers the same: flagged, fixed, and a request to unflag it is a problem at `child`.
    const api = (path: string, body?: unknown) =>
      t.app.request(path, {
        method: body === undefined ? "GET" : "POST",
        headers: {
          cookie: coordinator.cookie,
          ...(body === undefined
            ? {}
            : { "content-type": "application/json", "x-csrf-token": coordinator.csrf }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const answer = (await (await api(`/api/v1/cases/${caseId}/amp/${rid}`)).json()) as {
      childFixed: boolean;
      application: { child: boolean };
    };
    expect([answer.childFixed, answer.application.child]).toEqual([true, true]);
    const problem = await expectProblem(
      await api(`/api/v1/cases/${caseId}/amp/${rid}/details`, { returnCountry: "NG", child: false }),
      400,
    );
    expect(problem.errors).toEqual([expect.objectContaining({ path: "child", code: "amp-child-fixed" })]);
    // An adult's application keeps the coordinator's own check box.
    const adult = await application("adult");
    expect(await (await get(`/staff/cases/${adult.caseId}/amp/${adult.rid}`, coordinator)).text()).toMatch(
      /type="checkbox" name="child"/,
    );
  });

  it("puts the answer IOM waits for on the deadlines view and the start page, in Swedish and English", async () => {
    const { caseId, rid, at } = await application("adult");
    await amp.setDetails(as(coordinator), at, { returnCountry: "RO", child: false });
    await referrals.updateReferral(as(coordinator), caseId, rid, {
      status: "submitted",
      submittedOn: addDays(swedishToday(), -12),
    });
    // IOM asked ten days ago: due in four days, so on the start page's week too.
    const asked = new Date(Date.now() - 10 * DAY);
    await amp.decide(as(iomUser, asked), { rid }, { decision: "request-info", message: "Har hon pass?" });
    const since = swedishToday(asked);
    const due = addDays(since, AMP_ANSWER_DAYS);
    const link = `href="/staff/cases/${caseId}/amp/${rid}"`;

    const view = await (await get("/staff/deadlines", coordinator)).text();
    expect(view).toContain(link);
    const sv = visibleText(view).join(" ");
    expect(sv).toContain("ÅMP: IOM har begärt komplettering – svara inom 14 dagar");
    expect(sv).toContain(`(IOM frågade ${since})`);
    expect(sv).toContain(due);
    const en = await text(await get("/staff/deadlines", english));
    expect(en).toContain("ÅMP: IOM has asked for more information – answer within 14 days");
    expect(en).toContain(`(IOM asked on ${since})`);

    const home = await (await get("/staff", coordinator)).text();
    expect(home).toContain(link);
    expect(visibleText(home).join(" ")).toContain(`(IOM frågade ${since}) – ${due}`);
    expect(await text(await get("/staff", english))).toContain(`(IOM asked on ${since}) – ${due}`);

    // Another region sees none of it.
    const syd = await t.signIn("coordinator", "syd");
    expect(await (await get("/staff/deadlines", syd)).text()).not.toContain(link);
    expect(await (await get("/staff", syd)).text()).not.toContain(link);
  });

  it("shows IOM its queue on the start page: since when, due when, overdue marked", async () => {
    const { rid, at, caseId } = await application("adult");
    await amp.setDetails(as(coordinator), at, { returnCountry: "BG", child: false });
    await referrals.updateReferral(as(coordinator), caseId, rid, {
      status: "submitted",
      submittedOn: addDays(swedishToday(), -33),
    });
    const submittedOn = addDays(swedishToday(), -33);
    const due = addDays(submittedOn, 30);
    const row = (page: string) =>
      page.match(
        new RegExp(`<tr class="overdue">(?:(?!</tr>).)*/staff/amp/${rid}(?:(?!</tr>).)*</tr>`, "s"),
      )?.[0] ?? "";
    const sv = visibleText(row(await (await get("/staff", iomUser)).text()));
    expect(sv).toEqual(expect.arrayContaining([submittedOn, due, "försenat, 3 dagar sedan"]));
    const en = visibleText(row(await (await get("/staff", iomEnglish)).text()));
    expect(en).toEqual(expect.arrayContaining([submittedOn, due, "overdue, 3 days ago"]));
    expect(await text(await get("/staff", iomEnglish))).toContain("Decision due");
  });
});
