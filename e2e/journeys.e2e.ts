/** The professional's journeys on a phone: directory, guide, search. */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { expectNoAxeViolations } from "./axe.ts";
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

/** Pages in a PDF as Chromium writes it (one /Type /Page object per page). */
const pdfPages = (pdf: Buffer) => (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

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
    // The result says the guide decides nothing, and names the labour signs from the identification aid.
    expect(await page.textContent("#guide-result")).toContain("does not decide whether someone is a victim");
    const signs = await page.locator("#action-list .signs li").allTextContents();
    expect(signs.join(" ")).toMatch(/passport/);
    expect(signs.join(" ")).toMatch(/housing/);
    expect(signs.join(" ")).toMatch(/debt/);
    await page.goto(`${base}/en/identification-aid/`);
    const aidSigns = (await page.locator("input[name=sign] + label").allTextContents()).map((l) => l.trim());
    for (const sign of signs) expect(aidSigns.some((l) => l.startsWith(sign))).toBe(true);
  });

  it("numbers the questions without a jump when one is skipped", async () => {
    await page.goto(`${base}/sv/vad-gor-jag-nu/`);
    const progress = async () => (await page.textContent("fieldset:not([hidden]) [data-progress]"))?.trim();
    expect(await progress()).toBe("Fråga 1 av 6");
    await answer("danger-yes"); // "Är det brådskande?" is implied and skipped
    expect(await progress()).toBe("Fråga 2 av 5");
    await page.click("fieldset:not([hidden]) [data-back]");
    await answer("danger-no");
    expect(await progress()).toBe("Fråga 2 av 6");
    await answer("urgent-no");
    expect(await progress()).toBe("Fråga 3 av 6");
  });

  it("resolves a municipality typed in full and not picked, and asks between Habo and Håbo", async () => {
    await page.clock.setFixedTime(new Date("2026-12-08T10:00:00+01:00")); // a Tuesday morning
    await page.goto(`${base}/sv/vad-gor-jag-nu/`);
    await answer("danger-no");
    await answer("urgent-no");
    await answer("child-no");
    await answer("form-unknown");
    // "Håbo" as written is Håbo in Uppsala län (Region Mitt), never Habo.
    await page.getByLabel("Kommun").fill("Håbo");
    await page.click("fieldset:not([hidden]) [data-next]");
    expect(await page.isVisible("fieldset[data-q=office]")).toBe(true);
    await page.click("fieldset:not([hidden]) [data-back]");
    expect(await page.textContent("#where-status")).toBe("Håbo hör till Region Mitt.");
    // "habo" could be either: the guide asks, and goes on only once one is chosen.
    await page.getByLabel("Kommun").fill("habo");
    await page.click("fieldset:not([hidden]) [data-next]");
    expect(await page.isVisible("fieldset[data-q=where]")).toBe(true);
    expect(await page.textContent("#where-status")).toBe("Flera kommuner passar. Välj den du menar.");
    expect(await page.locator("#where-matches button").allTextContents()).toEqual([
      "Habo (Jönköpings län)",
      "Håbo (Uppsala län)",
    ]);
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Habo (Jönköpings län)" }).click();
    expect(await page.textContent("#where-status")).toBe("Habo hör till Region Öst.");
    await page.click("fieldset:not([hidden]) [data-next]");
    await page.click("fieldset:not([hidden]) [data-next]");
    await page.waitForSelector("#guide-result:not([hidden])");
    expect(await actions()).toContain("coordinator");
    expect(await page.locator('#action-list [data-action="coordinator"]').textContent()).toContain(
      "Region Öst",
    );
    await expectNoAxeViolations(page);
  });

  it("puts 112, socialjour and 114 14 first for a child in acute danger at night, and the coordinator on the next weekday", async () => {
    await page.clock.setFixedTime(new Date("2026-12-08T23:30:00+01:00")); // Tuesday night, Swedish time
    await page.goto(`${base}/sv/vad-gor-jag-nu/`);
    await answer("danger-yes");
    await answer("child-yes");
    await answer("form-sexual");
    await page.getByLabel("Kommun").fill("Sundsvall");
    await page.click("fieldset:not([hidden]) [data-next]");
    // The device's clock says it is night: "not office hours" is already chosen.
    expect(await page.isChecked("#office-no")).toBe(true);
    await page.click("fieldset:not([hidden]) [data-next]");
    await page.waitForSelector("#guide-result:not([hidden])");
    const calls = page.locator("#guide-calls li:visible");
    expect(await calls.evaluateAll((els) => els.map((e) => e.getAttribute("data-call")))).toEqual([
      "emergency",
      "socialjour",
      "police",
    ]);
    expect(
      await calls.locator("a.number").evaluateAll((els) => els.map((e) => e.getAttribute("href"))),
    ).toEqual(["tel:112", "tel:112", "tel:11414"]);
    // The numbers come before everything else in the result.
    const callsTop = (await page.locator("#guide-calls").boundingBox())?.y ?? Number.POSITIVE_INFINITY;
    const listTop = (await page.locator("#action-list").boundingBox())?.y ?? 0;
    expect(callsTop).toBeLessThan(listTop);
    expect((await actions()).slice(0, 4)).toEqual(["call-112", "stay-safe", "report-child", "socialjour"]);
    const when = (id: string) => page.textContent(`#action-list [data-action="${id}"] .when`);
    expect(await when("coordinator")).toBe("Nästa vardag");
    expect(await when("support-line")).toBe("Nästa vardag");
    const result = (await page.textContent("#guide-result")) ?? "";
    expect(result).not.toMatch(/stängt|öppet nu/i);
    expect(result).toContain("preliminära");
    expect(result).toContain("Guiden avgör inte om någon är utsatt");
    await expectNoAxeViolations(page);
  });

  it("says next weekday on a Saturday afternoon too", async () => {
    await page.clock.setFixedTime(new Date("2026-12-12T14:00:00+01:00"));
    await page.goto(`${base}/en/what-do-i-do-now/`);
    await answer("danger-no");
    await answer("urgent-yes");
    await answer("child-no");
    await answer("form-unknown");
    await page.click("fieldset:not([hidden]) [data-skip]");
    expect(await page.isChecked("#office-no")).toBe(true);
    await page.click("fieldset:not([hidden]) [data-next]");
    await page.waitForSelector("#guide-result:not([hidden])");
    expect(await page.textContent('#action-list [data-action="find-coordinator"] .when')).toBe(
      "Next weekday",
    );
    expect(
      await page
        .locator("#guide-calls li:visible")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-call"))),
    ).toEqual(["socialjour", "police"]);
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
    await page.waitForURL(/\/sv\/sok\/#q=/);
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
    await answer("form-labour");
    await page.getByLabel("Kommun").fill("Göteborg");
    await page.click("fieldset:not([hidden]) [data-next]");
    await page.click("fieldset:not([hidden]) [data-next]");
    await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
    await page.emulateMedia({ media: "print" });
    expect(await page.isVisible("#action-list")).toBe(true);
    expect(await page.isVisible(".site-nav")).toBe(false);
    expect(await page.isVisible("#guide-print")).toBe(false);
    // The answers given, the page's address and the date printed are on the paper.
    expect(await page.locator("#answers-list dt").count()).toBe(6);
    expect(await page.textContent("#answers-list")).toContain("Göteborg");
    const stamp = (await page.textContent(".print-stamp")) ?? "";
    expect(await page.isVisible(".print-stamp")).toBe(true);
    expect(stamp).toContain(`${base}/sv/vad-gor-jag-nu/`);
    expect(stamp).toMatch(/\d{1,2} \p{L}+ 20\d\d/u);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    expect(pdfPages(pdf)).toBe(1);
  });

  it("prints a manual page without navigation or review bar, with its address", async () => {
    await page.goto(`${base}/sv/manual/akut-skydd/`);
    await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
    await page.emulateMedia({ media: "print" });
    expect(await page.isVisible("h1")).toBe(true);
    for (const hidden of [".site-nav", ".review-bar", "nav", ".site-footer", ".alertbar"])
      expect(await page.locator(hidden).first().isVisible(), hidden).toBe(false);
    expect(await page.textContent(".print-stamp")).toContain(`${base}/sv/manual/akut-skydd/`);
  });

  it("sends no request carrying the query when searching from the start page's search box", async () => {
    const requests: string[] = [];
    context.on("request", (r) => requests.push(`${r.method()} ${r.url()} ${r.postData() ?? ""}`));
    await page.goto(`${base}/sv/`);
    await page.getByRole("searchbox", { name: "Sök i manualen" }).fill("skuldfälla");
    await page.getByRole("button", { name: "Sök", exact: true }).click();
    await page.waitForURL(`${base}/sv/sok/#q=skuldf%C3%A4lla`);
    await expect.poll(() => page.textContent("#search-status"), { timeout: 10_000 }).toMatch(/träff/);
    await page.getByRole("searchbox").fill("pass");
    await expect.poll(() => page.locator("#search-results li").count()).toBeGreaterThan(0);
    // Each hit says what it is, so the aid's signs and glossary entries are told apart from pages.
    expect(await page.locator("#search-results .kind").first().textContent()).toBe(
      "Tecken i identifieringsstödet",
    );
    expect(page.url()).toBe(`${base}/sv/sok/#q=pass`);
    await page.getByRole("searchbox").fill("betänketid");
    await expect
      .poll(() => page.locator("#search-results li").filter({ hasText: "Ordlista" }).count())
      .toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    const leaked = requests.filter((r) =>
      /skuld|f%C3%A4lla|fälla|[?&]q=|betänke|bet%C3%A4nke|#q/i.test(decodeURIComponent(r)),
    );
    expect(leaked).toEqual([]);
  });
});
