/** The professional's journeys on a phone: directory, guide, search. */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { launchBrowser, PHONE } from "./browser.ts";

const base = inject("baseUrl");
let browser: Browser;
let context: BrowserContext;
let page: Page;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());
beforeEach(async () => {
  context = await browser.newContext(PHONE);
  page = await context.newPage();
});
afterEach(() => context.close());

const actions = () =>
  page.locator("#action-list > li").evaluateAll((els) => els.map((e) => e.getAttribute("data-action")));

async function answer(id: string) {
  await page.check(`#${id}`);
  await page.click("fieldset:not([hidden]) [data-next]");
}

describe("a professional on a phone", () => {
  it('finds the regional coordinator for "Örebro" by typing without ö', async () => {
    await page.goto(`${base}/sv/`);
    await page.getByRole("link", { name: "Hitta din regionkoordinator" }).click();
    await page.getByLabel("Skriv din kommun").fill("orebro");
    await expect
      .poll(() => page.textContent("#lookup-status"))
      .toBe("Örebro ligger i Örebro län och hör till Region Bergslagen.");
    const visible = page.locator("section.region:visible");
    await expect.poll(() => visible.count()).toBe(1);
    expect(await visible.locator("h2").textContent()).toBe("Region Bergslagen");
    expect(await visible.locator(".coordinator").count()).toBeGreaterThan(0);
    expect(await visible.locator(".coordinator a.tel").first().getAttribute("href")).toMatch(/^tel:\d+$/);
  });

  it("completes the guide for a child in acute danger", async () => {
    await page.goto(`${base}/sv/vad-gor-jag-nu/`);
    await answer("danger-yes"); // "Is it urgent?" is implied and skipped
    await answer("child-yes");
    await answer("form-sexual");
    await page.getByLabel("Kommun").fill("Örebro");
    await page.getByRole("button", { name: "Örebro (Örebro län)" }).click();
    expect(await page.textContent("#where-status")).toBe("Örebro hör till Region Bergslagen.");
    await page.click("fieldset:not([hidden]) [data-next]");
    await page.click("fieldset:not([hidden]) [data-next]");
    await page.waitForSelector("#guide-result:not([hidden])");
    const list = await actions();
    expect(list[0]).toBe("call-112");
    expect(list).toContain("report-child");
    expect(list).toContain("coordinator");
    expect(list).not.toContain("inform-rights");
    expect(await page.locator('#action-list a[href="tel:112"]').count()).toBe(1);
    expect(await page.locator("#action-list .coordinator").first().textContent()).toContain("Bergslagen");
    // Focus moves to the result so screen reader users hear it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("result-title");
  });

  it("completes the guide for an adult labour case in English", async () => {
    await page.goto(`${base}/en/what-do-i-do-now/`);
    await answer("danger-no");
    await answer("urgent-no");
    await answer("child-no");
    await answer("form-labour");
    await page.getByLabel("Municipality").fill("goteborg");
    await page.keyboard.press("Enter");
    expect(await page.textContent("#where-status")).toBe("Göteborg belongs to Region West.");
    await page.click("fieldset:not([hidden]) [data-next]");
    await answer("office-yes");
    const list = await actions();
    expect(list).toEqual([
      "support-line",
      "coordinator",
      "form-next",
      "document",
      "inform-rights",
      "read-more",
    ]);
    const labour = await page.locator('#action-list [data-action="form-next"]').textContent();
    expect(labour).toContain("labour exploitation");
    expect(await page.locator('#action-list a[href="tel:020390000"]').count()).toBe(1);
  });

  it("asks again when a question is left unanswered", async () => {
    await page.goto(`${base}/sv/vad-gor-jag-nu/`);
    await page.click("fieldset:not([hidden]) [data-next]");
    expect(await page.textContent("#error-danger")).toBe("Välj ett svar för att gå vidare.");
    expect(await page.isVisible("fieldset[data-q=danger]")).toBe(true);
  });

  it("searches in Swedish, finding the base form from the definite form", async () => {
    await page.goto(`${base}/sv/`);
    await page.getByRole("searchbox", { name: "Sök i manualen" }).fill("människohandeln");
    await page.getByRole("button", { name: "Sök", exact: true }).click();
    await page.waitForURL(/\/sv\/sok\/\?q=/);
    await expect.poll(() => page.locator("#search-results li").count()).toBeGreaterThan(3);
    await page.getByRole("searchbox").fill("betänketiden");
    await expect.poll(() => page.locator("#search-results li a").first().textContent()).toBe("Betänketid");
    await page.locator("#search-results li a").first().click();
    await page.waitForURL(`${base}/sv/manual/betanketid/`);
  });

  it("searches in English", async () => {
    await page.goto(`${base}/en/search/?q=return%20programme`);
    await expect
      .poll(() => page.locator("#search-results li a").first().getAttribute("href"))
      .toBe("/en/manual/return-programme-amp/");
    await page.getByRole("searchbox").fill("xyzzy");
    await expect.poll(() => page.textContent("#search-status")).toContain("No results");
  });

  it("switches language to the same page", async () => {
    await page.goto(`${base}/sv/manual/betanketid/`);
    await page.getByRole("link", { name: "In English" }).click();
    await page.waitForURL(`${base}/en/manual/reflection-period/`);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.getByRole("link", { name: "På svenska" }).click();
    await page.waitForURL(`${base}/sv/manual/betanketid/`);
  });

  it("prints the guide's action list without navigation", async () => {
    await page.goto(`${base}/sv/vad-gor-jag-nu/`);
    await answer("danger-no");
    await answer("urgent-yes");
    await answer("child-no");
    await answer("form-unknown");
    await page.click("fieldset:not([hidden]) [data-skip]");
    await page.click("fieldset:not([hidden]) [data-next]");
    await page.emulateMedia({ media: "print" });
    expect(await page.isVisible("#action-list")).toBe(true);
    expect(await page.isVisible(".site-nav")).toBe(false);
    expect(await page.isVisible("#guide-print")).toBe(false);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
  });
});
