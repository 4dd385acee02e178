import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "./server.ts";

/** Through the real Node.js server, whose responses are not the ones `app.request` returns. */
describe("security headers", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({ PORT: 0, HOST: "127.0.0.1", DATABASE_URL: "memory://", DEMO: false });
  });
  afterAll(() => server?.close());

  const responses: [string, () => Promise<Response>, number][] = [
    ["a JSON read refused (problem details)", () => fetch(`${server.url}/api/v1/cases`), 401],
    ["the OpenAPI document", () => fetch(`${server.url}/api/openapi.json`), 200],
    ["an HTML page", () => fetch(`${server.url}/staff/login`), 200],
    ["a redirect", () => fetch(`${server.url}/staff`, { redirect: "manual" }), 303],
    ["a page that does not exist", () => fetch(`${server.url}/staff/no-such-page`), 404],
    [
      "a form refused by the CSRF check",
      () =>
        fetch(`${server.url}/staff/login`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "username=a&password=b",
        }),
      403,
    ],
  ];

  it.each(responses)("are on %s, and the body is whole", async (_, request, status) => {
    const res = await request();
    expect(res.status).toBe(status);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("permissions-policy")).toContain("camera=()");
    expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const body = await res.text();
    if (res.headers.get("content-type")?.includes("json")) expect(() => JSON.parse(body)).not.toThrow();
    if (status === 200) expect(body.length).toBeGreaterThan(100);
  });

  it("refuses a body larger than any attachment with 413 before anything reads it", async () => {
    const res = await fetch(`${server.url}/api/v1/cases`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new Uint8Array(12 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
