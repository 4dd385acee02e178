/** HTTPS is configuration, never a client's say-so: cookies, their prefix, and HSTS. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app.ts";
import { type TestApp, testApp } from "./testing.ts";

const fromPeer = (address: string) => ({
  incoming: { socket: { remoteAddress: address, remotePort: 40000, remoteFamily: "IPv4" } },
});

describe("HTTPS from configuration", () => {
  let public_: TestApp;
  /** The same database served without PUBLIC_URL, and behind a trusted proxy. */
  let plain: { app: ReturnType<typeof createApp> };
  let proxied: { app: ReturnType<typeof createApp> };
  beforeAll(async () => {
    public_ = await testApp("pglite", { transport: { publicUrl: "https://stodkedjan.example" } });
    const { database, keys, auditAnchor } = public_;
    plain = { app: createApp({ database, keys, auditAnchor }) };
    proxied = {
      app: createApp({ database, keys, auditAnchor, transport: { trustedProxies: ["10.0.0.1"] } }),
    };
  });
  afterAll(() => public_?.close());

  it("with an https PUBLIC_URL: __Host- prefixed, Secure session cookies and HSTS", async () => {
    const form = await public_.app.request("/staff/login");
    expect(form.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8}/);
    expect(form.headers.get("set-cookie")).toMatch(/^__Host-sk_csrf=[^;]+; .*Path=\/; .*Secure/);

    const user = await public_.signIn("coordinator");
    const session = user.cookie.replace("sk_session=", "__Host-sk_session=");
    expect((await public_.app.request("/staff", { headers: { cookie: session } })).status).toBe(200);
    // The unprefixed name, which plain HTTP or a sibling host could have planted, opens nothing.
    expect((await public_.app.request("/staff", { headers: { cookie: user.cookie } })).status).toBe(303);

    const out = await public_.app.request("/staff/logout", {
      method: "POST",
      headers: { cookie: session, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: user.csrf }).toString(),
    });
    expect(out.headers.get("set-cookie")).toMatch(/^__Host-sk_session=; .*Path=\/; .*Secure/);
  });

  it("without it, a client's https URL or X-Forwarded-Proto changes nothing", async () => {
    const res = await plain.app.request(
      "https://stodkedjan.example/staff/login",
      { headers: { "x-forwarded-proto": "https" } },
      fromPeer("203.0.113.7"),
    );
    expect(res.headers.get("strict-transport-security")).toBeNull();
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^sk_csrf=/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it("believes X-Forwarded-Proto only from a trusted proxy", async () => {
    const viaProxy = await proxied.app.request(
      "/staff/login",
      { headers: { "x-forwarded-proto": "https" } },
      fromPeer("10.0.0.1"),
    );
    expect(viaProxy.headers.get("strict-transport-security")).not.toBeNull();
    expect(viaProxy.headers.get("set-cookie")).toMatch(/^__Host-sk_csrf=.*Secure/);
    const direct = await proxied.app.request(
      "/staff/login",
      { headers: { "x-forwarded-proto": "https" } },
      fromPeer("10.0.0.2"),
    );
    expect(direct.headers.get("strict-transport-security")).toBeNull();
    expect(direct.headers.get("set-cookie")).toMatch(/^sk_csrf=/);
  });
});
