/** Signing in to the staff pages as a demo user, for every journey that needs it. */
import { totpCode } from "@stodkedjan/server/totp";
import type { BrowserContext, Page } from "playwright-core";
import { inject } from "vitest";
import { expectNoAxeViolations } from "./axe.ts";

const base = inject("baseUrl");
const DEMO_SECRET = "KRUGKIDROVUWG2ZAMJ2XO3DEEB3W64TLMVZA";

export interface Credentials {
  password?: string;
  /** The account's TOTP secret (the demo accounts share one). */
  secret?: string;
}

/** The last 30-second step used per user in this file: each step is accepted once per user. */
const lastSteps = new Map<string, number>();

/**
 * Fills the sign-in form the page is on (password, then a TOTP code) and returns once the page
 * has left sign-in. A code is accepted once per step and one step either side of now, and other
 * files sign in as the same demo users: a refused code is retried with the next unused step,
 * waiting until it is in reach. The pages may be Swedish or English (the account's language).
 */
export async function signInOn(
  page: Page,
  username: string,
  { password = "stodkedjan-demo", secret = DEMO_SECRET }: Credentials = {},
) {
  await page.getByLabel(/^(Användarnamn|Username)$/).fill(username);
  await page.getByLabel(/^(Lösenord|Password)$/).fill(password);
  await page.getByRole("button", { name: /^(Logga in|Sign in)$/ }).click();
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
    if (!new URL(page.url()).pathname.startsWith("/staff/login")) return;
  }
  throw new Error(`could not sign in as ${username}`);
}

/** Signs in on a new page of the context and returns it on the start page. */
export async function signIn(
  context: BrowserContext,
  username: string,
  credentials?: Credentials,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/staff/login`);
  await signInOn(page, username, credentials);
  await page.waitForURL(`${base}/staff`);
  return page;
}

/** A new adult's individual case in Örebro; returns its URL. */
export async function newIndividualCase(page: Page, ageGroup: "adult" | "child" = "adult") {
  await page.goto(`${base}/staff/cases/new?kind=individual`);
  await page.getByLabel("Hänvisande organisation").selectOption("police");
  await page.getByLabel("Kommun").selectOption({ label: "Örebro" });
  await page.getByLabel("Arbetskraftsexploatering").check();
  await page.getByLabel("Bedömning").selectOption("trafficking");
  await page.getByLabel("Åldersgrupp").selectOption(ageGroup);
  await page.getByRole("button", { name: "Öppna ärendet" }).click();
  await page.waitForURL(/\/staff\/cases\/[0-9a-f-]{36}$/);
  return page.url();
}
