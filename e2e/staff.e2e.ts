import { swedishDay, swedishToday } from "@stodkedjan/domain";
/**
 * The coordinator's day: sign in with TOTP, register a consultation from a phone call, open a
 * case for a child, refer to an NSP shelter and watch the 90-day clock, prepare and submit an
 * ÅMP application and record a follow-up on it, apply for betänketid, see it all on the
 * deadlines view and in the access log; and another region's coordinator cannot see the case,
 * in the page or the API.
 */
import { totpCode } from "@stodkedjan/server/totp";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoAxeViolations } from "./axe.ts";
import { launchBrowser, PHONE } from "./browser.ts";
import { signIn } from "./staff-session.ts";

const base = inject("baseUrl");
const iso = (daysAgo: number) => swedishDay(-daysAgo);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("case coordination", () => {
  let caseUrl = "";

  it("a coordinator works a child's case from first call to deadlines and audit", async () => {
    const context = await browser.newContext(PHONE);
    const page = await signIn(context, "koordinator.bergslagen@demo");
    await expectNoAxeViolations(page);

    // A phone call: a consultation, no person registered.
    await page.goto(`${base}/staff/cases/new?kind=consultation`);
    await expectNoAxeViolations(page);
    await page.getByLabel("Kanal").selectOption("support-line");
    await page.getByLabel("Vem frågade (organisation)").selectOption("school");
    await page.getByLabel("Kommun").selectOption({ label: "Örebro" });
    await page.getByLabel("Ämne").selectOption("children");
    await page.getByLabel("Sexuell exploatering").check();
    await page.getByLabel("Hänvisad vidare till").selectOption("social-services");
    await page.getByLabel(/Råd som gavs/).fill("Gör en orosanmälan i dag och kontakta regionkoordinatorn.");
    await page.getByRole("button", { name: "Registrera konsultationen" }).click();
    await page.waitForURL(/\/staff\/cases\/[0-9a-f-]{36}$/);
    expect(await page.textContent("h1")).toMatch(/ÄR-\d{4}-\d{6} – Konsultation/);
    expect(await page.textContent("main")).toContain("Gör en orosanmälan i dag");

    // An individual case for a child.
    await page.goto(`${base}/staff/cases/new?kind=individual`);
    await expectNoAxeViolations(page);
    await page.getByLabel("Hänvisande organisation").selectOption("social-services");
    await page.getByLabel("Kommun").selectOption({ label: "Örebro" });
    await page.getByLabel("Sexuell exploatering").check();
    await page.getByLabel("Bedömning").selectOption("child-sexual-exploitation");
    await page.getByLabel("Åldersgrupp").selectOption("child");
    await page.getByLabel("Födelseår").fill(String(new Date().getUTCFullYear() - 15));
    await page.getByLabel("Namn (krypteras)").fill("Testbarn Fiktivsson");
    await page.getByRole("button", { name: "Öppna ärendet" }).click();
    await page.waitForURL(/\/staff\/cases\/[0-9a-f-]{36}$/);
    caseUrl = page.url();
    expect(await page.textContent("main")).toContain("Testbarn Fiktivsson");
    expect(await page.textContent("main")).toMatch(/Person P-\d{6}/);
    await expectNoAxeViolations(page);

    // An attachment, stored encrypted, comes back intact.
    await page.setInputFiles("#file", {
      name: "orosanmalan.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("Orosanmälan (fiktiv)"),
    });
    await page.getByRole("button", { name: "Ladda upp" }).click();
    await page.waitForURL(caseUrl);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "orosanmalan.txt" }).click();
    expect((await download).suggestedFilename()).toBe("orosanmalan.txt");

    // A task with a due date and its owner (the coordinator by default).
    await page.getByLabel("Ny uppgift").fill("Boka tolk till samtalet");
    await page.getByLabel("Senast").fill(iso(3));
    expect(
      await page.getByLabel("Ansvarig", { exact: true }).locator("option:checked").textContent(),
    ).toContain("Bergslagen");
    await page.getByRole("button", { name: "Lägg till" }).click();
    await page.waitForURL(caseUrl);
    expect(await page.textContent("main")).toMatch(
      /Boka tolk till samtalet – senast [\d-]+ \(ansvarig: [^)]+\)/,
    );

    // NSP placement: the 90-day clock.
    await page.getByRole("link", { name: /Visa och lägg till hänvisningar/ }).click();
    await page.getByLabel("Certifierat boende").selectOption({ index: 0 });
    // The first shelter offered may not fit the person (full, or not taking the group or form): a reason is then needed.
    await page.getByLabel("Skäl om boendet inte passar").selectOption("agreed-with-nsp");
    // A new referral's move-in day is today or later; the placement is then recorded as begun 9 days ago.
    await page.getByLabel("Inflyttning").fill(swedishToday());
    await page.getByRole("button", { name: "Hänvisa till NSP" }).click();
    const nsp = page.locator("section.card", { hasText: "NSP: placering" });
    await nsp.getByLabel("Ny status").selectOption("placed");
    await nsp.getByLabel("Inflyttning (dag 1)").fill(iso(9));
    await nsp.getByRole("button", { name: "Spara" }).click();
    await expect
      .poll(() =>
        page.locator("section.card", { hasText: "NSP: placering" }).locator("[data-clock]").textContent(),
      )
      .toBe("Dag 10 av 90 med schablonersättning");

    // ÅMP application prepared, then submitted to IOM.
    await page.getByRole("button", { name: "Förbered ÅMP-ansökan" }).click();
    const amp = page.locator("section.card", { hasText: "ÅMP" });
    expect(await amp.textContent()).toContain("Förberedd");
    expect(await amp.textContent()).toContain("Uppföljning kan registreras när ansökan har skickats in");
    await amp.getByLabel("Ny status").selectOption("submitted");
    await amp.getByLabel("Inskickad till IOM").fill(iso(20));
    await amp.getByRole("button", { name: "Spara", exact: true }).click();

    // A follow-up entry: a reintegration check is refused before the return has reached it, with
    // the error at its field and what was typed kept; as a contact with IOM it is saved and listed.
    await amp.getByLabel("Typ av uppföljning").selectOption("reintegration-check");
    await amp
      .getByLabel("Vad hände?")
      .fill("Ringde IOM i Helsingfors om beslutet; de återkommer inom en vecka.");
    await amp.getByRole("button", { name: "Spara uppföljning" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Uppföljningen sparades inte");
    const kind = amp.getByLabel("Typ av uppföljning");
    expect(await kind.getAttribute("aria-invalid")).toBe("true");
    expect(
      await page.locator(`[id="${await kind.getAttribute("aria-describedby")}"]`).textContent(),
    ).toContain("fasen efter hemkomst");
    expect(await amp.getByLabel("Vad hände?").inputValue()).toContain("Ringde IOM i Helsingfors");
    await expectNoAxeViolations(page);
    await kind.selectOption("iom-contact");
    await amp.getByRole("button", { name: "Spara uppföljning" }).click();
    await page.waitForURL(/\/referrals#uppfoljning-/);
    const entries = page.locator("section.card", { hasText: "ÅMP" }).locator(".entries li");
    await expect.poll(() => entries.count()).toBe(1);
    const entry = (await entries.first().textContent()) ?? "";
    expect(entry).toContain("Kontakt med IOM");
    expect(entry).toContain("Ringde IOM i Helsingfors om beslutet");
    expect(entry).toMatch(/\d{4}-\d{2}-\d{2}/);
    await expectNoAxeViolations(page);

    // Betänketid: draft → submitted → granted, 30 days from the permit start.
    await page.getByLabel("Sökande").selectOption("social-welfare-board");
    await page.getByRole("button", { name: "Påbörja ansökan om betänketid" }).click();
    let reflection = page.locator("section.card", { hasText: "Betänketid" });
    await reflection.getByLabel("Ny status").selectOption("submitted");
    await reflection.getByLabel("Inskickad till Migrationsverket").fill(iso(5));
    await reflection.getByRole("button", { name: "Spara" }).click();
    reflection = page.locator("section.card", { hasText: "Betänketid" });
    await reflection.getByLabel("Ny status").selectOption("granted");
    await reflection.getByLabel("Beslut").fill(iso(2));
    await reflection.getByLabel("Tillståndet börjar").fill(iso(1));
    await reflection.getByRole("button", { name: "Spara" }).click();
    await expect
      .poll(() =>
        page.locator("section.card", { hasText: "Betänketid" }).locator("[data-clock]").textContent(),
      )
      .toContain(`Betänketiden ${iso(1)}`);
    await expectNoAxeViolations(page);

    // The deadlines view shows this case's clocks.
    await page.goto(`${base}/staff/deadlines`);
    await expectNoAxeViolations(page);
    const ref = (await page.goto(caseUrl).then(() => page.textContent("h1")))?.split(" – ")[0] ?? "";
    await page.goto(`${base}/staff/deadlines`);
    const rows = page.locator("tr", { hasText: ref });
    const text = (await rows.allTextContents()).join("\n");
    expect(text).toContain("schablonersättningen (90 dagar) tar slut");
    expect(text).toContain("Betänketiden (30 dagar) slutar");
    expect(text).toMatch(/Uppgift: Boka tolk till samtalet \(ansvarig: [^)]+\)/);
    // On the phone every row is a block: the case link is on screen without scrolling sideways.
    const link = rows.first().getByRole("link", { name: ref });
    const box = await link.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.viewport.width).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.viewport.width,
    );

    // The access log shows each step.
    await page.goto(`${caseUrl}/history`);
    await expectNoAxeViolations(page);
    const log = await page.textContent("table");
    expect(log).toContain("Skapade");
    expect(log).toContain("Läste");
    expect(log).toMatch(/Ändrade.*referral/);
    await context.close();
  });

  it("a coordinator of another region cannot see the case, in the page or the API", async () => {
    expect(caseUrl).not.toBe("");
    const context = await browser.newContext();
    const page = await signIn(context, "koordinator.stockholm@demo");
    const res = await page.goto(caseUrl);
    expect(res?.status()).toBe(404);
    const id = caseUrl.split("/").at(-1);
    const api = await context.request.get(`${base}/api/v1/cases/${id}`);
    expect(api.status()).toBe(404);
    expect(api.headers()["content-type"]).toContain("application/problem+json");
    const list = await page.goto(`${base}/staff/cases?status=all`);
    expect(list?.status()).toBe(200);
    expect(await page.locator(`a[href="/staff/cases/${id}"]`).count()).toBe(0);
    await context.close();
  });

  it("every other staff page passes axe: the case list, partner views and API keys", async () => {
    const coordinator = await browser.newContext(PHONE);
    const page = await signIn(coordinator, "koordinator.syd@demo");
    await page.goto(`${base}/staff/cases?status=all&q=malm`);
    expect(await page.locator("tbody tr").count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    await coordinator.close();
    for (const [user, path, heading] of [
      ["boende@demo", "/staff/placements", "Placeringar hos ert boende"],
      ["iom@demo", "/staff/amp", "ÅMP applications"],
      ["nationell@demo", "/staff", "Översikt"],
    ] as const) {
      const context = await browser.newContext();
      const p = await signIn(context, user);
      await p.goto(`${base}${path}`);
      expect(await p.textContent("h1")).toBe(heading);
      await expectNoAxeViolations(p);
      await context.close();
    }
  });

  it("an admin verifies the audit chain but cannot open a case", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, "admin@demo");
    await page.goto(`${base}/staff/admin/audit`);
    expect(await page.textContent("main")).toContain("Hashkedjan håller");
    await expectNoAxeViolations(page);
    const res = await page.goto(caseUrl);
    expect(res?.status()).toBe(403);
    await page.goto(`${base}/staff/admin/tokens`);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("an admin asks for an account, the national team approves it, and its holder sets a password and enrols TOTP", async () => {
    const admin = await browser.newContext();
    const adminPage = await signIn(admin, "admin@demo");
    await adminPage.goto(`${base}/staff/admin/users`);
    await expectNoAxeViolations(adminPage);
    await adminPage.getByLabel("Användarnamn").fill("ny.koordinator@test");
    await adminPage.getByLabel("Namn", { exact: true }).fill("Ny Koordinator");
    await adminPage.getByLabel("Roll").selectOption("coordinator");
    await adminPage.getByLabel("Region", { exact: true }).selectOption("nord");
    await adminPage.getByLabel(/Varför kontot behövs/).fill("Ny regionkoordinator i Region Norr");
    await adminPage.getByRole("button", { name: "Skapa eller begär konto" }).click();
    expect(await adminPage.textContent("main")).toContain("Begäran är skickad");
    expect(await adminPage.locator("[data-enrolment-link]").count()).toBe(0);
    await admin.close();

    const national = await browser.newContext();
    const nationalPage = await signIn(national, "nationell@demo");
    await nationalPage.getByRole("link", { name: "Godkännanden" }).click();
    await nationalPage.waitForURL(`${base}/staff/approvals`);
    await expectNoAxeViolations(nationalPage);
    const request = nationalPage.locator("section", { hasText: "ny.koordinator@test" });
    await request.getByRole("button", { name: "Godkänn" }).click();
    const link = (await nationalPage.textContent("[data-enrolment-link]"))?.trim() ?? "";
    expect(link).toContain("/staff/activate/");
    await national.close();

    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(link);
    await expectNoAxeViolations(page);
    await page.getByLabel("Lösenord", { exact: true }).fill("ett-långt-lösenord-1");
    await page.getByLabel("Samma lösenord igen").fill("ett-långt-lösenord-1");
    await page.getByRole("button", { name: "Spara lösenordet och fortsätt" }).click();
    await page.waitForURL(`${base}/staff/enrol`);
    expect(await page.locator(".qr svg").count()).toBe(1);
    await expectNoAxeViolations(page);
    const secret = (await page.textContent("[data-secret]"))?.trim() ?? "";
    await page.getByLabel(/Kod från appen/).fill(totpCode(secret));
    await page.getByRole("button", { name: "Aktivera" }).click();
    expect(await page.locator(".codes li").count()).toBe(10);
    await page.getByRole("link", { name: "Fortsätt till översikten" }).click();
    await page.waitForURL(`${base}/staff`);
    expect(await page.textContent(".who")).toContain("Ny Koordinator");
    await context.close();
  });
});

