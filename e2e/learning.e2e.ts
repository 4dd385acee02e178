/**
 * The competence platform: a learner takes the web training and prints the certificate, a
 * facilitator runs the child exercise with a group, both work offline and without JavaScript,
 * and nothing but content slugs is ever handed to the signal event.
 */
import type { Browser, BrowserContext, Locator, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoAxeViolations } from "./axe.ts";
import { hidePage, launchBrowser, PHONE } from "./browser.ts";
import { sitePages } from "./pages.ts";

const base = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** Records every stodkedjan:signal event the page dispatches. */
async function recordSignals(context: BrowserContext) {
  await context.addInitScript(() => {
    const w = window as unknown as { signals: unknown[] };
    w.signals = [];
    document.addEventListener("stodkedjan:signal", (e) => w.signals.push((e as CustomEvent).detail));
  });
}
const heading = async (scene: Locator) => ((await scene.locator("h2").textContent()) ?? "").trim();
const signals = (page: Page) => page.evaluate(() => (window as unknown as { signals: unknown[] }).signals);

/** Answers every question of the module on the page, rightly except for the ids in `wrong`. */
async function answerQuiz(page: Page, wrong: string[] = []) {
  const questions = await page.locator("fieldset.question").all();
  for (const q of questions) {
    const id = (await q.getAttribute("data-question")) as string;
    const kind = await q.getAttribute("data-kind");
    if (kind === "ordering") {
      const order = await q
        .locator("[data-answer] ol li[data-option]")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-option") as string));
      if (wrong.includes(id)) order.reverse();
      for (const [i, option] of order.entries()) await page.selectOption(`#${id}-${option}`, String(i + 1));
    } else {
      const selector = wrong.includes(id) ? "li.is-wrong" : "li.is-right";
      const right = await q
        .locator(`[data-answer] ${selector}`)
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-option") as string));
      for (const option of kind === "multiple" ? right : right.slice(0, 1))
        await page.check(`#${id}-${option}`);
    }
    await q.locator("[data-check]").click();
    await expect
      .poll(() => q.locator("[data-verdict]").textContent())
      .toBe(wrong.includes(id) ? "Inte rätt. Läs förklaringen nedan." : "Rätt svar!");
    expect(await q.locator("[data-answer]").isVisible()).toBe(true);
  }
}

