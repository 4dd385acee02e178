/**
 * The public site through the real server: the start page at "/", the search page's query that
 * is never logged or stored, and the directory lookup's ranking.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { schema } from "@stodkedjan/db";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startServer } from "./server.ts";

const QUERY = "hemligt-sokord-7f3a";

describe("the public site", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let site: string;
  beforeAll(async () => {
    // A stand-in for the built site (apps/web/dist): the unit tests run before the build.
    site = mkdtempSync(join(tmpdir(), "site-"));
    writeFileSync(join(site, "index.html"), '<!doctype html><html lang="sv"><title>Start</title></html>');
    mkdirSync(join(site, "sv/sok"), { recursive: true });
    writeFileSync(
      join(site, "sv/sok/index.html"),
      '<!doctype html><html lang="sv"><title>Sök</title></html>',
    );
    server = await startServer({ PORT: 0, HOST: "127.0.0.1", DATABASE_URL: "memory://", DEMO: false }, site);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(site, { recursive: true, force: true });
  });

  it("serves the Swedish start page at / itself, without a redirect", async () => {
    const res = await fetch(`${server.url}/`, { redirect: "manual" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('lang="sv"');
  });

  it("never logs, stores or echoes a search query that reaches it (the search page without JavaScript)", async () => {
    const written: string[] = [];
    const spies = [
      ...(["log", "info", "warn", "error", "debug", "trace"] as const).map((m) =>
        vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
          written.push(args.map(String).join(" "));
        }),
      ),
      vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => {
        written.push(String(chunk));
        return true;
      }),
      vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => {
        written.push(String(chunk));
        return true;
      }),
    ];
    try {
      for (const path of [`/sv/sok/?q=${QUERY}`, `/en/search/?q=${QUERY}`, `/?q=${QUERY}`]) {
        const res = await fetch(server.url + path);
        expect(res.headers.get("set-cookie")).toBeNull();
        expect(res.headers.get("referrer-policy")).toBe("no-referrer");
        expect(await res.text()).not.toContain(QUERY);
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(written.join("\n")).not.toContain(QUERY);
    // Nothing was written to the database either: the audit log is untouched by public pages.
    const [row] = await server.database.db.select({ n: count() }).from(schema.auditLog);
    expect(row?.n).toBe(0);
  });

  it("ranks the directory lookup as the guide does: the exact name first, both Habo and Håbo for 'habo'", async () => {
    const lookup = async (q: string) =>
      (await (await fetch(`${server.url}/api/v1/directory/lookup?q=${encodeURIComponent(q)}`)).json()) as {
        name: string;
        county: string;
        match: string;
        region: { id: string };
      }[];
    const hbo = await lookup("Håbo");
    expect(hbo[0]).toMatchObject({
      name: "Håbo",
      county: "Uppsala län",
      match: "exact",
      region: { id: "mitt" },
    });
    const habo = await lookup("habo");
    expect(habo.map((m) => [m.name, m.match])).toEqual([
      ["Habo", "exact"],
      ["Håbo", "folded"],
    ]);
    expect(habo[0]?.region.id).toBe("ost");
    expect((await lookup("orebro"))[0]).toMatchObject({ name: "Örebro", match: "folded" });
  });
});
