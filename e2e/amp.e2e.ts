/**
 * ÅMP in Chromium (ADR 0028): the coordinator prepares and submits; IOM (in English) approves
 * with support items and records a claim; both see the balance and the claim window. A child's
 * return cannot go on to the journey until both sides have confirmed the guardian and the
 * receiving authority; a child's case is flagged for that routine by itself. While IOM waits for
 * more information, the coordinator's answer is on the deadlines view; IOM's start page lists its
 * queue with the day each decision is due. Axe on every page, and no sideways scroll at 320 px.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoAxeViolations } from "./axe.ts";
import { launchBrowser } from "./browser.ts";
import { newIndividualCase, signIn } from "./staff-session.ts";

const base = inject("baseUrl");

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** The page fits 320 CSS pixels: nothing scrolls sideways. */
async function fitsNarrow(page: Page) {
  await page.setViewportSize({ width: 320, height: 800 });
  const { overflow, wide } = await page.evaluate(() => ({
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    // What sticks out, named for the failure message.
    wide: [...document.querySelectorAll("main *")]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`),
  }));
  expect(overflow, wide.join(" ")).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** A new individual case in Bergslagen with an ÅMP application on its way; returns its ÅMP page. */
async function prepare(
  page: Page,
  child: boolean,
  ageGroup: "adult" | "child" = "adult",
): Promise<{ url: string; pseudonym: string }> {
  await newIndividualCase(page, ageGroup);
  const pseudonym = (/P-\d{6}/.exec((await page.textContent("main")) ?? "") ?? [""])[0];
  await page.getByRole("link", { name: /Visa och lägg till hänvisningar/ }).click();
  await page.getByRole("button", { name: "Förbered ÅMP-ansökan" }).click();
  await page.getByRole("link", { name: /Öppna ÅMP-ansökan/ }).click();
  await page.waitForURL(/\/amp\/[0-9a-f-]{36}$/);
  await page.getByLabel("Land för återvändandet").selectOption("RO");
  if (child) await page.getByLabel("Ett barn återvänder (särskild rutin)").check();
  await page.getByRole("button", { name: "Spara uppgifterna" }).click();
  await page.getByRole("button", { name: "Skicka in till IOM" }).click();
  await page.waitForURL(/sparat=1/);
  expect(await page.textContent("main")).toContain("Inskickad");
  return { url: page.url().replace(/\?.*$/, ""), pseudonym };
}

/** IOM opens the application from its list and approves it with the amounts given. */
async function approve(page: Page, pseudonym: string, amounts: Record<string, string>) {
  await page.goto(`${base}/staff/amp`);
  await page.getByRole("link", { name: `Open the application for ${pseudonym}` }).click();
  await page.waitForURL(/\/staff\/amp\/[0-9a-f-]{36}$/);
  for (const [item, amount] of Object.entries(amounts))
    await page.getByLabel(item, { exact: true }).fill(amount);
  await page.getByRole("button", { name: "Approve the application" }).click();
  await page.waitForURL(/sparat=1/);
  expect(await page.textContent("main")).toContain("Approved");
}

describe("ÅMP: IOM decides", () => {
  let coordinatorUrl = "";
  let pseudonym = "";

  it("the coordinator prepares and submits; the page offers no decision of IOM's", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, "koordinator.bergslagen@demo");
    ({ url: coordinatorUrl, pseudonym } = await prepare(page, false));
    const main = (await page.textContent("main")) ?? "";
    expect(main).not.toContain("Bevilja ansökan");
    expect(main).toContain("Rumänien");
    await expectNoAxeViolations(page);
    await fitsNarrow(page);
    await context.close();
  });

  it("IOM approves with support items, records a claim and sees the balance and the window", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, "iom@demo");
    await approve(page, pseudonym, { Travel: "6000", "Financial support": "20000" });
    await expectNoAxeViolations(page);
    // Over the balance: refused next to the field, what was typed kept.
    await page.getByLabel("Support", { exact: true }).selectOption("financial");
    await page.getByLabel("Amount (whole kronor)").fill("25000");
    await page.getByRole("button", { name: "Save the claim" }).click();
    expect(await page.locator(".field-error").first().textContent()).toContain(
      "more than what remains of the granted support (20,000 kr)",
    );
    expect(await page.getByLabel("Amount (whole kronor)").inputValue()).toBe("25000");
    await expectNoAxeViolations(page);
    await page.getByLabel("Amount (whole kronor)").fill("5000");
    await page.getByRole("button", { name: "Save the claim" }).click();
    await page.waitForURL(/sparat=1/);
    const support =
      (await page.locator("section", { has: page.locator("#amp-support") }).textContent()) ?? "";
    expect(support).toContain("15,000 kr");
    expect(support).toMatch(/days left \(24 months and 0 days\)/);
    await expectNoAxeViolations(page);
    await fitsNarrow(page);
    await context.close();
  });

  it("the coordinator sees IOM's decision, the balance and the window", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, "koordinator.bergslagen@demo");
    await page.goto(coordinatorUrl);
    const support =
      (await page.locator("section", { has: page.locator("#amp-support") }).textContent()) ?? "";
    expect(support).toMatch(/15\s000 kr/);
    expect(support).toMatch(/dagar kvar \(24 månader och 0 dagar\)/);
    expect(await page.textContent("main")).toContain("Beviljad");
    await expectNoAxeViolations(page);
    await context.close();
  });
});

describe("ÅMP: a child's return", () => {
  it("cannot go on to the journey until both sides have confirmed", async () => {
    const coordinator = await browser.newContext();
    const cPage = await signIn(coordinator, "koordinator.bergslagen@demo");
    const { url, pseudonym } = await prepare(cPage, true);

    const iom = await browser.newContext();
    const iPage = await signIn(iom, "iom@demo");
    await approve(iPage, pseudonym, { Travel: "3000" });
    await iPage.getByRole("button", { name: "Save the phase" }).click(); // before the journey
    await iPage.waitForURL(/sparat=1/);
    await iPage.getByLabel("Phase", { exact: true }).selectOption("travel");
    await iPage.getByRole("button", { name: "Save the phase" }).click();
    expect(await iPage.locator(".field-error").first().textContent()).toContain(
      "cannot move on to the journey until both the coordinator and IOM have confirmed",
    );
    await expectNoAxeViolations(iPage);
    await iPage.getByLabel("the child's guardian").check();
    await iPage.getByLabel("the receiving authority").check();
    await iPage.getByRole("button", { name: "Save the confirmation" }).click();
    await iPage.waitForURL(/sparat=1/);
    expect(await iPage.textContent("main")).toContain("Regional coordinator: not confirmed");

    await cPage.goto(url);
    await cPage.getByLabel("barnets vårdnadshavare").check();
    await cPage.getByLabel("den mottagande myndigheten").check();
    await cPage.getByRole("button", { name: "Spara bekräftelsen" }).click();
    await cPage.waitForURL(/sparat=1/);
    await expectNoAxeViolations(cPage);

    await iPage.reload();
    await iPage.getByLabel("Phase", { exact: true }).selectOption("travel");
    await iPage.getByRole("button", { name: "Save the phase" }).click();
    await iPage.waitForURL(/sparat=1/);
    expect(await iPage.locator("#amp-facts").textContent()).toContain("The journey");
    await expectNoAxeViolations(iPage);
    await coordinator.close();
    await iom.close();
  });
});

describe("ÅMP: a child's case and the answer IOM waits for", () => {
  it("flags a child's case by itself, and puts IOM's question on the coordinator's deadlines", async () => {
    const coordinator = await browser.newContext();
    const cPage = await signIn(coordinator, "koordinator.bergslagen@demo");
    const { url, pseudonym } = await prepare(cPage, false, "child");
    const rid = url.split("/").at(-1) as string;
    const facts = (await cPage.locator("#amp-facts").textContent()) ?? "";
    expect(facts).toContain("Ja: särskild rutin (personen är barn)");
    expect(await cPage.getByLabel("Ett barn återvänder (särskild rutin)").count()).toBe(0);
    expect(await cPage.textContent("main")).toContain(
      "Markeringen kan inte tas bort så länge personen är barn.",
    );
    await expectNoAxeViolations(cPage);

    const iom = await browser.newContext();
    const iPage = await signIn(iom, "iom@demo");
    await iPage.goto(`${base}/staff`);
    const queue = iPage.locator("tr", {
      has: iPage.getByRole("link", { name: `Open the application for ${pseudonym}` }),
    });
    expect(await queue.textContent()).toMatch(/in 30 days/);
    await expectNoAxeViolations(iPage);
    await fitsNarrow(iPage);
    await iPage.getByRole("link", { name: `Open the application for ${pseudonym}` }).click();
    await iPage.getByLabel("What does IOM need to know?").fill("Vem tar emot barnet vid ankomsten?");
    await iPage.getByRole("button", { name: "Send the question" }).click();
    await iPage.waitForURL(/sparat=1/);

    await cPage.goto(`${base}/staff/deadlines`);
    const row = cPage.locator("tr", { has: cPage.locator(`a[href$="/amp/${rid}"]`) });
    const line = (await row.textContent()) ?? "";
    expect(line).toContain("ÅMP: IOM har begärt komplettering – svara inom 14 dagar");
    expect(line).toMatch(/IOM frågade \d{4}-\d{2}-\d{2}/);
    await expectNoAxeViolations(cPage);
    await fitsNarrow(cPage);
    await row.locator(`a[href$="/amp/${rid}"]`).click();
    await cPage.waitForURL(new RegExp(`/amp/${rid}$`));
    expect(await cPage.textContent("main")).toContain("Vem tar emot barnet vid ankomsten?");
    await coordinator.close();
    await iom.close();
  });
});