describe("a learner", () => {
  it("completes the course, with its progress kept in the browser, and prints the certificate", async () => {
    const context = await browser.newContext(PHONE);
    await recordSignals(context);
    const requests: Request[] = [];
    context.on("request", (r) => requests.push(r));
    // The anonymous signals go as beacons, whose bodies Chromium shows only to a route.
    const beacons: string[] = [];
    await context.route("**/api/v1/signals", async (route) => {
      beacons.push(route.request().postData() ?? "");
      await route.continue();
    });
    const page = await context.newPage();

    await page.goto(`${base}/sv/`);
    await page.getByRole("link", { name: "Utbildning" }).click();
    expect(await page.textContent("h1")).toBe("Webbutbildning");
    const modules = await page
      .locator("ol.modules > li > a")
      .evaluateAll((els) => els.map((e) => e.getAttribute("href") as string));
    expect(modules).toHaveLength(5);
    // A new visitor's certificate page says what is missing, as CSS has painted it from the start.
    await page.goto(`${base}/sv/utbildning/intyg/`);
    expect(await page.textContent("#certificate-missing")).toBe(
      "Du har klarat 0 av 5 moduler i den här webbläsaren. Intyget kan skrivas ut när alla är klara.",
    );
    expect(await page.isVisible("#certificate-noscript")).toBe(false);

    // Module 2 has all four kinds of question; one is answered wrongly on purpose.
    await page.goto(base + modules[1]);
    expect(await page.textContent("h1")).toBe("Att upptäcka och agera");
    expect(await page.locator("fieldset[data-question=certainty] [data-answer]").isVisible()).toBe(false);
    // Checking without an answer says so next to the question and marks nothing.
    await page.locator("fieldset[data-question=signs] [data-check]").click();
    expect(await page.textContent("fieldset[data-question=signs] [data-error]")).toBe("Välj ett svar först.");
    await answerQuiz(page, ["order-of-actions"]);
    await page.waitForSelector("#quiz-result:not([hidden])");
    expect(await page.textContent("#quiz-score")).toBe("Du svarade rätt på 3 av 4 frågor.");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("quiz-result");
    await expectNoAxeViolations(page);
    expect(await signals(page)).toEqual([
      { type: "quiz-answer", module: "identification", question: "certainty", correct: true },
      { type: "quiz-answer", module: "identification", question: "signs", correct: true },
      { type: "quiz-answer", module: "identification", question: "order-of-actions", correct: false },
      { type: "quiz-answer", module: "identification", question: "interpreter", correct: true },
    ]);

    // A reload shows the module as answered; the other modules are completed too.
    await page.reload();
    expect(await page.isVisible("#quiz-result")).toBe(true);
    for (const href of modules.filter((_, i) => i !== 1)) {
      await page.goto(base + href);
      await answerQuiz(page);
      await page.waitForSelector("#quiz-result:not([hidden])");
    }
    await page.goto(`${base}/sv/utbildning/`);
    await expect.poll(() => page.locator(".status-done").count()).toBe(5);

    await page.getByRole("link", { name: "Kursintyg" }).last().click();
    await page.getByLabel("Namn på intyget (valfritt)").fill("Kim Provsson");
    await expectNoAxeViolations(page);
    await page.emulateMedia({ media: "print" });
    const certificate = page.locator("#certificate");
    expect(await certificate.isVisible()).toBe(true);
    expect(await page.isVisible("#certificate-form")).toBe(false);
    expect(await page.isVisible(".site-nav")).toBe(false);
    const text = (await certificate.textContent()) ?? "";
    expect(text).toContain("Kim Provsson");
    expect(text).toContain("Grundkurs om sexuell exploatering av barn, prostitution och människohandel");
    expect(await certificate.locator("tr td[data-score]").allTextContents()).toEqual([
      "4 av 4 rätt",
      "3 av 4 rätt",
      "4 av 4 rätt",
      "4 av 4 rätt",
      "4 av 4 rätt",
    ]);
    expect(await page.getAttribute("#certificate-date", "datetime")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await page.pdf()).length).toBeGreaterThan(1000);

    // The name never left the page and was not stored; only the results are in localStorage.
    // (The pages' beacons go as each is left, where the test cannot see them; this one, where the
    // name was typed, is sent by switching away from it.)
    await hidePage(page);
    await expect.poll(() => beacons.length).toBeGreaterThan(0);
    for (const r of requests) {
      expect(decodeURIComponent(r.url())).not.toMatch(/kim|provsson/i);
      if (new URL(r.url()).pathname !== "/api/v1/signals") expect(r.method(), r.url()).toBe("GET");
    }
    expect(beacons.length).toBeGreaterThan(0);
    for (const body of beacons) expect(body).not.toMatch(/kim|provsson/i);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(stored).not.toMatch(/kim|provsson/i);
    expect(stored).toContain("stodkedjan-training-v1");
    await context.close();
  });
});

