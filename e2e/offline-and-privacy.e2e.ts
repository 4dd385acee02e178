/**
 * Nothing the professional ticks or types leaves the browser; the site works offline after
 * one visit and degrades to useful static content without JavaScript.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SITE_DIR, startServer } from "@stodkedjan/server";
import type { Browser, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hidePage, launchBrowser, PHONE } from "./browser.ts";

const base = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("privacy", () => {
  it("sends nothing from the guide or the identification aid", async () => {
    const context = await browser.newContext(PHONE);
    // The beacons' bodies: Chromium reports a beacon's body only to an intercepting route.
    const beacons: unknown[] = [];
    await context.route("**/api/v1/signals", async (route) => {
      beacons.push(JSON.parse(route.request().postData() ?? ""));
      await route.continue();
    });
    const page = await context.newPage();
    const requests: Request[] = [];
    context.on("request", (r) => requests.push(r));

    await page.goto(`${base}/sv/vad-gor-jag-nu/`);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForLoadState("networkidle");
    const loading = requests.length;

    for (const id of ["danger-no", "urgent-yes", "child-unsure", "form-begging"]) {
      await page.check(`#${id}`);
      await page.click("fieldset:not([hidden]) [data-next]");
    }
    await page.getByLabel("Kommun").fill("Hemlig-ort-Sundsvall");
    await page.getByLabel("Kommun").fill("Sundsvall");
    await page.keyboard.press("Enter");
    await page.click("fieldset:not([hidden]) [data-next]");
    await page.click("fieldset:not([hidden]) [data-next]");
    await page.waitForSelector("#guide-result:not([hidden])");

    const urls = () => requests.map((r) => r.url());
    // Answering the guide made no request at all.
    expect(urls().slice(loading)).toEqual([]);
    // Switching away from the page sends its beacon.
    await hidePage(page);
    await expect.poll(() => beacons.length).toBe(1);

    await page.goto(`${base}/sv/identifieringsstod/`);
    await page.waitForLoadState("networkidle");
    const aidLoaded = requests.length;
    await page.check("#form-crime");
    for (const box of (await page.locator("input[name=sign]:visible").all()).slice(0, 5)) await box.check();
    expect(await page.textContent("#aid-count")).toBe("Du har markerat 5 tecken.");
    await page.click("#aid-print").catch(() => {}); // print dialogs are headless no-ops
    expect(urls().slice(aidLoaded)).toEqual([]);
    await hidePage(page);
    await expect.poll(() => beacons.length).toBe(2);

    // The only POSTs were the two pages' anonymous view counts (ADR 0014), one beacon each as the
    // page was hidden, carrying its path and nothing else.
    const signals = requests.filter((r) => new URL(r.url()).pathname === "/api/v1/signals");
    expect(signals.map((r) => r.method())).toEqual(["POST", "POST"]);
    expect(beacons).toEqual([
      { events: [{ type: "view", page: "/sv/vad-gor-jag-nu/" }] },
      { events: [{ type: "view", page: "/sv/identifieringsstod/" }] },
    ]);
    // Every other request of the whole visit was a same-origin GET of a static file, carrying nothing typed.
    for (const r of requests.filter((r) => !signals.includes(r))) {
      const url = new URL(r.url());
      expect(url.origin, r.url()).toBe(base);
      expect(r.method(), r.url()).toBe("GET");
      expect(url.search, r.url()).toBe("");
      expect(r.postData()).toBeNull();
      expect(decodeURIComponent(r.url())).not.toMatch(/sundsvall|hemlig/i);
    }
    // Nothing was stored beyond the tab.
    const stored = await page.evaluate(() => ({
      local: localStorage.length,
      session: sessionStorage.length,
      cookies: document.cookie,
    }));
    expect(stored).toEqual({ local: 0, session: 0, cookies: "" });
    await context.close();
  });
});

