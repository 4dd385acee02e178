/** Signing in to the staff pages as a demo user, for every journey that needs it. */
import { totpCode } from "@stodkedjan/server/totp";
import type { BrowserContext, Page } from "playwright-core";
import { inject } from "vitest";
import { expectNoAxeViolations } from "./axe.ts";

const base = inject("baseUrl");
const DEMO_SECRET = "KRUGKIDROVUWG2ZAMJ2XO3DEEB3W64TLMVZA";
const DEMO_PASSWORD = "stodkedjan-demo";

/** The last 30-second step used per user in this file: each step is accepted once per user. */
const lastSteps = new Map<string, number>();

/**
 * Signs in with the demo password and a TOTP code, and returns the page on the start page. A
 * code is accepted once per step and one step either side of now, and other files sign in as the
 * same demo users: a refused code is retried with the next unused step, waiting until it is in reach.
 */
export async function signIn(context: BrowserContext, username: string, secret = DEMO_SECRET): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/staff/login`);
  await page.getByLabel("Användarnamn").fill(username);
  await page.getByLabel("Lösenord").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Logga in" }).click();
  await page.waitForURL(/\/staff\/login\/totp/);
  await expectNoAxeViolations(page);
  for (let attempt = 0; attempt < 3; attempt++) {
    const now = Math.floor(Date.now() / 30_000);
    const step = Math.max(now, (lastSteps.get(username) ?? -1) + 1);
    if (step > now + 1) await page.waitForTimeout((step - 1) * 30_000 - Date.now() + 500);
    lastSteps.set(username, step);
    await page
      .getByLabel(/Koden från din autentiseringsapp|The code from your authenticator app/)
      .fill(totpCode(secret, step * 30_000));
    await page.getByRole("button", { name: /^(Fortsätt|Continue)$/ }).click();
    await page.waitForLoadState("load");
    if (new URL(page.url()).pathname !== "/staff/login/totp") {
      await page.waitForURL(`${base}/staff`);
      return page;
    }
  }
  throw new Error(`could not sign in as ${username}`);
}
