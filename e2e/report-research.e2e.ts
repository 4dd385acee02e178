/**
 * The national team's annual report for the demo year (page, year chooser, PDF) and the
 * researcher's HTCDS extract (page, download, the download in the log), with axe on every page
 * and no sideways scroll on a 320 px screen.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoAxeViolations } from "./axe.ts";
import { launchBrowser } from "./browser.ts";
import { signIn } from "./staff-session.ts";

const base = inject("baseUrl");
const demoYear =
  Number(
    new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", year: "numeric" }).format(new Date()),
  ) - 1;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/**
 * Nothing on the page is wider than the screen (the elements that are, named); a table may scroll
 * inside its own named region (`scrollable` in the staff layout).
 */
async function expectNoSidewaysScroll(page: Page) {
  const { scroll, client, wide } = await page.evaluate(() => {
    const client = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll("body *")]
      .filter(
        (e) =>
          e.getBoundingClientRect().right > client + 0.5 &&
          e.checkVisibility() &&
          !e.parentElement?.closest(".table-scroll"),
      )
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${e.textContent?.slice(0, 30)}`);
    return { scroll: document.documentElement.scrollWidth, client, wide: wide.slice(0, 5) };
  });
  expect(wide, page.url()).toEqual([]);
  expect(scroll, page.url()).toBeLessThanOrEqual(client);
}

describe("the annual report", () => {
  it("the national team opens the report for the demo year and downloads the PDF", async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await signIn(context, "nationell@demo");
    await page.goto(`${base}/staff/report`);
    expect(await page.textContent("h1")).toBe(`Årsrapport ${demoYear}`);
    const cases = page.locator("section", {
      has: page.getByRole("heading", { name: "Individärenden per region" }),
    });
    const total = await cases.locator("tr.total td").last().textContent();
    // The believable year: hundreds of cases opened across the seven regions.
    expect(Number(total)).toBeGreaterThan(300);
    expect(await cases.locator("tbody tr").count()).toBe(8);
    // The same cell as the statistics' (one protected release per year).
    const statistics = await context.newPage();
    await statistics.goto(`${base}/staff/statistics?from=${demoYear}-01-01&to=${demoYear}-12-31`);
    const byAge = statistics.locator("section", { has: statistics.locator("#t-individual-age") });
    expect(await byAge.locator("tbody tr").last().locator("td").last().textContent()).toBe(total);
    await statistics.close();
    await expectNoAxeViolations(page);

    // Another year through the GET form, and back.
    await page.getByLabel("År").selectOption(String(demoYear - 1));
    await page.getByRole("button", { name: "Visa" }).click();
    await page.waitForURL(new RegExp(`year=${demoYear - 1}$`));
    expect(await page.textContent("h1")).toBe(`Årsrapport ${demoYear - 1}`);
    await page.goto(`${base}/staff/report?year=${demoYear}`);

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Ladda ner som PDF" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`arsrapport-${demoYear}.pdf`);
    const path = await file.path();
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(path).subarray(0, 5).toString()).toBe("%PDF-");

    await page.setViewportSize({ width: 320, height: 700 });
    await expectNoSidewaysScroll(page);
    await context.close();
  });
});

describe("the research extract", () => {
  it("a researcher downloads the extract and sees the download in the log", async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await signIn(context, "forskare@demo");
    await page.getByRole("link", { name: "Till forskningsuttaget" }).click();
    await page.waitForURL(/\/staff\/research$/);
    expect(await page.textContent("main")).toContain("vic_TypeOfExploitation");
    expect(await page.textContent("main")).toContain("Du har inte laddat ner något uttag ännu.");
    await expectNoAxeViolations(page);

    await page.getByLabel("Från och med år").selectOption(String(demoYear));
    await page.getByLabel("Till och med år").selectOption(String(demoYear));
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Ladda ner uttaget" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`htcds-extract-${demoYear}-${demoYear}.csv`);
    const { readFileSync } = await import("node:fs");
    const lines = readFileSync(await file.path(), "utf8")
      .trim()
      .split("\n");
    expect(lines[0]).toContain("prs_Gender,prs_Citizenship,vic_TraffickingStatus");
    const rows = lines.length - 1;
    expect(rows).toBeGreaterThan(100);

    await page.goto(`${base}/staff/research`);
    const mine = page.locator("section", { has: page.getByRole("heading", { name: "Dina nedladdningar" }) });
    expect(await mine.locator("tbody tr").first().textContent()).toContain(`${demoYear}CSV${rows}`);
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 320, height: 700 });
    await expectNoSidewaysScroll(page);
    await context.close();
  });
});
