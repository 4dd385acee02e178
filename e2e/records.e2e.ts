/**
 * The records the work needs: a coordinator typing a person who is already registered sees the
 * possible duplicate before anything is saved, links the new case to that person, and the case
 * page shows the person's other case; the two cases are then grouped as one investigation.
 * Axe on every page.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoAxeViolations } from "./axe.ts";
import { launchBrowser } from "./browser.ts";
import { signIn } from "./staff-session.ts";

const base = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** Fills the new individual case form for an adult woman in Örebro (Bergslagen). */
async function fillNewCase(page: Page, name: string, contact: string) {
  await page.goto(`${base}/staff/cases/new?kind=individual`);
  await page.getByLabel("Kommun").selectOption({ label: "Örebro" });
  await page.getByLabel("Arbetskraftsexploatering").check();
  await page.getByLabel("Åldersgrupp").selectOption("adult");
  await page.getByLabel("Födelseår (om känt)").fill("1994");
  await page.getByLabel("Kön").selectOption("woman");
  await page.getByLabel(/Medborgarskap/).fill("RO");
  await page.getByLabel("Namn (krypteras)").fill(name);
  await page.getByLabel("Kontaktuppgifter (krypteras)").fill(contact);
}

describe("possible duplicates", () => {
  it("a coordinator typing a person who already exists sees the possible duplicate and links the case", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, "koordinator.bergslagen@demo");

    await fillNewCase(page, "Anna Maria Svensson", "Via socialtjänsten");
    await page.getByRole("button", { name: "Öppna ärendet" }).click();
    await page.waitForURL(/\/staff\/cases\/[0-9a-f-]{36}$/);
    const firstRef = ((await page.textContent("h1")) ?? "").split(" ")[0] as string;
    expect(firstRef).toMatch(/^ÄR-\d{4}-\d{6}$/);

    // The same woman, her name typed the other way round: the form asks before saving anything.
    await fillNewCase(page, "Svensson Anna-Maria", "Hotell Centrum, rum 12");
    await page.getByRole("button", { name: "Öppna ärendet" }).click();
    await page.waitForLoadState();
    expect(page.url()).toBe(`${base}/staff/cases/individual`);
    const duplicates = page.getByRole("group", { name: "Finns personen redan?" });
    expect(await duplicates.textContent()).toContain(firstRef);
    expect(await duplicates.textContent()).toContain("Anna Maria Svensson");
    // Everything typed is still there.
    expect(await page.getByLabel("Kontaktuppgifter (krypteras)").inputValue()).toBe("Hotell Centrum, rum 12");
    expect(await page.getByLabel("Namn (krypteras)").inputValue()).toBe("Svensson Anna-Maria");
    await expectNoAxeViolations(page);

    await duplicates.getByLabel(/Samma person som/).check();
    await page.getByRole("button", { name: "Öppna ärendet" }).click();
    await page.waitForURL(/\/staff\/cases\/[0-9a-f-]{36}$/);
    const secondRef = ((await page.textContent("h1")) ?? "").split(" ")[0] as string;
    expect(secondRef).not.toBe(firstRef);
    const person = page.locator("section", { has: page.locator("h2#person") });
    expect(await person.textContent()).toContain("Personens andra ärenden");
    expect(await person.getByRole("link", { name: firstRef }).count()).toBe(1);
    await expectNoAxeViolations(page);

    // The two cases are one investigation: a group on this case page, then the other case joins it.
    await page.getByLabel(/Ny grupp/).fill("FU 5000-K1234-26 bärplockning");
    await page.getByRole("button", { name: "Skapa gruppen med detta ärende" }).click();
    await page.waitForURL(/#groups-h$/);
    await person.getByRole("link", { name: firstRef }).click();
    await page.waitForURL(/\/staff\/cases\/[0-9a-f-]{36}$/);
    await page
      .getByLabel("Lägg till i en befintlig grupp")
      .selectOption({ label: "FU 5000-K1234-26 bärplockning" });
    const groups = page.locator("section", { has: page.locator("h2#groups-h") });
    await groups.getByRole("button", { name: "Lägg till", exact: true }).click();
    await page.waitForURL(/#groups-h$/);
    expect(await groups.textContent()).toContain("FU 5000-K1234-26 bärplockning");
    expect(await groups.getByRole("link", { name: secondRef }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await context.close();
  });
});
