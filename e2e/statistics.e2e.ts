/**
 * The national statistics in Chromium: the national team opens the statistics for the demo year
 * from its menu, sees a chart with its table and the hidden-figure legend, changes the filter
 * without JavaScript, and downloads every table as an XLSX that a spreadsheet library opens. Axe
 * on every page; no sideways scroll at 320 px.
 */
import { swedishToday } from "@stodkedjan/domain";
import ExcelJS from "exceljs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoAxeViolations } from "./axe.ts";
import { launchBrowser } from "./browser.ts";
import { signIn } from "./staff-session.ts";

const base = inject("baseUrl");
/** The demo data spans the last two years: last calendar year is a whole year of it. */
const YEAR = Number(swedishToday().slice(0, 4)) - 1;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("national statistics", () => {
  it("opens the demo year's statistics, shows a chart with its table, and downloads a valid XLSX", async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await signIn(context, "nationell@demo");
    await page.goto(`${base}/staff`);
    await page.getByRole("link", { name: "Statistik", exact: true }).first().click();
    await page.waitForURL(/\/staff\/statistics/);
    await expectNoAxeViolations(page);

    // The filter is a plain GET form.
    await page.fill("#from", `${YEAR}-01-01`);
    await page.fill("#to", `${YEAR}-12-31`);
    await page.click("form.filters button");
    await page.waitForURL(new RegExp(`from=${YEAR}-01-01`));
    await expect.poll(() => page.textContent("[role=status]")).toContain(`Visar ${YEAR}`);
    const chart = page.locator("figure svg[role=img]").first();
    expect(await chart.getAttribute("aria-label")).toContain("stapeldiagram");
    const section = page.locator("section", { has: page.locator("#t-individual-gender") });
    expect(await section.locator("svg[role=img]").count()).toBe(1);
    expect(await section.locator("table tbody tr").count()).toBe(8);
    expect(await page.textContent("#legend + p")).toContain("× betyder att uppgiften är dold");
    // ÅMP participants by return country: a chart and its table, countries named in Swedish.
    const countries = page.locator("section", { has: page.locator("#t-amp-country") });
    expect(await countries.locator("svg[role=img]").count()).toBe(1);
    expect(await countries.locator("table tbody tr").count()).toBeGreaterThan(3);
    expect(await countries.locator("table").textContent()).toContain("Rumänien");
    await expectNoAxeViolations(page);

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Alla tabeller som XLSX" }).click();
    const file = await (await download).path();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.length).toBe(17);
    expect(book.worksheets[0]?.getRow(1).getCell(1).value).toBe("Region");

    await context.close();

    // On a 320 px phone the tables scroll in their own box; the page does not scroll sideways.
    const phone = await browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true });
    const small = await signIn(phone, "nationell@demo");
    await small.goto(`${base}/staff/statistics?from=${YEAR}-01-01&to=${YEAR}-12-31`);
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await phone.close();
  }, 120_000);

  it("keeps a wrong filter and says what is wrong next to the field", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, "nationell@demo");
    await page.goto(`${base}/staff/statistics?from=${YEAR}-05-01&to=${YEAR + 1}-02-01&region=syd`);
    expect(await page.textContent("#to-error")).toContain("Välj en period inom ett kalenderår.");
    expect(await page.inputValue("#to")).toBe(`${YEAR + 1}-02-01`);
    await expectNoAxeViolations(page);
    await context.close();
  }, 60_000);
});