describe("offline", () => {
  it("reads a step, the guide, the directory and search offline after one visit", async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${base}/sv/`);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await context.setOffline(true);

    await page.goto(`${base}/sv/manual/akut-skydd/`);
    expect(await page.textContent("h1")).toBe("Akut skydd");
    await page.goto(`${base}/en/manual/safe-return/`);
    expect(await page.textContent("h1")).toBe("A safe return");

    await page.goto(`${base}/sv/hitta-regionkoordinator/`);
    await page.getByLabel("Skriv din kommun").fill("malmo");
    await expect.poll(() => page.textContent("#lookup-status")).toContain("Region Syd");

    await page.goto(`${base}/sv/vad-gor-jag-nu/`);
    await page.check("#danger-yes");
    await page.click("fieldset:not([hidden]) [data-next]");
    expect(await page.isVisible("fieldset[data-q=child]")).toBe(true);

    await page.goto(`${base}/sv/sok/?q=barnets`);
    await expect.poll(() => page.locator("#search-results li").count()).toBeGreaterThan(3);
    await context.close();
  });

  it("picks up an update on the next visit", async () => {
    // A copy of the site that we can "deploy" a new version to.
    const dir = mkdtempSync(join(tmpdir(), "site-"));
    cpSync(SITE_DIR, dir, { recursive: true });
    const server = await startServer({ PORT: 0, HOST: "127.0.0.1", DATABASE_URL: "memory://" }, dir);
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}/sv/manual/barn/`);
      await page.evaluate(() => navigator.serviceWorker.ready);

      const file = join(dir, "sv/manual/barn/index.html");
      writeFileSync(file, readFileSync(file, "utf8").replace("<h1>Barn</h1>", "<h1>Barn (uppdaterad)</h1>"));
      rmSync(`${file}.br`);
      rmSync(`${file}.gz`);
      const sw = join(dir, "sw.js");
      writeFileSync(
        sw,
        readFileSync(sw, "utf8").replace(/const VERSION = "[^"]+"/, 'const VERSION = "next"'),
      );
      rmSync(`${sw}.br`);
      rmSync(`${sw}.gz`);

      await page.goto(`${server.url}/sv/manual/barn/`);
      expect(await page.textContent("h1")).toBe("Barn (uppdaterad)");
      // The new service worker takes over, and the updated page is what is read offline.
      await expect
        .poll(() => page.evaluate(() => caches.keys()), { timeout: 10_000 })
        .toEqual(["stodkedjan-next"]);
      await context.setOffline(true);
      await page.goto(`${server.url}/sv/manual/barn/`);
      expect(await page.textContent("h1")).toBe("Barn (uppdaterad)");
      await context.close();
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("without JavaScript", () => {
  it("shows the static steps, contacts, coordinators and a list of all pages", async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/sv/vad-gor-jag-nu/`);
    expect(await page.isVisible("#guide-static")).toBe(true);
    expect(await page.isVisible("#guide")).toBe(false);
    expect(await page.textContent("#guide-static")).toContain("Ring 112");
    expect(await page.locator('a[href="tel:11414"]').count()).toBeGreaterThan(0);
    // The six steps of the process, each with what to do and a link to its page.
    const steps = page.locator("#guide-static .guide-steps > li");
    expect(await steps.count()).toBe(6);
    for (const step of await steps.all()) {
      expect(((await step.textContent()) ?? "").length).toBeGreaterThan(80);
      expect(await step.locator('a[href^="/sv/manual/"]').count()).toBe(1);
    }
    expect(await page.textContent("#guide-static")).toContain("Akut skydd");

    await page.goto(`${base}/sv/hitta-regionkoordinator/`);
    expect(await page.isVisible("#lookup")).toBe(false);
    expect(await page.locator("section.region").count()).toBe(7);
    expect(await page.locator("section.region .coordinator").count()).toBe(14);

    await page.goto(`${base}/sv/identifieringsstod/`);
    expect(await page.isVisible("#aid-noscript")).toBe(true);
    expect(await page.isVisible("#aid-filter")).toBe(false);
    expect(await page.locator("#aid-level [data-min]:visible").count()).toBeGreaterThan(1);
    expect(await page.locator("input[name=sign]").count()).toBeGreaterThan(50);

    await page.goto(`${base}/en/search/`);
    expect(await page.isVisible("#search-noscript")).toBe(true);
    expect(await page.locator("section a").count()).toBeGreaterThan(15);
    await context.close();
  });
});
