/**
 * The national team's NSP follow-up (ADR 0027): it records a criterion on a demo shelter's
 * certification checklist, opens coverage and the flat-rate basis and downloads the XLSX; every
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
