/** The guide completed with the keyboard alone: Tab, arrows, Space and Enter. */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { launchBrowser } from "./browser.ts";

const base = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** Tabs until the focused element matches, failing after a bounded number of presses. */
async function tabTo(page: Page, selector: string, max = 15) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`could not reach ${selector} by Tab`);
}

it("completes the guide by keyboard alone", async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/sv/vad-gor-jag-nu/`);
  // Each question: Tab to the first option, arrow to the answer, Space to select, Tab to "Nästa", Enter.
  const steps: [string, number][] = [
    ["danger", 1], // Nej
    ["urgent", 0], // Ja
    ["child", 2], // Vet inte
    ["form", 1], // Arbetskraftsexploatering
  ];
  for (const [q, arrows] of steps) {
    await tabTo(page, `fieldset[data-q=${q}] input[type=radio]`);
    for (let i = 0; i < arrows; i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Space");
    await tabTo(page, `fieldset[data-q=${q}] [data-next]`);
    await page.keyboard.press("Enter");
  }
  await tabTo(page, "#where-input");
  await page.keyboard.type("Kiru");
  await tabTo(page, "#where-matches button");
  await page.keyboard.press("Enter");
  expect(await page.textContent("#where-status")).toContain("Kiruna");
  await tabTo(page, "fieldset[data-q=where] [data-next]");
  await page.keyboard.press("Enter");
  await tabTo(page, "fieldset[data-q=office] [data-next]");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#guide-result:not([hidden])");
  const list = await page
    .locator("#action-list > li")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-action")));
  expect(list[0]).toBe("call-police");
  expect(list).toContain("report-child");
  expect(await page.locator("#action-list .coordinator").first().textContent()).toContain("Nord");
  await page.close();
});
