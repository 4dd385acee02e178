/**
 * No staff page shows an internal id ("syd", "coordinator", "nsp-placement") as text: each demo
 * user's pages, in Swedish and in English, are read as a person reads them (the text, and the
 * labels a screen reader announces) and searched for every coded value the label table knows.
 */
import { loadRegions } from "@stodkedjan/content";
import { schema } from "@stodkedjan/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, forgetUser } from "../auth/sessions.ts";
import { seedDemo } from "../demo/seed.ts";
import { type TestApp, testApp, visibleText } from "../testing.ts";
import { LABEL_KINDS, labelsOf } from "./labels.ts";

const REGION_IDS = loadRegions().map((r) => r.id);
/** Ids no language uses as a word: found anywhere in the text. */
const DISTINCT = new Set([
  ...REGION_IDS,
  ...LABEL_KINDS.flatMap((kind) => Object.keys(labelsOf(kind, "sv"))).filter((id) => id.includes("-")),
]);
/** Every coded value: found as a whole piece of text (a cell, or a part between separators). */
const ALL = new Set([
  ...DISTINCT,
  ...LABEL_KINDS.flatMap((kind) => Object.keys(labelsOf(kind, "sv"))).filter((id) => !/^\d+$/.test(id)),
]);

function internalIds(page: string): string[] {
  const found = new Set<string>();
  for (const text of visibleText(page)) {
    for (const id of DISTINCT)
      if (new RegExp(`(?<![\\w/#.-])${id.replace(/[.]/g, "\\.")}(?![\\w-])`).test(text))
        found.add(`${id} in "${text}"`);
    for (const piece of text.split(/[·,:;()–|]/).map((p) => p.trim()))
      if (ALL.has(piece)) found.add(`${piece} in "${text}"`);
  }
  return [...found];
}

describe("staff pages show no internal ids", () => {
  let t: TestApp;
  const cookies = new Map<string, string>();
  const userIds: string[] = [];
  const ids = { user: "", shelter: "" };
  beforeAll(async () => {
    t = await testApp("pglite");
    const accounts = await seedDemo(t.db, t.keys);
    for (const a of accounts) {
      const [user] = await t.db.select().from(schema.users).where(eq(schema.users.username, a.username));
      if (!user) continue;
      const session = await createSession(t.db, user.id, true);
      cookies.set(a.username, `sk_session=${session.id}`);
      userIds.push(user.id);
    }
    const [user] = await t.db
      .select()
      .from(schema.users)
      .where(eq(schema.users.username, "koordinator.syd@demo"));
    const [shelter] = await t.db.select().from(schema.shelters).limit(1);
    ids.user = user?.id ?? "";
    ids.shelter = shelter?.id ?? "";
  }, 300_000);
  afterAll(() => t?.close());

  const PAGES: [string, string[]][] = [
    ["koordinator.syd@demo", ["/staff", "/staff/tasks", "/staff/shelters", "/staff/me"]],
    [
      "nationell@demo",
      [
        "/staff",
        "/staff/find?q=1",
        "/staff/shelters",
        "/staff/shelters/new",
        "/staff/signals",
        "/staff/approvals",
        "/staff/report",
        "/staff/me",
      ],
    ],
    [
      "admin@demo",
      ["/staff", "/staff/admin/users", "/staff/admin/tokens", "/staff/admin/audit", "/staff/me"],
    ],
    ["redaktor@demo", ["/staff", "/staff/content", "/staff/content/needs", "/staff/me"]],
    ["forskare@demo", ["/staff", "/staff/research", "/staff/me"]],
    ["boende@demo", ["/staff", "/staff/me"]],
    ["iom@demo", ["/staff", "/staff/me"]],
  ];

  for (const lang of ["sv", "en"] as const)
    it(`in ${lang === "sv" ? "Swedish" : "English"}`, async () => {
      await t.db.update(schema.users).set({ language: lang });
      for (const id of userIds) forgetUser(t.db, id);
      const pages: [string, string[]][] = [
        ...PAGES,
        ["admin@demo", [`/staff/admin/users/${ids.user}`]],
        ["nationell@demo", [`/staff/shelters/${ids.shelter}`]],
      ];
      const problems: string[] = [];
      for (const [username, paths] of pages)
        for (const path of paths) {
          const res = await t.app.request(path, { headers: { cookie: cookies.get(username) ?? "" } });
          expect(res.status, `${username} ${path}`).toBeLessThan(400);
          // A finder with one match leads straight on (to a page of another file).
          if (res.status === 303) continue;
          const page = await res.text();
          expect(page, path).toContain(`<html lang="${lang}">`);
          for (const found of internalIds(page)) problems.push(`${username} ${path}: ${found}`);
        }
      expect(problems).toEqual([]);
    }, 300_000);

  it("finds an id shown as text (the check itself)", () => {
    expect(internalIds("<td>syd</td><p>Roll: coordinator</p><li>nsp-placement · Begärd</li>")).toHaveLength(
      3,
    );
    expect(internalIds('<a href="/staff/cases/syd">Region Syd</a><td>Regionkoordinator</td>')).toEqual([]);
  });
});
