/** Signing in to the staff pages as a demo account, for the browser journeys. */
import { totpCode } from "@stodkedjan/server/totp";
import type { BrowserContext, Page } from "playwright-core";
import { inject } from "vitest";

const DEMO_SECRET = "KRUGKIDROVUWG2ZAMJ2XO3DEEB3W64TLMVZA";

/**
 * Signs in with the demo password and a TOTP code. Each 30-second step is accepted once per user,
 * and other files sign in as the same demo users: a refused code is retried with the next step's.
 */
export async function signIn(context: BrowserContext, username: string): Promise<Page> {
  const base = inject("baseUrl");
  const page = await context.newPage();
  await page.goto(`${base}/staff`);
  await page.waitForURL(/\/staff\/login/);
  await page.getByLabel("Användarnamn").fill(username);
  await page.getByLabel("Lösenord").fill("stodkedjan-demo");
  await page.getByRole("button", { name: "Logga in" }).click();
  await page.waitForURL(/\/staff\/login\/totp/);
  for (let attempt = 0; attempt < 4; attempt++) {
    // Now, the next step, then (after waiting for it to begin) the step after that.
    if (attempt === 2) await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
    const ahead = attempt % 2 === 0 ? 0 : 30_000;
    await page.getByLabel(/Koden från din autentiseringsapp/).fill(totpCode(DEMO_SECRET, Date.now() + ahead));
    await page.getByRole("button", { name: "Fortsätt" }).click();
    await page.waitForLoadState();
    if (page.url() === `${base}/staff`) return page;
  }
  throw new Error(`could not sign in as ${username}`);
}