describe("a facilitator", () => {
  it("runs the child exercise with a group to its debrief", async () => {
    const context = await browser.newContext();
    await recordSignals(context);
    const page = await context.newPage();
    await page.goto(`${base}/sv/ovningar/`);
    await page.getByRole("link", { name: "Processledarstöd" }).first().click();
    expect(page.url()).toBe(`${base}/sv/ovningar/ett-barn-i-skolan/processledare/`);
    expect(await page.isVisible("text=Förberedelser")).toBe(true);
    await page.getByRole("link", { name: "Börja övningen" }).click();

    const scene = page.locator(".scene:visible");
    expect(await scene.count()).toBe(1);
    expect(await heading(scene)).toBe("Hos skolsköterskan");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("h-school-nurse");
    expect(await scene.locator(".discussion li").count()).toBe(2);
    expect(await scene.textContent()).toContain("Föreslagen tid: 10 min");
    expect(await scene.textContent()).toContain("Till processledaren");

    // The group's choices, entered by the facilitator; the first one is a poor one.
    const decisions: [string, string][] = [
      ["school-nurse", "wait"],
      ["waited", "report-now"],
      ["social-services", "protect-now"],
      ["first-weeks", "god-man-and-care"],
      ["investigation", "representatives"],
      ["support", "careful-return"],
    ];
    for (const [node, choice] of decisions) {
      await page.click(`#n-${node} a[data-choice="${choice}"]`);
      expect(await scene.getAttribute("id")).toBe(`c-${node}-${choice}`);
      expect(await scene.locator(".feedback").isVisible()).toBe(true);
      if (node === "school-nurse") await expectNoAxeViolations(page);
      await scene.getByRole("link", { name: "Fortsätt" }).click();
    }
    expect(await scene.getAttribute("id")).toBe("n-debrief");
    const path = scene.locator("#path-list > li");
    expect(await path.count()).toBe(6);
    expect(await path.first().textContent()).toContain("Hos skolsköterskan: Väntar och ser om fler tecken");
    expect(await path.first().textContent()).toContain("Mindre bra val");
    const links = await path.locator("a").evaluateAll((els) => els.map((e) => e.getAttribute("href")));
    expect(links[0]).toBe("/sv/manual/identifiering/#barn");
    expect(links.every((l) => l?.startsWith("/sv/manual/"))).toBe(true);
    expect(await signals(page)).toEqual(
      decisions.map(([node, choice]) => ({ type: "exercise-decision", exercise: "child", node, choice })),
    );
    await expectNoAxeViolations(page);

    // Each debrief link leads to a section that exists on its manual page.
    for (const href of links.slice(0, 3)) {
      await page.goto(base + href);
      const hash = new URL(base + href).hash.slice(1);
      expect(await page.locator(`[id="${hash}"]`).count(), String(href)).toBe(1);
    }
    await context.close();
  });

  it("shows the projector view in large type, keeping the place, and prints the whole guide", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(`${base}/en/exercises/a-child-at-school/facilitator/#n-social-services`);
    await page.getByRole("link", { name: "Projector view" }).click();
    await page.waitForURL(`${base}/en/exercises/a-child-at-school/presenter/#n-social-services`);
    const scene = page.locator(".scene:visible");
    expect(await heading(scene)).toBe("Social services take over");
    expect(await scene.locator(".facilitator-notes").count()).toBe(0);
    const size = await scene
      .locator("p")
      .first()
      .evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize));
    expect(size).toBeGreaterThanOrEqual(24);
    expect(await page.isVisible(".site-nav")).toBe(false);
    await expectNoAxeViolations(page);

    await page.goto(`${base}/sv/ovningar/ett-barn-i-skolan/handledning/`);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".guide-node:visible").count()).toBe(9);
    expect(await page.locator(".guide-node .facilitator-notes:visible").count()).toBeGreaterThan(2);
    expect(await page.isVisible("#guide-print-button")).toBe(false);
    expect(await page.locator("tbody tr").count()).toBe(9);
    await context.close();
  });
});

/** Tabs until the focused element matches, failing after a bounded number of presses. */
async function tabTo(page: Page, selector: string, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`could not reach ${selector} by Tab`);
}

