/**
 * The one mapping from errors to staff pages: every staff form, sent bad input, answers a page in
 * the user's language with no schema, state-machine or internal text; styled 403/404/409/500.
 */
import { schema } from "@stodkedjan/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cases from "../cases/service.ts";
import * as referrals from "../referrals/service.ts";
import { adultCaseInput, type TestApp, testApp } from "../testing.ts";

/** What must never reach a Swedish page's visible text. */
const LEAKS = [
  /\bexpected\b/i,
  /too (big|small)/i,
  /\binvalid\b/i,
  /\breceived\b/i,
  /\bphase\b/i,
  /\bcannot\b/i,
  /\bdate-\w+/,
  /\b[a-z]+[A-Z]\w*\b/, // a camelCase field path
  /\b\w+\.\w+:/, // "person.birthYear:"
];

/** A page's visible text: no tags, no attribute values, no scripts. */
const visible = (page: string) =>
  page
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&[#\w]+;/g, " ");

interface FormSpec {
  action: string;
  fields: { tag: string; name: string; type: string; options: string[] }[];
}

/** The forms of a rendered page: where each posts and its fields. */
function formsOf(page: string): FormSpec[] {
  return [...page.matchAll(/<form\b[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].map((m) => ({
    action: m[1] as string,
    fields: [
      ...(m[2] as string).matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>|<(input|textarea)\b([^>]*)>/g),
    ]
      .map((f) => {
        const attrs = (f[1] ?? f[4]) as string;
        return {
          tag: f[3] ?? "select",
          name: /\sname="([^"]*)"/.exec(attrs)?.[1] ?? "",
          type: /\stype="([^"]*)"/.exec(attrs)?.[1] ?? "text",
          options: [...(f[2] ?? "").matchAll(/<option value="([^"]*)"/g)].map((o) => o[1] as string),
        };
      })
      .filter((f) => f.name),
  }));
}

