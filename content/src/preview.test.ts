import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONTENT_DIR, previewPage } from "./index.ts";

const current = readFileSync(join(CONTENT_DIR, "manual/sv/children.md"), "utf8");

describe("previewPage (the editors' preview)", () => {
  it("renders a page file checked as the build checks it", () => {
    const changed = current.replace(/^title: .*$/m, "title: Barn och unga");
    const result = previewPage(changed, "children", "sv");
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.page.title).toBe("Barn och unga");
      expect(result.page.html).toContain("<h2");
    }
  });

  it("names every schema and link problem instead of rendering", () => {
    const broken = current
      .replace(/^summary: .*$/m, "summary: ''")
      .replace(/^kind: .*$/m, "kind: story")
      .concat("\n[fel](page:finns-inte)\n");
    const result = previewPage(broken, "children", "sv");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.join("\n")).toMatch(/summary|kind/);
    const badLink = previewPage(`${current}\n[fel](page:finns-inte)\n`, "children", "sv");
    expect(badLink).toMatchObject({ ok: false, issues: [expect.stringContaining("finns-inte")] });
    expect(previewPage("no front matter", "children", "sv")).toMatchObject({ ok: false });
  });

  it("refuses a slug another page has, and shows HTML in the Markdown as text", () => {
    const taken = previewPage(current.replace(/^slug: .*$/m, "slug: identifiering"), "children", "sv");
    expect(taken).toMatchObject({ ok: false, issues: [expect.stringContaining("identifiering")] });
    const html = previewPage(
      `${current}\n<script>alert(1)</script>\n\n<b onclick="x()">fet</b>\n`,
      "children",
      "sv",
    );
    expect(html.ok).toBe(true);
    if (html.ok) {
      expect(html.page.html).not.toMatch(/<script|<b /);
      expect(html.page.html).toContain("&#60;script&#62;");
    }
  });
});
