/**
 * The staff side in each user's language, and the admin's account management: IOM's English
 * pages, a coordinator switching language on their own page, an account deactivated (its session
 * ends at once), reactivated and its TOTP reset (the holder enrols again through a link and their
 * own password); and at 360 px the header on one line with the menu folded into a disclosure.
 */
import { totpCode } from "@stodkedjan/server/totp";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoAxeViolations } from "./axe.ts";
import { launchBrowser, PHONE } from "./browser.ts";
import { signIn } from "./staff-session.ts";

const base = inject("baseUrl");
const NARROW = { ...PHONE, viewport: { width: 360, height: 740 } };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** Enrols an authenticator on the enrolment page and returns its secret. */
async function enrolTotp(page: Page) {
  await page.waitForURL(/\/staff\/enrol$/);
  await expectNoAxeViolations(page);
  const secret = (await page.locator("[data-secret]").textContent()) ?? "";
  await page.getByLabel(/Kod från appen|Code from the app/).fill(totpCode(secret, Date.now()));
  await page.getByRole("button", { name: /^(Aktivera|Set up)$/ }).click();
  await page.waitForLoadState();
  expect(await page.textContent("h1")).toMatch(/Dina reservkoder|Your recovery codes/);
  return secret;
}

async function expectNoSidewaysScroll(page: Page) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll, page.url()).toBeLessThanOrEqual(client);
}

/** Brand, who is signed in and sign-out on one line, and the menu one line under it. */
async function expectOneLineHeader(page: Page) {
  const bar = await page.locator("header.bar").boundingBox();
  const brand = await page.locator("header.bar .brand").boundingBox();
  const signOut = await page.locator("header.bar button").boundingBox();
  expect(bar?.height, page.url()).toBeLessThan(60);
  expect(Math.abs((brand?.y ?? 0) - (signOut?.y ?? 100)), page.url()).toBeLessThan(12);
  const menu = await page.locator("nav.menu").boundingBox();
  expect(menu?.height, page.url()).toBeLessThan(48);
}

