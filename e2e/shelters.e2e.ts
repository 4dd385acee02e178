/**
 * The national team's NSP follow-up (ADR 0027): it records a criterion on a demo shelter's
 * certification checklist, adds a criterion, assesses it and retires it, opens coverage and the flat-rate basis and downloads the XLSX; every
 * page passes axe and fits 320 px without sideways scrolling. (A shelter answering a referral and
 * the coordinator seeing the answer: partners.e2e.ts.)
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoAxeViolations } from "./axe.ts";
import { launchBrowser } from "./browser.ts";
import { signIn } from "./staff-session.ts";

const base = inject("baseUrl");
const SHELTER = "Skyddat boende Öresund (fiktivt)";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function fits320(page: Page) {
  await page.setViewportSize({ width: 320, height: 800 });
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scroll).toBeLessThanOrEqual(320);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe("the national team follows NSP up", () => {
  it("records a criterion on a checklist, sees coverage and the flat-rate basis, and downloads the XLSX", async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await signIn(context, "nationell@demo");
    // The start page reminds of the certification that runs out soon.
    expect(await page.locator("#renewals").textContent()).toContain("(fiktivt)");
    await page.goto(`${base}/staff/shelters`);
    await page.getByRole("link", { name: `Certifieringens checklista för ${SHELTER}` }).click();
    await page.waitForURL(/\/staff\/shelters\/[a-z0-9-]+\/certification$/);
    await expectNoAxeViolations(page);
    await fits320(page);
    // Without evidence the form is refused next to the field, with what was typed kept.
    await page.getByLabel("Kriterium").selectOption("needs-assessment");
    await page.getByLabel("Bedömare").fill("Eva Granskare");
    await page.getByRole("button", { name: "Spara bedömningen" }).click();
    expect(await page.locator("#evidence-error").textContent()).toBeTruthy();
    expect(await page.getByLabel("Bedömare").inputValue()).toBe("Eva Granskare");
    await expectNoAxeViolations(page);
    await page.getByLabel("Underlag").fill("Tre avidentifierade behovsbedömningar granskade vid besök.");
    await page.getByRole("button", { name: "Spara bedömningen" }).click();
    await page.waitForURL(/#criterion-needs-assessment$/);
    expect(await page.locator("#criterion-needs-assessment").textContent()).toContain("Eva Granskare");
    expect(await page.locator("[data-certification]").textContent()).toMatch(/certifierat till/);

    // A criterion the national team adds, assesses and then retires: it is no longer assessed,
    // and its assessment stays in the history, marked as retired.
    const checklist = page.url().replace(/#.*$/, "");
    await page.getByRole("link", { name: "Kriterierna för certifiering" }).click();
    await page.getByLabel("Kriteriet på svenska").fill("Boendet har rutiner för tolk (e2e)");
    await page.getByLabel("Kriteriet på engelska").fill("The shelter has routines for interpreters (e2e)");
    await page.getByRole("button", { name: "Lägg till kriteriet" }).click();
    await page.waitForURL(/#criterion-c-boendet-har-rutiner-for-tolk-e2e/);
    await page.goto(checklist);
    await page.getByLabel("Kriterium").selectOption({ label: "Boendet har rutiner för tolk (e2e)" });
    await page.getByLabel("Underlag").fill("Rutin för tolkbokning granskad.");
    await page.getByLabel("Bedömare").fill("Eva Granskare");
    await page.getByRole("button", { name: "Spara bedömningen" }).click();
    await page.waitForURL(/#criterion-c-boendet-har-rutiner-for-tolk-e2e$/);
    await page.goto(`${base}/staff/certification/criteria`);
    await expectNoAxeViolations(page);
    await fits320(page);
    // A day in the future is refused next to the field, with the day typed kept.
    await page
      .getByLabel("Kriterium", { exact: true })
      .selectOption({ label: "Boendet har rutiner för tolk (e2e)" });
    await page.getByLabel("Ur bruk från och med").fill("2199-01-01");
    await page.getByRole("button", { name: "Ta kriteriet ur bruk" }).click();
    expect(await page.locator("#retiredOn-error").textContent()).toContain("framtiden");
    expect(await page.getByLabel("Ur bruk från och med").inputValue()).toBe("2199-01-01");
    await expectNoAxeViolations(page);
    await page.getByLabel("Ur bruk från och med").fill("");
    await page.getByRole("button", { name: "Ta kriteriet ur bruk" }).click();
    await page.waitForURL(/#criterion-c-boendet-har-rutiner-for-tolk-e2e$/);
    expect(await page.locator("#criterion-c-boendet-har-rutiner-for-tolk-e2e").textContent()).toContain(
      "tagits ur bruk",
    );
    await page.goto(checklist);
    expect(await page.locator("#criterionId option", { hasText: "rutiner för tolk" }).count()).toBe(0);
    expect(await page.locator("[data-retired]").count()).toBe(1);
    await expectNoAxeViolations(page);

    await page.goto(`${base}/staff/coverage`);
    expect(await page.locator("svg.coverage-map g[data-region]").count()).toBe(7);
    expect(await page.locator("#coverage-table tbody tr").count()).toBe(8);
    expect(await page.locator("#known-gaps").textContent()).toContain("Nord");
    await expectNoAxeViolations(page);
    await fits320(page);

    await page.goto(`${base}/staff/flat-rate`);
    expect(await page.locator("h2#by-shelter").count()).toBe(1);
    await expectNoAxeViolations(page);
    await fits320(page);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /XLSX/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^schablonunderlag-\d{4}\.xlsx$/);
    const bytes = await (await download.createReadStream())?.toArray();
    // An XLSX is a zip: it starts with "PK".
    expect(
      Buffer.concat(bytes ?? [])
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
    await context.close();
  });
});
