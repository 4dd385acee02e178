import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { embedJson } from "./embed.ts";

/** What a browser's HTML parser takes as the script element's text: everything up to `</script`. */
const scriptText = (html: string) => html.split(/<\/script/i)[0] as string;

describe("embedJson", () => {
  it("cannot close the script element or open a comment, whatever the data holds", () => {
    const data = { name: "</script><script>alert(1)</script>", note: "<!-- x -->", amp: "a & b > c" };
    const out = embedJson(data);
    expect(out).not.toMatch(/[<>&]/);
    expect(scriptText(`${out}</script>`)).toBe(out);
    expect(JSON.parse(out)).toEqual(data);
  });

  it("escapes the line and paragraph separators", () => {
    const out = embedJson({ s: "a\u2028b\u2029c" });
    expect(out).not.toMatch(/[\u2028\u2029]/);
    expect(out).toContain("\\u2028");
    expect(JSON.parse(out)).toEqual({ s: "a\u2028b\u2029c" });
  });

  it("keeps å, ä and ö as they are", () => {
    expect(embedJson({ name: "Håbo" })).toBe('{"name":"Håbo"}');
  });

  it("round-trips any JSON value and never lets a dangerous character through", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const out = embedJson(value);
        expect(out).not.toMatch(/[<>&\u2028\u2029]/);
        expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it("refuses what JSON cannot hold", () => {
    expect(() => embedJson(undefined)).toThrow(TypeError);
  });
});
