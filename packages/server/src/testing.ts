/**
 * Test fixtures for the server: an app on a fresh database (PGlite, or the server named by
 * DATABASE_URL), users of any role with a signed-in session, and requests carrying them.
 */
import { randomUUID } from "node:crypto";
import { loadRegions } from "@stodkedjan/content";
import { type Database, type Role, schema, syncDirectory } from "@stodkedjan/db";
import { freshDatabase, type Target } from "@stodkedjan/db/testing";
import { expect } from "vitest";
import type { Principal } from "./access/policy.ts";
import { createApp } from "./app.ts";
import { generateCheckpointKey, parseCheckpointKey } from "./audit/checkpoint.ts";
import type { OidcSettings } from "./auth/oidc.ts";
import { createSession } from "./auth/sessions.ts";
import type { Ctx } from "./cases/context.ts";
import { individualInput } from "./cases/schemas.ts";
import { answerTransfer, requestTransfer } from "./cases/transfers.ts";
import { generateKey, parseKeyRing } from "./crypto/keyring.ts";
import type { TransportSettings } from "./transport.ts";

export { testTargets } from "@stodkedjan/db/testing";

export async function testApp(
  target: Target,
  options: { oidc?: OidcSettings; transport?: TransportSettings } = {},
) {
  const database: Database = await freshDatabase(target);
  await syncDirectory(database.db, loadRegions());
  const keySpec = `t1:${generateKey()}`;
  const keys = parseKeyRing(keySpec);
  const auditAnchor = { key: parseCheckpointKey(generateCheckpointKey()) };
  const app = createApp({
    database,
    keys,
    oidc: options.oidc,
    transport: options.transport ?? {},
    auditAnchor,
  });

  /** A user of the role with a verified session; returns the principal and the cookie header. */
  async function signIn(role: Role, regionId: string | null = null, shelterId: string | null = null) {
    const id = randomUUID();
    await database.db.insert(schema.users).values({
      id,
      username: `${role}-${id}@test`,
      displayName: `Test ${role}`,
      role,
      regionId: role === "coordinator" ? (regionId ?? "bergslagen") : null,
      shelterId,
      totpEnabled: true,
    });
    const session = await createSession(database.db, id, true);
    const principal: Principal = {
      kind: "user",
      id,
      role,
      regionId: role === "coordinator" ? (regionId ?? "bergslagen") : null,
      shelterId,
      name: `Test ${role}`,
    };
    return { principal, cookie: `sk_session=${session.id}`, csrf: session.csrfToken };
  }

  return {
    app,
    database,
    keys,
    keySpec,
    auditAnchor,
    db: database.db,
    signIn,
    close: () => database.close(),
  };
}
export type TestApp = Awaited<ReturnType<typeof testApp>>;

/** An individual case as the tests open it: an adult woman in Uppsala, referred by the police. */
export const adultCaseInput = individualInput.parse({
  referringOrg: "police",
  municipalityCode: "0380",
  forms: ["sexual"],
  category: "trafficking",
  person: { ageGroup: "adult", gender: "woman" },
});

/** Asserts an RFC 9457 problem-details answer with the status, and returns its body. */
export async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const problem = (await res.json()) as { status: number; title: string; errors?: { path: string }[] };
  expect(problem).toMatchObject({ status, title: expect.any(String) });
  return problem;
}

/**
 * Transfers a case and accepts the transfer as the receiving region would (a fixture shortcut: the
 * sender's own account answers with the receiving region). Returns the transfer share's id.
 */
export async function transferAccepted(ctx: Ctx, caseId: string, regionId: string): Promise<string> {
  const { id } = await requestTransfer(ctx, caseId, regionId);
  const receiver = { ...ctx, principal: { ...ctx.principal, regionId } };
  return (await answerTransfer(receiver, caseId, id, "accept")).shareId as string;
}

/** The text a person meets on a page: its text nodes and its aria-labels, titles and captions. */
export function visibleText(page: string): string[] {
  const body = page
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, "")
    .replace(/<title>[\s\S]*?<\/title>/, "");
  const attributes = [...body.matchAll(/\s(?:aria-label|title|alt|placeholder|data-label)="([^"]*)"/g)].map(
    (m) => m[1] ?? "",
  );
  const text = body
    .replace(/<[^>]+>/g, "\n")
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);
  const decode = (s: string) =>
    s
      .replace(/&amp;/g, "&")
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">");
  return [...text, ...attributes].map(decode);
}
