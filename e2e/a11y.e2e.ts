import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
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
  it.concurrent.each(["/", ...sitePages(), "/no-such-page/"])("on %s", async (path) => {
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

describe("a 320 px phone", () => {
  it.concurrent.each(["/", ...sitePages()])(
    "does not scroll sideways on %s, and the search box's placeholder fits",
    async (path) => {
      const context = await browser.newContext({ ...PHONE, viewport: { width: 320, height: 640 } });
      const page = await context.newPage();
      await page.goto(base + path);
      // Every block laid out (below-the-fold ones are skipped until scrolled near otherwise).
      await page.addStyleTag({ content: "* { content-visibility: visible !important; }" });
      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll("body *")]
          .filter((e) => e.getBoundingClientRect().right > width + 0.5 && e.checkVisibility())
          .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""} ${e.textContent?.slice(0, 30)}`);
        return { scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5) };
      });
      expect(overflow.wide, path).toEqual([]);
      expect(overflow.scroll, path).toBeLessThanOrEqual(overflow.width);
      const placeholders = await page.locator("input[type=search]").evaluateAll((inputs) =>
        (inputs as HTMLInputElement[]).map((input) => {
          const style = getComputedStyle(input);
          const ctx = document.createElement("canvas").getContext("2d") as CanvasRenderingContext2D;
          ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const room =
            input.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
          return { text: input.placeholder, needs: ctx.measureText(input.placeholder).width, room };
        }),
      );
      for (const p of placeholders) expect(p.needs, `${path}: "${p.text}"`).toBeLessThanOrEqual(p.room);
      await context.close();
    },
  );
});
