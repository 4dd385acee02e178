import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoAxeViolations } from "./axe.ts";
import { launchBrowser } from "./browser.ts";
import { signIn, signInOn } from "./staff-session.ts";

const base = inject("baseUrl");

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** An open individual case of the coordinator's region. */
async function openCase(page: Page) {
  await page.goto(`${base}/staff/cases?kind=individual&status=open`);
  await page.locator("table.case-list tbody a").first().click();
  await page.waitForURL(/\/staff\/cases\/[0-9a-f-]{36}$/);
  return page.url();
}

describe("errors that keep what was typed", () => {
  it("a 20,000-character note shows a Swedish error next to the field with the text kept", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, "koordinator.mitt@demo");
    await openCase(page);
    const note = `Samtal med socialtjänsten. ${"Lång anteckning. ".repeat(1_250)}`.slice(0, 20_000);
    await page.getByLabel("Ny anteckning (krypteras)").fill(note);
    await page.getByRole("button", { name: "Spara anteckning" }).click();
    await page.waitForLoadState();
    const field = page.getByLabel("Ny anteckning (krypteras)");
    expect(await field.inputValue()).toBe(note);
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    const error = page.locator(`[id="${await field.getAttribute("aria-describedby")}"]`);
    expect(await error.textContent()).toMatch(
      /Texten är för lång: högst 8\s000 tecken, du har skrivit 20\s000/,
    );
    expect(await page.getByRole("alert").first().textContent()).toContain("Det du skrev är inte sparat än");
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("a note sent after the session ended is saved after signing in again, without retyping", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, "koordinator.nord@demo");
    const caseUrl = await openCase(page);
    const note = `Uppföljningssamtal ${Date.now()}: personen vill ha kontakt med NSP nästa vecka.`;
    await page.getByLabel("Ny anteckning (krypteras)").fill(note);

    // Meanwhile the session ends: signed out in another tab, which deletes the session's row.
    const other = await context.newPage();
    await other.goto(`${base}/staff`);
    await other.locator("header.bar").getByRole("button", { name: "Logga ut" }).click();
    await other.waitForURL(/\/staff\/login/);
    await other.close();

    await page.getByRole("button", { name: "Spara anteckning" }).click();
    await page.waitForURL(/\/staff\/login\?next=\/staff\/resume/);
    expect(await page.getByRole("status").textContent()).toContain("Det du skrev är sparat");
    await expectNoAxeViolations(page);
    await signInOn(page, "koordinator.nord@demo");
    await page.waitForURL(/\/staff\/resume$/);
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Skicka det nu" }).click();
    await page.waitForLoadState();
    expect(await page.getByRole("status").textContent()).toContain("nu sparat");
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Fortsätt" }).click();
    await page.waitForURL(caseUrl);
    expect(await page.locator("#notes-h").locator("..").textContent()).toContain(note);
    await context.close();
  });

  it("unknown addresses and refused pages are staff pages with a way back", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, "koordinator.mitt@demo");
    const missing = await page.goto(`${base}/staff/finns-inte`);
    expect(missing?.status()).toBe(404);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Finns inte");
    expect(await page.getByRole("link", { name: "Till översikten" }).getAttribute("href")).toBe("/staff");
    await expectNoAxeViolations(page);

    const refused = await page.goto(`${base}/staff/admin/users`);
    expect(refused?.status()).toBe(403);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Inte tillåtet");
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Till översikten" }).click();
    await page.waitForURL(`${base}/staff`);
    await context.close();
  });
});
