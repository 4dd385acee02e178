import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoAxeViolations } from "./axe.ts";
import { launchBrowser } from "./browser.ts";
import { signIn } from "./staff-session.ts";

const base = inject("baseUrl");
const SHELTER = "Skyddat boende Mälaren (fiktivt)";
const NAME = "Testperson Hemligsdotter";
const today = () => new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm" }).format(new Date());

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("a shelter answers its placements", () => {
  let referralsUrl = "";
  let pseudonym = "";

  it("a coordinator refers a person to the demo shelter, with coded needs", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, "koordinator.bergslagen@demo");
    await page.goto(`${base}/staff/cases/new?kind=individual`);
    await page.getByLabel("Hänvisande organisation").selectOption("police");
    await page.getByLabel("Kommun").selectOption({ label: "Örebro" });
    await page.getByLabel("Sexuell exploatering").check();
    await page.getByLabel("Bedömning").selectOption("trafficking");
    await page.getByLabel("Åldersgrupp").selectOption("adult");
    await page.getByLabel("Namn (krypteras)").fill(NAME);
    await page.getByRole("button", { name: "Öppna ärendet" }).click();
    await page.waitForURL(/\/staff\/cases\/[0-9a-f-]{36}$/);
    pseudonym = (/P-\d{6}/.exec((await page.textContent("main")) ?? "") ?? [""])[0];
    expect(pseudonym).toMatch(/^P-\d{6}$/);
    await page.getByRole("link", { name: /Visa och lägg till hänvisningar/ }).click();
    referralsUrl = page.url();
    const shelter = page.getByLabel("Certifierat boende");
    const value = await shelter.locator("option", { hasText: SHELTER }).getAttribute("value");
    await shelter.selectOption(value ?? "");
    // The demo shelter may be full or not take the person's group: then a reason is needed (ADR 0027).
    await page.getByLabel("Skäl om boendet inte passar").selectOption("agreed-with-nsp");
    await page.getByLabel("Tolk").check();
    await page.getByRole("button", { name: "Hänvisa till NSP" }).click();
    const card = page.locator("section.card", { hasText: "NSP: placering" });
    expect(await card.textContent()).toContain("Boendet har inte svarat ännu.");
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("the shelter starts on it, accepts it, confirms the arrival and sees nothing else", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, "boende@demo");
    const answer = page.locator("section", {
      has: page.getByRole("heading", { name: /Hänvisningar att besvara/ }),
    });
    expect(await answer.textContent()).toContain(pseudonym);
    await expectNoAxeViolations(page);
    await answer.getByRole("link", { name: pseudonym }).click();
    await page.waitForURL(/\/staff\/placements\/[0-9a-f-]{36}$/);
    const main = () => page.textContent("main");
    expect(await main()).toContain("Tolk");
    // No case content: no name, no case number, no municipality.
    expect(await main()).not.toContain(NAME);
    expect(await main()).not.toMatch(/ÄR-\d{4}-\d{6}|Örebro/);
    await expectNoAxeViolations(page);

    // A start date in the past is refused next to its field, the typed date kept.
    await page.getByLabel("Ankomstdag", { exact: true }).fill("2020-01-01");
    await page.getByRole("button", { name: "Acceptera placeringen" }).click();
    expect(await page.locator("#accept-start-error").textContent()).toContain("bakåt i tiden");
    expect(await page.getByLabel("Ankomstdag", { exact: true }).inputValue()).toBe("2020-01-01");
    await expectNoAxeViolations(page);

    await page.getByLabel("Ankomstdag", { exact: true }).fill(today());
    await page.getByRole("button", { name: "Acceptera placeringen" }).click();
    await page.waitForURL(/sparat=1/);
    expect(await main()).toContain("Accepterad, väntar på ankomst");
    await page.getByLabel(/Ankomstdag \(dag 1/).fill(today());
    await page.getByRole("button", { name: "Bekräfta ankomsten" }).click();
    await page.waitForURL(/sparat=1/);
    expect(await page.locator("[data-days]").textContent()).toContain("Dag 1 av 90");
    await expectNoAxeViolations(page);

    // The list holds only this shelter's placements: every row's page is this shelter's, and
    // another shelter's placement (from the coordinator's view) is not found.
    await page.goto(`${base}/staff/placements`);
    await expectNoAxeViolations(page);
    expect(await main()).not.toContain(NAME);
    await context.close();
  });

  it("the shelter cannot open another shelter's placement", async () => {
    // A placement at another demo shelter, found through the coordinator's deadlines view.
    const coordinator = await browser.newContext();
    const c = await signIn(coordinator, "koordinator.bergslagen@demo");
    await c.goto(referralsUrl);
    const shelter = c.getByLabel("Certifierat boende");
    const other = await shelter.locator("option", { hasNotText: SHELTER }).first().getAttribute("value");
    await shelter.selectOption(other ?? "");
    await c.getByLabel("Skäl om boendet inte passar").selectOption("agreed-with-nsp");
    await c.getByRole("button", { name: "Hänvisa till NSP" }).click();
    const action = await c
      .locator("section.card", { hasText: "Boendet har inte svarat ännu." })
      .locator("form[action*='/referrals/']")
      .first()
      .getAttribute("action");
    const rid = /referrals\/([0-9a-f-]{36})/.exec(action ?? "")?.[1];
    expect(rid).toBeTruthy();
    await coordinator.close();

    const context = await browser.newContext();
    const page = await signIn(context, "boende@demo");
    const res = await page.goto(`${base}/staff/placements/${rid}`);
    expect(res?.status()).toBe(404);
    await page.goto(`${base}/staff/placements`);
    const rows = await page.locator("tbody th a").allTextContents();
    expect(rows).toContain(pseudonym);
    await context.close();
  });

  it("the coordinator sees the answers on the case and on the deadlines view", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, "koordinator.bergslagen@demo");
    await page.goto(referralsUrl);
    const card = page.locator("section.card", { hasText: SHELTER });
    const answers = await card.locator("[data-answers]").textContent();
    expect(answers).toContain(`Ankom ${today()} (dag 1)`);
    expect(await card.locator("[data-clock]").textContent()).toBe("Dag 1 av 90 med schablonersättning");
    await expectNoAxeViolations(page);
    await page.goto(`${base}/staff/deadlines`);
    const section = await page.locator("#shelter-answers + *").textContent();
    expect(section).toContain(SHELTER);
    expect(section).toContain("Bor på boendet");
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("IOM starts on the applications awaiting its decision", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, "iom@demo");
    expect(await page.textContent("main")).toMatch(/Applications awaiting your decision \(\d+\)/);
    await expectNoAxeViolations(page);
    await context.close();
  });
});