describe("errors on staff pages", () => {
  let t: TestApp;
  let who: Awaited<ReturnType<TestApp["signIn"]>>;
  let caseId: string;
  let amp: string;

  beforeAll(async () => {
    t = await testApp("pglite");
    who = await t.signIn("coordinator", "mitt");
    const ctx = { db: t.db, keys: t.keys, principal: who.principal };
    ({ id: caseId } = await cases.createIndividualCase(ctx, adultCaseInput));
    ({ id: amp } = await referrals.createReferral(ctx, caseId, { type: "amp" }));
    await referrals.createReferral(ctx, caseId, { type: "reflection", applicant: "social-welfare-board" });
    await referrals.createReferral(ctx, caseId, { type: "other", kind: "mika" });
  }, 120_000);
  afterAll(() => t?.close());

  const get = (path: string, cookie = who.cookie) => t.app.request(path, { headers: { cookie } });
  const post = (path: string, fields: [string, string][], cookie = who.cookie) =>
    t.app.request(path, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });

  it("answers every staff form's bad input in Swedish, with nothing internal on the page", async () => {
    const pages = [
      "/staff/cases/new?kind=consultation",
      "/staff/cases/new?kind=individual",
      `/staff/cases/${caseId}`,
      `/staff/cases/${caseId}/referrals`,
    ];
    const skip = /\/(logout|logout-everywhere|resume)/;
    let tried = 0;
    for (const from of pages) {
      const forms = formsOf(await (await get(from)).text()).filter((f) => !skip.test(f.action));
      expect(forms.length).toBeGreaterThan(0);
      for (const form of forms) {
        // Too long everywhere, a choice off the list, an impossible date; then everything empty.
        for (const bad of ["long", "empty"] as const) {
          const fields: [string, string][] = form.fields.map((f) => {
            if (f.type === "hidden")
              return [
                f.name,
                f.name === "_page" ? from : f.name === "_csrf" ? who.csrf : bad === "long" ? "x" : "",
              ];
            if (bad === "empty") return [f.name, ""];
            if (f.type === "date") return [f.name, "2026-13-45"];
            if (f.tag === "select") return [f.name, "nonsense"];
            if (f.type === "checkbox") return [f.name, "nonsense"];
            return [f.name, "x".repeat(20_000)];
          });
          const res = await post(form.action, fields);
          const text = await res.text();
          tried++;
          expect(res.status, `${form.action} (${bad})`).toBeLessThan(500);
          if (res.status >= 400) {
            expect(res.headers.get("content-type"), form.action).toMatch(/^text\/html/);
            expect(text, form.action).toContain('<html lang="sv">');
            for (const leak of LEAKS)
              expect(visible(text), `${form.action} (${bad}): ${leak}`).not.toMatch(leak);
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(20);
  }, 300_000);

  it("keeps a 20,000-character note, with the Swedish error next to the field", async () => {
    const note = `Början ${"å".repeat(20_000)} slut`;
    const res = await post(`/staff/cases/${caseId}/notes`, [
      ["_csrf", who.csrf],
      ["_page", `/staff/cases/${caseId}`],
      ["body", note],
    ]);
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain(`${note}</textarea>`);
    expect(page).toMatch(
      /<p class="field-error" id="body-error">Texten är för lång: högst 8\s000 tecken, du har skrivit 20\s012/,
    );
    expect(page).toMatch(/<textarea[^>]*id="body"[^>]*aria-invalid="true"[^>]*aria-describedby="body-error"/);
    expect(page).toContain('<a href="#body">');
    const notes = await t.db.select().from(schema.caseNotes).where(eq(schema.caseNotes.caseId, caseId));
    expect(notes).toHaveLength(0);
  });

  it("says a state-machine refusal in plain words: what happened and what to do", async () => {
    // A phase before IOM has approved: the rule's words next to the field, never its codes.
    const res = await post(`/staff/cases/${caseId}/amp/${amp}/phase`, [
      ["_csrf", who.csrf],
      ["_page", `/staff/cases/${caseId}/amp/${amp}`],
      ["phase", "pre-departure"],
      ["on", "2026-03-01"],
    ]);
    expect(res.status).toBe(400);
    const text = visible(await res.text());
    expect(text).toContain("Faserna följer på varandra när ansökan är beviljad");
    // (The form is not on a prepared application's page, so what was typed is listed as typed.)
    expect(text).not.toMatch(/phase-order|\bnone\b|cannot move|from phase/);
    // IOM's decision is not the coordinator's: a refusal that says who decides.
    const decided = await post(`/staff/cases/${caseId}/referrals/${amp}`, [
      ["_csrf", who.csrf],
      ["_page", `/staff/cases/${caseId}/referrals`],
      ["status", "approved"],
      ["approvedOn", "2026-03-01"],
    ]);
    expect(decided.status).toBe(403);
    const page = visible(await decided.text());
    expect(page).toContain("IOM beslutar om ÅMP-ansökan");
    expect(page).not.toContain("amp-iom-decides");
  });

  it("referral forms offer what fits: the region's municipalities first, no move-in in the past", async () => {
    const form = await (await get("/staff/cases/new?kind=individual")).text();
    const groups = [...form.matchAll(/<optgroup label="([^"]+)">([\s\S]*?)<\/optgroup>/g)];
    expect(groups.map((g) => g[1])).toEqual(["I Region Mitt", "Övriga kommuner"]);
    expect(groups[0]?.[2]).toContain(">Uppsala<");
    expect(groups[0]?.[2]).not.toContain(">Malmö<");
    expect(groups[1]?.[2]).toContain(">Malmö<");

    const shelter = await t.db.select().from(schema.shelters).limit(1);
    const res = await post(`/staff/cases/${caseId}/referrals`, [
      ["_csrf", who.csrf],
      ["_page", `/staff/cases/${caseId}/referrals`],
      ["type", "nsp-placement"],
      ["shelterId", shelter[0]?.id ?? "none"],
      ["start", "2020-01-01"],
    ]);
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toMatch(/<p class="field-error" id="nsp-start-error">[^<]*Datumet har redan passerat/);
    expect(page).toContain('value="2020-01-01"');
  });

  it("speaks English to a user whose language is English", async () => {
    const en = await t.signIn("coordinator", "mitt");
    await t.db.update(schema.users).set({ language: "en" }).where(eq(schema.users.id, en.principal.id));
    const res = await post(
      `/staff/cases/${caseId}/notes`,
      [
        ["_csrf", en.csrf],
        ["_page", `/staff/cases/${caseId}`],
        ["body", "y".repeat(9000)],
      ],
      en.cookie,
    );
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain("The text is too long: at most 8,000 characters, you have typed 9,000.");
    const missing = await get("/staff/no-such-page", en.cookie);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("The page does not exist");
  });

  it("styles 404 and 403 as staff pages with a way back; the API keeps problem details", async () => {
    const missing = await get("/staff/no-such-page");
    expect(missing.status).toBe(404);
    const page404 = await missing.text();
    expect(page404).toContain('<link rel="stylesheet" href="/staff/staff.css" />');
    expect(page404).toContain("<h1>Finns inte</h1>");
    expect(page404).toContain('<a href="/staff">Till översikten</a>');
    const otherCase = await get("/staff/cases/00000000-0000-4000-8000-000000000000");
    expect(otherCase.status).toBe(404);
    expect(await otherCase.text()).toContain("<h1>Finns inte</h1>");
    const refused = await get("/staff/admin/users");
    expect(refused.status).toBe(403);
    const page403 = await refused.text();
    expect(page403).toContain("<h1>Inte tillåtet</h1>");
    expect(page403).toContain('<a href="/staff">Till översikten</a>');
    const closed = await t.app.request(`/staff/cases/${caseId}/close`, {
      method: "POST",
      headers: { cookie: who.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: "wrong" }).toString(),
    });
    expect(closed.status).toBe(403);
    expect(await closed.text()).toContain("Formuläret har gått ut");
    const api = await t.app.request("/api/v1/nothing-here");
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });
});
