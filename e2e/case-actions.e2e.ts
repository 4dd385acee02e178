import { swedishDay, swedishToday } from "@stodkedjan/domain";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoAxeViolations } from "./axe.ts";
import { launchBrowser, PHONE } from "./browser.ts";
import { newIndividualCase, signIn } from "./staff-session.ts";

const base = inject("baseUrl");
const iso = (daysAgo: number) => swedishDay(-daysAgo);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("irreversible case actions", () => {
  it("a closing with an active placement asks first and the case can be reopened", async () => {
    const context = await browser.newContext(PHONE);
    const page = await signIn(context, "koordinator.bergslagen@demo");
    const caseUrl = await newIndividualCase(page);
    await page.getByRole("link", { name: /Visa och lägg till hänvisningar/ }).click();
    await page.getByLabel("Certifierat boende").selectOption({ index: 0 });
    // The first shelter offered may not fit the person (full, or not taking the group or form): a reason is then needed.
    await page.getByLabel("Skäl om boendet inte passar").selectOption("agreed-with-nsp");
    // A move-in day is today or later (the form refuses a past one).
    await page.getByLabel("Inflyttning").fill(swedishToday());
    await page.getByRole("button", { name: "Hänvisa till NSP" }).click();
    const nsp = page.locator("section.card", { hasText: "NSP: placering" });
    await nsp.getByLabel("Ny status").selectOption("placed");
    await nsp.getByRole("button", { name: "Spara" }).click();
    await page.waitForLoadState();

    // The destructive actions are apart, at the end; closing goes to a page that says what happens.
    await page.goto(caseUrl);
    await expectNoAxeViolations(page);
    const danger = page.locator("section.danger");
    expect(await danger.locator("h2").textContent()).toBe("Åtgärder som inte går att ångra");
    await danger.getByRole("button", { name: "Avsluta ärendet …" }).click();
    await page.waitForURL(/\/close\??$/);
    await expectNoAxeViolations(page);
    expect(await page.textContent("main")).toMatch(
      /NSP-placeringen på boendet .+ avslutas \(utflyttning \d{4}-\d{2}-\d{2}\)/,
    );
    // Nothing is closed yet: cancelling leaves the case open.
    await page.getByRole("link", { name: "Avbryt" }).click();
    await page.waitForURL(caseUrl);
    expect(await page.textContent("main")).not.toContain("Ärendet är avslutat");
    await page.locator("section.danger").getByRole("button", { name: "Avsluta ärendet …" }).click();
    await page.getByLabel("Anledning").selectOption("returned-home");
    await page.getByRole("button", { name: "Ja, avsluta ärendet" }).click();
    await page.waitForURL(caseUrl);
    expect(await page.textContent("main")).toContain("Ärendet är avslutat");
    await page.goto(`${caseUrl}/referrals`);
    expect(await page.locator("section.card", { hasText: "NSP: placering" }).textContent()).toContain(
      "Utslussad",
    );

    // Reopened with a reason.
    await page.goto(caseUrl);
    await expectNoAxeViolations(page);
    await page.getByLabel(/Varför öppnas ärendet igen/).fill("Personen kom tillbaka till Örebro");
    await page.getByRole("button", { name: "Öppna igen" }).click();
    await page.waitForURL(caseUrl);
    expect(await page.textContent("main")).not.toContain("Ärendet är avslutat");
    expect(await page.textContent("main")).toContain("Personen kom tillbaka till Örebro");
    await context.close();
  });

  it("a transfer waits for acceptance", async () => {
    const senderContext = await browser.newContext(PHONE);
    const sender = await signIn(senderContext, "koordinator.bergslagen@demo");
    const caseUrl = await newIndividualCase(sender);
    const ref = ((await sender.textContent("h1")) ?? "").split(" ")[0] as string;
    await sender
      .locator("section.danger")
      .getByLabel("Mottagande region")
      .selectOption({ label: "Region Mitt" });
    await sender.getByRole("button", { name: "Lämna över ärendet …" }).click();
    await sender.waitForURL(/\/transfer\?/);
    await expectNoAxeViolations(sender);
    expect(await sender.textContent("main")).toContain("stannar ärendet hos er");
    await sender.getByRole("button", { name: /Ja, fråga/ }).click();
    await sender.waitForURL(caseUrl);
    // Still the sender's, and shown as waiting, on the case page and the list.
    expect(await sender.textContent("main")).toMatch(/Överlämning till .+ väntar på svar/);
    await expectNoAxeViolations(sender);
    await sender.goto(`${base}/staff/cases`);
    expect(await sender.locator("#transfers-h").textContent()).toBe("Överlämningar som väntar på svar");
    expect(await sender.locator("section", { hasText: "Från er region" }).textContent()).toContain(ref);

    // The sender's start page shows it waiting too.
    await sender.goto(`${base}/staff`);
    expect(await sender.locator("section", { hasText: "Från er region" }).textContent()).toContain(ref);

    const receiverContext = await browser.newContext(PHONE);
    const receiver = await signIn(receiverContext, "koordinator.mitt@demo");
    // Not yet theirs: the case itself is out of reach, the offer is on the list and the start page.
    expect((await receiver.goto(caseUrl))?.status()).toBe(404);
    await receiver.goto(`${base}/staff/cases`);
    await expectNoAxeViolations(receiver);
    await receiver.getByRole("link", { name: ref }).first().click();
    await receiver.waitForURL(/\/transfers\/[0-9a-f-]{36}$/);
    await expectNoAxeViolations(receiver);
    // The receiver answers from its start page, where the offer waits with its two answers.
    await receiver.goto(`${base}/staff`);
    await expectNoAxeViolations(receiver);
    const incoming = receiver.locator("#transfers-h + h3 + ul > li", { hasText: ref });
    expect(await incoming.textContent()).toContain("från Region Bergslagen");
    expect(await receiver.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
      true,
    );
    await incoming.getByRole("button", { name: `Ta emot ärendet ${ref}` }).click();
    await receiver.waitForURL(caseUrl);
    expect(await receiver.textContent("h1")).toContain(ref);
    // Now the sender no longer reaches it.
    expect((await sender.goto(caseUrl))?.status()).toBe(404);
    await senderContext.close();
    await receiverContext.close();
  });

  it("a consultation turned into a case keeps its notes and is counted apart", async () => {
    const context = await browser.newContext(PHONE);
    const page = await signIn(context, "koordinator.bergslagen@demo");
    await page.goto(`${base}/staff/cases`);
    const counts = async () =>
      ((await page.locator("p.meta", { hasText: "Öppna i er region" }).textContent()) ?? "")
        .match(/\d+/g)
        ?.map(Number) as [number, number];
    const [individualBefore, consultationsBefore] = await counts();
    await page.goto(`${base}/staff/cases/new?kind=consultation`);
    await page.getByLabel("Datum (i dag om tomt)").fill(iso(0));
    await page.getByLabel("Klockslag").fill("14:30");
    await page.getByLabel("Längd i minuter").fill("25");
    await page.getByLabel("Kanal").selectOption("support-line");
    await page.getByLabel("Vem frågade (organisation)").selectOption("social-services");
    await page.getByLabel("Kommun").selectOption({ label: "Örebro" });
    await page.getByLabel("Ämne").selectOption("children");
    await page.getByLabel("Sexuell exploatering").check();
    await page.getByLabel("Hänvisad vidare till").selectOption("none");
    await page.getByRole("button", { name: "Registrera konsultationen" }).click();
    await page.waitForURL(/\/staff\/cases\/[0-9a-f-]{36}$/);
    const caseUrl = page.url();
    expect(await page.textContent("main")).toMatch(new RegExp(`${iso(0)} 14:30, 25 min, tagen av`));
    await page.getByLabel(/Ny anteckning/).fill("Socialtjänsten ringer tillbaka om flickan");
    await page.getByRole("button", { name: "Spara anteckning" }).click();
    await page.waitForURL(caseUrl);
    await page.goto(`${base}/staff/cases`);
    expect(await counts()).toEqual([individualBefore, consultationsBefore + 1]);

    await page.goto(caseUrl);
    await page.getByRole("link", { name: "Gör om till enskilt ärende …" }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel("Bedömning").selectOption("child-sexual-exploitation");
    await page.getByLabel("Åldersgrupp").selectOption("child");
    await page.getByRole("button", { name: "Gör om till enskilt ärende" }).click();
    await page.waitForURL(caseUrl);
    const main = (await page.textContent("main")) ?? "";
    expect(await page.textContent("h1")).toMatch(/Enskilt/);
    expect(main).toContain("Socialtjänsten ringer tillbaka om flickan");
    expect(main).toMatch(/Från konsultation \(omgjord/);
    // A child: the page asks for the responsible social services and the guardian.
    expect(main).toContain("Personen är under 18 år");
    await expectNoAxeViolations(page);
    await page.getByLabel("Ansvarig socialtjänst (kommun)").selectOption({ label: "Örebro" });
    await page.getByLabel("God man förordnad").selectOption("yes");
    await page.getByRole("button", { name: "Spara", exact: true }).click();
    await page.waitForURL(caseUrl);
    expect(await page.textContent("main")).not.toContain("Personen är under 18 år");
    await page.goto(`${base}/staff/cases`);
    expect(await counts()).toEqual([individualBefore + 1, consultationsBefore]);
    await context.close();
  });
});
