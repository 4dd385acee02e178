import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, inject, it } from "vitest";
import { expectNoAxeViolations } from "./axe.ts";
import { launchBrowser, PHONE } from "./browser.ts";
import { sitePages } from "./pages.ts";

const base = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("accessibility: axe finds no WCAG 2.1 AA violation", () => {
  it.concurrent.each([...sitePages(), "/no-such-page/"])("on %s", async (path) => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(base + path);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("on the guide's action list and the aid's summary", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/en/what-do-i-do-now/`);
    for (const id of ["danger-no", "urgent-yes", "child-yes", "form-sexual"]) {
      await page.check(`#${id}`);
      await page.click(`fieldset:not([hidden]) [data-next]`);
    }
    await page.click("fieldset:not([hidden]) [data-skip]");
    await page.click("fieldset:not([hidden]) [data-next]");
    await page.waitForSelector("#guide-result:not([hidden])");
    await expectNoAxeViolations(page);
    await page.goto(`${base}/sv/identifieringsstod/`);
    await page.check("#form-labour");
    await page.locator("input[name=sign]:visible").first().check();
    await expectNoAxeViolations(page);
    await context.close();
  });
});
