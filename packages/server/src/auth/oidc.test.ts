/** OpenID Connect sign-in against a minimal identity provider running in the test. */
import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { schema } from "@stodkedjan/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../testing.ts";

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

/** Just enough of an identity provider: discovery, JWKS, and a token endpoint checking PKCE. */
function fakeIssuer(clientId: string) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const codes = new Map<
    string,
    { challenge: string; nonce: string; sub: string; email: string; emailVerified: boolean }
  >();
  let base = "";
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", base);
    const json = (body: unknown, status = 200) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/.well-known/openid-configuration") {
      return json({
        issuer: base,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/token`,
        jwks_uri: `${base}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
      });
    }
    if (url.pathname === "/jwks")
      return json({
        keys: [{ ...publicKey.export({ format: "jwk" }), kid: "k1", alg: "RS256", use: "sig" }],
      });
    if (url.pathname === "/token") {
      let body = "";
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      const grant = codes.get(form.get("code") ?? "");
      const verifier = form.get("code_verifier") ?? "";
      if (!grant || b64url(createHash("sha256").update(verifier).digest()) !== grant.challenge)
        return json({ error: "invalid_grant" }, 400);
      const now = Math.floor(Date.now() / 1000);
      const header = b64url(JSON.stringify({ alg: "RS256", kid: "k1", typ: "JWT" }));
      const payload = b64url(
        JSON.stringify({
          iss: base,
          aud: clientId,
          sub: grant.sub,
          email: grant.email,
          email_verified: grant.emailVerified,
          nonce: grant.nonce,
          iat: now,
          exp: now + 300,
        }),
      );
      const signature = b64url(sign("RSA-SHA256", Buffer.from(`${header}.${payload}`), privateKey));
      return json({
        access_token: "at",
        token_type: "Bearer",
        expires_in: 300,
        id_token: `${header}.${payload}.${signature}`,
      });
    }
    res.writeHead(404).end();
  });
  return {
    async listen() {
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      return base;
    },
    /** What the provider does after the user signs in there: issue a code for the request. */
    authorize(authorizeUrl: string, sub: string, email: string, emailVerified: boolean) {
      const u = new URL(authorizeUrl);
      const code = randomBytes(16).toString("hex");
      codes.set(code, {
        challenge: u.searchParams.get("code_challenge") ?? "",
        nonce: u.searchParams.get("nonce") ?? "",
        sub,
        email,
        emailVerified,
      });
      return {
        code,
        state: u.searchParams.get("state") ?? "",
        redirect: u.searchParams.get("redirect_uri") ?? "",
      };
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe("OpenID Connect sign-in", () => {
  const idp = fakeIssuer("stodkedjan");
  let t: TestApp;
  beforeAll(async () => {
    const issuer = await idp.listen();
    t = await testApp("pglite", { oidc: { issuer, clientId: "stodkedjan", clientSecret: "s3cret" } });
    await t.db.insert(schema.users).values({
      username: "anna.koordinator@region.example",
      displayName: "Anna",
      role: "coordinator",
      regionId: "mitt",
    });
  });
  afterAll(async () => {
    await t?.close();
    await idp.close();
  });

  async function signInVia(
    sub: string,
    email: string,
    tamper?: (q: URLSearchParams) => void,
    emailVerified = true,
  ) {
    const start = await t.app.request("http://stodkedjan.test/staff/login/oidc");
    expect(start.status).toBe(303);
    const flow = /sk_oidc=([^;]+)/.exec(start.headers.get("set-cookie") ?? "")?.[1] ?? "";
    const { code, state, redirect } = idp.authorize(
      start.headers.get("location") ?? "",
      sub,
      email,
      emailVerified,
    );
    expect(redirect).toBe("http://stodkedjan.test/staff/login/oidc/callback");
    const q = new URLSearchParams({ code, state });
    tamper?.(q);
    return t.app.request(`${redirect}?${q}`, { headers: { cookie: `sk_oidc=${flow}` } });
  }

  it("links the identity to the account with that e-mail, with its role and region, and audits the sign-in", async () => {
    const res = await signInVia("idp-user-1", "Anna.Koordinator@region.example");
    expect(res.status).toBe(200);
    const session = /sk_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
    const home = await t.app.request("/staff/cases", { headers: { cookie: `sk_session=${session}` } });
    expect(home.status).toBe(200);
    const [u] = await t.db
      .select()
      .from(schema.users)
      .where(eq(schema.users.username, "anna.koordinator@region.example"));
    expect(u?.oidcSubject).toMatch(/#idp-user-1$/);
    const logins = await t.db.select().from(schema.auditLog).where(eq(schema.auditLog.action, "login"));
    expect(logins.some((l) => (l.detail as { method?: string }).method === "oidc")).toBe(true);
    // The next sign-in finds the account by subject, whatever the e-mail claim says now.
    expect((await signInVia("idp-user-1", "new-address@region.example")).status).toBe(200);
  });

  it("never links an identity by an e-mail address the provider has not verified", async () => {
    await t.db.insert(schema.users).values({
      username: "nationell.chef@region.example",
      displayName: "Chef",
      role: "national",
    });
    const takeover = await signInVia("attacker-sub", "Nationell.Chef@region.example", undefined, false);
    expect(takeover.status).toBe(403);
    expect(takeover.headers.get("set-cookie") ?? "").not.toMatch(/sk_session=/);
    const [u] = await t.db
      .select()
      .from(schema.users)
      .where(eq(schema.users.username, "nationell.chef@region.example"));
    expect(u?.oidcSubject).toBeNull();
    // The owner, whose address the provider has verified, links it; the attacker's subject still gets nothing.
    expect((await signInVia("owner-sub", "nationell.chef@region.example")).status).toBe(200);
    expect((await signInVia("attacker-sub", "nationell.chef@region.example")).status).toBe(403);
  });

  it("refuses an identity without an account, a forged state and a callback without its flow", async () => {
    expect((await signInVia("stranger", "nobody@example.org")).status).toBe(403);
    expect(
      (await signInVia("idp-user-1", "anna.koordinator@region.example", (q) => q.set("state", "forged")))
        .status,
    ).toBe(403);
    const noFlow = await t.app.request("http://stodkedjan.test/staff/login/oidc/callback?code=x&state=y");
    expect(noFlow.status).toBe(403);
  });
});