describe("the shelter registry", () => {
  const inDays = (n: number) => swedishDay(n);

  it("the national team adds a shelter and renews its certification, with plain forms that pass axe", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, "nationell@demo");
    await page.getByRole("link", { name: "Skyddade boenden", exact: true }).click();
    await page.waitForURL(`${base}/staff/shelters`);
    expect(await page.textContent("h1")).toBe("Skyddade boenden (NSP)");
    await expectNoAxeViolations(page);

    await page.getByRole("link", { name: "Lägg till ett boende" }).click();
    await page.waitForURL(`${base}/staff/shelters/new`);
    await expectNoAxeViolations(page);

    // Sent half-filled: each missing field says what to do, and the page still passes axe.
    await page.getByLabel("Namn", { exact: true }).fill("Skyddat boende Testgården (e2e)");
    await page.getByRole("button", { name: "Lägg till boendet" }).click();
    await expect.poll(() => page.locator(".error[role=alert]").count()).toBe(1);
    expect(await page.locator("#operator-error").textContent()).toBe("Ange vem som driver boendet.");
    expect(await page.getByLabel("Drivs av").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Namn", { exact: true }).inputValue()).toBe(
      "Skyddat boende Testgården (e2e)",
    );
    await expectNoAxeViolations(page);

    await page.getByLabel("Drivs av").fill("Föreningen Exempel (fiktiv)");
    await page.getByLabel("Region", { exact: true }).selectOption("mitt");
    await page.getByLabel("Antal platser").fill("6");
    await page.getByLabel("Kvinnor").check();
    await page.getByLabel("Barn").check();
    await page.getByLabel("Sexuell exploatering").check();
    await page.getByLabel("Certifierat till och med").fill(inDays(20));
    await page.getByRole("button", { name: "Lägg till boendet" }).click();
    await page.waitForURL(/\/staff\/shelters\?sparat=/);
    const row = page.locator("tr", { hasText: "Skyddat boende Testgården (e2e)" });
    expect(await row.locator("[data-certification]").textContent()).toBe(
      `certifierat till ${inDays(20)} – löper ut inom 60 dagar`,
    );
    expect(await page.locator("[role=status]").textContent()).toContain("har sparats");
    await expectNoAxeViolations(page);

    // The certification is renewed.
    await row.getByRole("link", { name: "Skyddat boende Testgården (e2e)", exact: true }).click();
    await page.waitForURL(/\/staff\/shelters\/skyddat-boende-testgarden-e2e$/);
    await expectNoAxeViolations(page);
    await page.getByLabel("Certifierat till och med").fill(inDays(400));
    await page.getByRole("button", { name: "Spara ändringarna" }).click();
    await page.waitForURL(/\/staff\/shelters\?sparat=/);
    expect(
      await page
        .locator("tr", { hasText: "Skyddat boende Testgården (e2e)" })
        .locator("[data-certification]")
        .textContent(),
    ).toBe(`certifierat till ${inDays(400)}`);
    await context.close();
  });
});
