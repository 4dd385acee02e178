import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CONTENT_DIR, loadContent, PAGE_IDS } from "./index.ts";

let dir: string;
function copy() {
  dir = mkdtempSync(join(tmpdir(), "content-"));
  cpSync(CONTENT_DIR, dir, {
    recursive: true,
    filter: (src) => !src.includes("node_modules") && !src.endsWith("/src"),
  });
  return dir;
}
function edit(file: string, change: (s: string) => string) {
  const path = join(dir, file);
  writeFileSync(path, change(readFileSync(path, "utf8")));
}
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the manual's content", () => {
  it("is complete and valid in both languages", () => {
    const c = loadContent();
    expect(c.pages).toHaveLength(PAGE_IDS.length * 2);
    for (const id of PAGE_IDS) {
      const sv = c.pages.find((p) => p.id === id && p.lang === "sv");
      const en = c.pages.find((p) => p.id === id && p.lang === "en");
      expect(sv?.url).toMatch(/^\/sv\/manual\//);
      expect(en?.url).toMatch(/^\/en\/manual\//);
    }
    expect(
      c.pages
        .filter((p) => p.kind === "step")
        .map((p) => p.step)
        .sort(),
    ).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
    expect(c.pages.every((p) => p.review.status === "example")).toBe(true);
  });

  it("resolves page: links to the page in the same language", () => {
    const step1 = loadContent().pages.find((p) => p.id === "step-1-identification" && p.lang === "en");
    expect(step1?.html).toContain('href="/en/manual/acute-protection/"');
    expect(step1?.html).not.toContain("page:");
  });

  it("fails on a broken link", () => {
    copy();
    edit("manual/sv/children.md", (s) => `${s}\n[trasig](page:no-such-page)\n`);
    expect(() => loadContent(dir)).toThrow(/children\.md: unknown page id "no-such-page"/);
  });

  it("fails on a missing translation", () => {
    copy();
    rmSync(join(dir, "manual/en/law.md"));
    expect(() => loadContent(dir)).toThrow(/en\/law\.md: missing translation/);
  });

  it("fails on a page without steps or audience", () => {
    copy();
    edit("manual/sv/law.md", (s) => s.replace(/^audience:.*$/m, "audience: []"));
    expect(() => loadContent(dir)).toThrow(/law\.md: audience: a page must name its audience/);
    edit("manual/sv/law.md", (s) =>
      s.replace(/^audience:.*$/m, "audience: [all]").replace(/^steps:.*$/m, "steps: []"),
    );
    expect(() => loadContent(dir)).toThrow(/law\.md: steps: a page must relate to at least one step/);
  });

  it("fails on an external link to an unknown site and on an unknown actor", () => {
    copy();
    edit("manual/en/about.md", (s) => `${s}\n[tracker](https://tracker.example.com/)\n`);
    expect(() => loadContent(dir)).toThrow(/is not allowed/);
    copy();
    edit("manual/sv/step-2-acute-protection.md", (s) => s.replace("actor: police", "actor: mafia"));
    expect(() => loadContent(dir)).toThrow(/step-2-acute-protection\.md: responsibilities/);
  });

  it("fails when a municipality is missing or in the wrong county", () => {
    copy();
    edit("regions.yaml", (s) => s.replace(/\{ code: "1880", name: Örebro \}|code: "1880"/, 'code: "0180"'));
    expect(() => loadContent(dir)).toThrow(/regions\.yaml/);
  });
});