describe("with the keyboard alone", () => {
  it("answers a quiz question and walks an exercise", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/en/training/children-who-are-exploited/`);
    await tabTo(page, "#consent-no-consent");
    await page.keyboard.press("Space");
    await tabTo(page, "fieldset[data-question=consent] [data-check]");
    await page.keyboard.press("Enter");
    expect(await page.textContent("fieldset[data-question=consent] [data-verdict]")).toBe("Right!");

    await page.goto(`${base}/en/exercises/a-woman-at-the-clinic/`);
    await tabTo(page, 'a[href="#n-clinic"]');
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("h-clinic");
    await tabTo(page, 'a[data-choice="talk-alone"]', 5);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("h-clinic-talk-alone");
    await tabTo(page, '.scene:target a[href="#n-disclosure"]', 5);
    await page.keyboard.press("Enter");
    expect(await heading(page.locator(".scene:visible"))).toBe("Elena tells her story");
    await context.close();
  });
});

describe("offline and without JavaScript", () => {
  it("runs a module and an exercise offline after one visit", async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${base}/en/`);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await context.setOffline(true);

    await page.goto(`${base}/en/training/the-concepts/`);
    expect(await page.textContent("h1")).toBe("The concepts");
    await page.check("#trafficking-definition-recruit-to-exploit");
    await page.locator("fieldset[data-question=trafficking-definition] [data-check]").click();
    expect(await page.textContent("fieldset[data-question=trafficking-definition] [data-verdict]")).toBe(
      "Right!",
    );

    await page.goto(`${base}/en/exercises/workers-on-a-building-site/`);
    await page.getByRole("link", { name: "Start the exercise" }).click();
    await page.click('#n-inspection a[data-choice="police-and-coordinator"]');
    await page.locator(".scene:visible").getByRole("link", { name: "Continue" }).click();
    expect(await heading(page.locator(".scene:visible"))).toBe("After the operation");
    await context.close();
  });

  it("reads the lessons, questions and answers, and walks an exercise, without JavaScript", async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/sv/utbildning/intyg/`);
    expect(await page.isVisible("#certificate-noscript")).toBe(true);
    expect(await page.isVisible("#certificate-missing")).toBe(false);
    await page.goto(`${base}/sv/utbildning/barn-som-utsatts/`);
    expect(await page.isVisible("#quiz-noscript")).toBe(true);
    expect(await page.locator("fieldset.question").count()).toBe(4);
    expect(await page.isVisible("[data-check]")).toBe(false);
    await page.locator("fieldset[data-question=consent] summary").click();
    expect(await page.textContent("fieldset[data-question=consent] [data-answer]")).toContain(
      "Rätt: Nej. Barnet behöver inte samtycka.",
    );

    await page.goto(`${base}/sv/ovningar/en-kvinna-pa-mottagningen/`);
    const scene = page.locator(".scene:visible");
    expect(await scene.getAttribute("id")).toBe("intro");
    await page.getByRole("link", { name: "Börja övningen" }).click();
    await page.click('#n-clinic a[data-choice="talk-alone"]');
    expect(await scene.textContent()).toContain("Bra val");
    await scene.getByRole("link", { name: "Fortsätt" }).click();
    expect(await heading(scene)).toBe("Elena berättar");
    await page.goto(`${base}/sv/ovningar/en-kvinna-pa-mottagningen/#n-debrief`);
    expect(await scene.locator(".all-decisions li").count()).toBeGreaterThan(10);
    await context.close();
  });
});

describe("on a 320 px wide screen", () => {
  const pages = sitePages().filter((p) => /\/(utbildning|training|ovningar|exercises)\//.test(p));

  it("has new pages to check", () => {
    expect(pages.length).toBeGreaterThanOrEqual(2 * (2 + 5 + 1 + 3 * 4));
  });

  it.concurrent.each([...pages, "/sv/ovningar/ett-barn-i-skolan/presentera/#n-support"])(
    "%s does not scroll sideways",
    async (path) => {
      const context = await browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true });
      const page = await context.newPage();
      await page.goto(base + path);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      await context.close();
    },
  );
});
