import { describe, expect, it } from "vitest";
import { readConfig } from "./config.ts";

describe("configuration", () => {
  it("has working defaults for the embedded database", () => {
    expect(readConfig({})).toEqual({ PORT: 4321, HOST: "127.0.0.1", DATABASE_URL: "./data/pglite" });
  });

  it("treats empty variables as unset and parses flags", () => {
    expect(readConfig({ FIELD_KEYS: "", DEMO: "0", PORT: "8080" })).toMatchObject({
      PORT: 8080,
      DEMO: false,
    });
    expect(readConfig({ FIELD_KEYS: "" }).FIELD_KEYS).toBeUndefined();
  });

  it("names what is wrong", () => {
    expect(() => readConfig({ PORT: "http" })).toThrow(/PORT/);
    expect(() => readConfig({ DEMO: "maybe" })).toThrow(/DEMO/);
  });

  it("reads PUBLIC_URL and TRUSTED_PROXIES, refusing what is neither a URL nor an address or range", () => {
    expect(
      readConfig({ PUBLIC_URL: "https://stodkedjan.example", TRUSTED_PROXIES: "10.0.0.1, 10.1.0.0/16,::1" }),
    ).toMatchObject({
      PUBLIC_URL: "https://stodkedjan.example",
      TRUSTED_PROXIES: ["10.0.0.1", "10.1.0.0/16", "::1"],
    });
    expect(() => readConfig({ PUBLIC_URL: "ftp://x.example" })).toThrow(/PUBLIC_URL/);
    expect(() => readConfig({ TRUSTED_PROXIES: "proxy.example" })).toThrow(/TRUSTED_PROXIES/);
    expect(() => readConfig({ TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/TRUSTED_PROXIES/);
  });
});