describe("language and accounts", () => {
  it("an English-speaking IOM caseworker sees the staff pages in English", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, "iom@demo");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.textContent("h1")).toBe("Overview");
    expect(await page.textContent("main")).toContain("Applications to the voluntary return programme");
    expect(await page.textContent("header.bar")).toContain("IOM");
    expect(await page.textContent("nav.menu")).toContain("ÅMP (voluntary return)");
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: /Demo IOM/ }).click();
    await page.waitForURL(/\/staff\/me$/);
    expect(await page.textContent("h1")).toBe("Your account");
    expect(await page.getByLabel("English").isChecked()).toBe(true);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("a coordinator switches to English on their own page, sees a list in English, and back", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, "koordinator.nord@demo");
    await page.goto(`${base}/staff/me`);
    await page.getByLabel("English").check();
    await page.getByRole("button", { name: "Spara språket" }).click();
    await page.waitForURL(/\/staff\/me\?saved/);
    expect(await page.textContent("[role=status]")).toBe("The language has been saved.");
    await page.goto(`${base}/staff/tasks`);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.textContent("h1")).toBe("My tasks");
    expect(await page.textContent("main")).toMatch(/Every open task assigned to you/);
    await expectNoAxeViolations(page);
    await page.goto(`${base}/staff`);
    expect(await page.textContent("main")).toMatch(
      /My tasks this week[\s\S]*Deadlines this week[\s\S]*Answers to referrals/,
    );
    expect(await page.textContent("header.bar")).toContain("Regional coordinator · Region North");
    await expectNoAxeViolations(page);
    await page.goto(`${base}/staff/me`);
    await page.getByLabel("Svenska").check();
    await page.getByRole("button", { name: "Save the language" }).click();
    await page.waitForURL(/\/staff\/me\?saved/);
    expect(await page.getAttribute("html", "lang")).toBe("sv");
    await context.close();
  });

  it("an English coordinator's case pages have no Swedish UI text", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, "koordinator.vast@demo");
    await page.goto(`${base}/staff/me`);
    await page.getByLabel("English").check();
    await page.getByRole("button", { name: "Spara språket" }).click();
    await page.waitForURL(/\/staff\/me\?saved/);
    // A child's case, opened through the English form.
    await page.goto(`${base}/staff/cases/new?kind=individual`);
    await page.getByLabel("Referring organisation").selectOption("police");
    await page.getByLabel("Municipality").selectOption("1480");
    await page.getByLabel("Labour exploitation").check();
    await page.getByLabel("Assessment").selectOption("trafficking");
    await page.getByLabel("Age group").selectOption("child");
    await page.getByRole("button", { name: "Open the case" }).click();
    await page.waitForURL(/\/staff\/cases\/[0-9a-f-]{36}$/);
    const caseUrl = page.url();
    await page.getByLabel("New note (encrypted)").fill("Met at the school.");
    await page.getByRole("button", { name: "Save note" }).click();
    await page.waitForURL(caseUrl);
    for (const url of [caseUrl, `${caseUrl}/referrals`, `${caseUrl}/history`, `${caseUrl}/close`]) {
      await page.goto(url);
      expect(await page.getAttribute("html", "lang")).toBe("en");
      // What the page says, text by text, without the lists of place names to choose from.
      const text = await page.evaluate(() => {
        const main = document.querySelector("main") as HTMLElement;
        const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
        const texts: string[] = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode())
          if (!n.parentElement?.closest("select")) texts.push((n.textContent ?? "").trim());
        return texts.filter(Boolean);
      });
      const swedish = text
        .map((line) =>
          line
            .replace(/ÄR-\d{4}-\d+/g, "")
            .replace(/Demo-koordinator (Region )?\S+/g, "")
            .replace(/\([^()]*\)/g, "")
            .replace(/Göteborg|ÅMP|NSP|betänketid|bevisperson|god man|Migrationsverket/g, ""),
        )
        .filter((line) =>
          /[åäöÅÄÖ]|\b(och|att|för|inte|är|som|med|på|från|eller|sidan|spara|visa)\b/i.test(line),
        );
      expect(swedish, url).toEqual([]);
      await expectNoAxeViolations(page);
    }
    await page.goto(caseUrl);
    expect(await page.textContent("section.danger h2")).toBe("Actions that cannot be undone");
    await page.goto(`${base}/staff/me`);
    await page.getByLabel("Svenska").check();
    await page.getByRole("button", { name: "Save the language" }).click();
    await page.waitForURL(/\/staff\/me\?saved/);
    await context.close();
  });

  it("an admin deactivates and reactivates an account and resets its TOTP; the holder enrols again", async () => {
    const username = `ny.redaktor.${Date.now()}@demo`;
    const password = "en mening som bara jag kan";
    const adminContext = await browser.newContext();
    const admin = await signIn(adminContext, "admin@demo");
    await admin.goto(`${base}/staff/admin/users`);
    await admin.getByLabel("Användarnamn (e-postadress)").fill(username);
    await admin.getByLabel("Namn", { exact: true }).fill("Ny Redaktör");
    await admin.getByLabel("Roll").selectOption("editor");
    await admin.getByLabel("Varför kontot behövs").fill("Ny redaktör för handboken från januari");
    await admin.getByRole("button", { name: "Skapa eller begär konto" }).click();
    const link = (await admin.locator("[data-enrolment-link]").textContent()) ?? "";
    expect(link).toContain("/staff/activate/");

    // The holder activates the account and enrols an authenticator.
    const holderContext = await browser.newContext();
    const holder = await holderContext.newPage();
    await holder.goto(link);
    await holder.getByLabel("Lösenord", { exact: true }).fill(password);
    await holder.getByLabel("Samma lösenord igen").fill(password);
    await holder.getByRole("button", { name: "Spara lösenordet och fortsätt" }).click();
    await enrolTotp(holder);
    await holder.goto(`${base}/staff`);
    expect(await holder.textContent("h1")).toBe("Översikt");

    // Deactivated: the holder's open session ends at once.
    await admin.goto(`${base}/staff/admin/users`);
    await admin.getByRole("link", { name: `Hantera ${username}` }).click();
    await admin.waitForURL(/\/staff\/admin\/users\/[0-9a-f-]{36}$/);
    await expectNoAxeViolations(admin);
    await admin.getByRole("button", { name: "Stäng av kontot" }).click();
    expect(await admin.textContent("[role=status]")).toContain("Kontot är avstängt");
    await expectNoAxeViolations(admin);
    await holder.goto(`${base}/staff`);
    await holder.waitForURL(/\/staff\/login/);

    // Reactivated, then the second factor reset: a new link, shown once to the admin.
    await admin.getByRole("button", { name: "Aktivera kontot igen" }).click();
    expect(await admin.textContent("[role=status]")).toContain("Kontot är aktiverat igen");
    await admin.getByRole("button", { name: "Återställ tvåstegsinloggningen" }).click();
    const resetLink = (await admin.locator("[data-enrolment-link]").textContent()) ?? "";
    expect(resetLink).toContain("/staff/activate/");
    await expectNoAxeViolations(admin);

    // The password alone no longer signs in; the link and the password enrol a new app.
    await holder.getByLabel("Användarnamn").fill(username);
    await holder.getByLabel("Lösenord").fill(password);
    await holder.getByRole("button", { name: "Logga in" }).click();
    expect(await holder.textContent("[role=alert]")).toContain("engångslänken");
    await holder.goto(resetLink);
    expect(await holder.textContent("h1")).toBe("Ny autentiseringsapp");
    await expectNoAxeViolations(holder);
    await holder.getByLabel("Ditt nuvarande lösenord").fill(password);
    await holder.getByRole("button", { name: "Fortsätt" }).click();
    await enrolTotp(holder);
    await adminContext.close();
    await holderContext.close();
  });

  it("at 360 px the header takes one line, the menu folds into a disclosure, nothing scrolls sideways", async () => {
    const context = await browser.newContext(NARROW);
    const page = await signIn(context, "admin@demo");
    for (const path of [
      "/staff",
      "/staff/admin/users",
      "/staff/admin/tokens",
      "/staff/admin/audit",
      "/staff/me",
    ]) {
      await page.goto(`${base}${path}`);
      await expectOneLineHeader(page);
      await expectNoSidewaysScroll(page);
      await expectNoAxeViolations(page);
    }
    // The menu opens without JavaScript's help (a <details> disclosure) and leads on.
    expect(await page.getByRole("link", { name: "API-nycklar" }).isVisible()).toBe(false);
    await page.locator("nav.menu summary").click();
    await page.getByRole("link", { name: "API-nycklar" }).click();
    await page.waitForURL(/\/staff\/admin\/tokens$/);
    await context.close();
    // On a wide screen the menu is a row of links, no disclosure to open.
    const wide = await browser.newContext();
    const p = await signIn(wide, "nationell@demo");
    expect(await p.locator("nav.menu summary").isVisible()).toBe(false);
    expect(await p.getByRole("link", { name: "Godkännanden" }).isVisible()).toBe(true);
    await wide.close();
  });
});
