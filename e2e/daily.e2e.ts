/**
 * Daily use: every role's start page (each demo account), finding a case by its number (the
 * coordinator in the list, the national team through its finder to the access history), the
 * case list sorted by deadline, my tasks, and the staff pages at 360 px without sideways scroll.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoAxeViolations } from "./axe.ts";
import { launchBrowser, PHONE } from "./browser.ts";
import { signIn } from "./staff-session.ts";

const base = inject("baseUrl");
/** The narrowest phone the staff pages are made for. */
const NARROW = { ...PHONE, viewport: { width: 360, height: 740 } };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** Nothing on the page is wider than the screen. */
async function expectNoSidewaysScroll(page: Page) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll, page.url()).toBeLessThanOrEqual(client);
}

/** The header (product name, who is signed in, sign out) takes one line. */
async function expectOneLineHeader(page: Page) {
  const bar = await page.locator("header.bar").boundingBox();
  const brand = await page.locator("header.bar .brand").boundingBox();
  const signOut = await page.locator("header.bar button").boundingBox();
  expect(bar?.height).toBeLessThan(60);
  expect(Math.abs((brand?.y ?? 0) - (signOut?.y ?? 100))).toBeLessThan(12);
}

describe("daily use", () => {
  const START: [string, RegExp][] = [
    [
      "koordinator.bergslagen@demo",
      /Mina uppgifter denna vecka[\s\S]*Tidsfrister denna vecka[\s\S]*Svar på hänvisningar[\s\S]*Senast öppnade ärenden/,
    ],
    [
      "nationell@demo",
      /Hitta ett ärende[\s\S]*Öppna ärenden per region och steg[\s\S]*Försenade tidsfrister[\s\S]*Lediga platser/,
    ],
    ["admin@demo", /Användare[\s\S]*aktiva[\s\S]*API-nycklar[\s\S]*Åtkomstloggen[\s\S]*poster/],
    ["boende@demo", /Placeringar hänvisade till ert boende/],
    // IOM's caseworkers work in English (the demo account's language).
    ["iom@demo", /Applications to the voluntary return programme/],
    ["forskare@demo", /pseudonymiserade och röjandeskyddade uttag[\s\S]*HTCDS 2\.0/],
    ["redaktor@demo", /handbokens innehåll[\s\S]*senare version/],
  ];
  for (const [user, expected] of START) {
    it(`${user} starts on what the role does next, on a phone`, async () => {
      const context = await browser.newContext(NARROW);
      const page = await signIn(context, user);
      expect(await page.textContent("h1")).toBe(user === "iom@demo" ? "Overview" : "Översikt");
      expect(await page.textContent("main")).toMatch(expected);
      // No internal ids as text: regions and roles by name.
      expect(await page.textContent("main")).not.toMatch(/\b(bergslagen|syd|nord|coordinator|national)\b/);
      await expectNoAxeViolations(page);
      await expectNoSidewaysScroll(page);
      await expectOneLineHeader(page);
      await context.close();
    });
  }

  it("a coordinator finds a case by its number, whole or by its digits, and sorts by deadline", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, "koordinator.bergslagen@demo");
    await page.goto(`${base}/staff/cases?status=all`);
    const first = page.locator("tbody tr td:first-child a").first();
    const ref = (await first.textContent()) ?? "";
    const href = await first.getAttribute("href");
    expect(ref).toMatch(/^ÄR-\d{4}-\d{6}$/);
    for (const q of [ref, String(Number(ref.slice(-6)))]) {
      await page.goto(`${base}/staff/cases?status=all`);
      await page.getByLabel(/^Sök/).fill(q);
      await page.getByRole("button", { name: "Visa" }).click();
      await page.waitForURL((url) => url.searchParams.get("q") === q);
      expect(await page.locator("tbody tr").count(), q).toBe(1);
      expect(await page.locator("tbody tr td:first-child a").getAttribute("href")).toBe(href);
    }
    await expectNoAxeViolations(page);
    // Sorted by deadline: the header says so, and the dates shown rise down the list.
    await page.goto(`${base}/staff/cases`);
    await page.getByRole("link", { name: "Närmaste tidsfrist" }).first().click();
    await page.waitForURL(/sort=deadline/);
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain("Närmaste tidsfrist");
    const dates = (await page.locator('td[data-label="Närmaste tidsfrist"]').allTextContents()).filter(
      (d) => d !== "–",
    );
    expect(dates).toEqual([...dates].sort());
    await expectNoAxeViolations(page);
    await page.goto(`${base}/staff/tasks`);
    expect(await page.textContent("h1")).toBe("Mina uppgifter");
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("the national team finds a case by its number and sees only its access history", async () => {
    const coordinator = await browser.newContext();
    const cp = await signIn(coordinator, "koordinator.bergslagen@demo");
    await cp.goto(`${base}/staff/cases?status=all`);
    const ref = (await cp.locator("tbody tr td:first-child a").first().textContent()) ?? "";
    await coordinator.close();

    const context = await browser.newContext(NARROW);
    const page = await signIn(context, "nationell@demo");
    await page.getByLabel("Ärendenummer").fill(ref.slice(3));
    await page.getByRole("button", { name: "Visa åtkomstloggen" }).click();
    await page.waitForURL(/\/staff\/cases\/[0-9a-f-]{36}\/history$/);
    expect(await page.textContent("h1")).toBe("Åtkomstlogg för ärendet");
    expect(await page.textContent("main")).toContain("Nationella teamet");
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);
    // The case itself stays closed to the national team.
    const caseUrl = page.url().replace(/\/history$/, "");
    expect((await page.goto(caseUrl))?.status()).toBe(403);
    // A search that is not a case number is answered next to the field.
    await page.goto(`${base}/staff/find?q=Örebro`);
    expect(await page.locator("#q-error").textContent()).toContain("ärendenumret");
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("at 360 px the case list, a case and its access log fit the screen, the header on one line", async () => {
    const context = await browser.newContext(NARROW);
    const page = await signIn(context, "koordinator.bergslagen@demo");
    await page.goto(`${base}/staff/cases?status=all`);
    expect(await page.locator("tbody tr").count()).toBeGreaterThan(0);
    await expectNoSidewaysScroll(page);
    await expectOneLineHeader(page);
    await expectNoAxeViolations(page);
    // Every case in the list fits, whatever its facts (long labels, a child, a referral).
    const cases = await page
      .locator("tbody tr td:first-child a")
      .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    for (const href of cases) {
      await page.goto(href);
      await expectNoSidewaysScroll(page);
    }
    // An open case of the region's own: the coordinator manages it.
    await page.goto(`${base}/staff/cases`);
    for (const href of await page
      .locator("tbody tr td:first-child a")
      .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href))) {
      await page.goto(href);
      if (await page.locator("section.danger").count()) break;
    }
    // Jump list on top, the irreversible actions last and apart.
    expect(await page.locator('nav[aria-label="Avsnitt i ärendet"] a').allTextContents()).toContain(
      "Anteckningar",
    );
    expect(await page.locator("main section").last().getAttribute("class")).toBe("danger");
    expect(await page.locator("section.danger h2").textContent()).toBe("Åtgärder som inte går att ångra");
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: /åtkomstlogg/ }).click();
    await page.waitForURL(/\/history$/);
    expect(await page.locator("tbody tr").count()).toBeGreaterThan(0);
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
    await context.close();
  });
});
