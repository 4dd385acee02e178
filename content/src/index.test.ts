import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { contentCopies } from "./content-copy.ts";
import { BANNED_TERMS, bannedTermsIn, CONTENT_DIR, contentPairs, loadContent, PAGE_IDS } from "./index.ts";

const content = contentCopies();

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
    content.copy();
    content.edit("manual/sv/children.md", (s) => `${s}\n[trasig](page:no-such-page)\n`);
    expect(() => loadContent(content.dir)).toThrow(/children\.md: unknown page id "no-such-page"/);
  });

  it("fails on a missing translation", () => {
    content.copy();
    rmSync(join(content.dir, "manual/en/law.md"));
    expect(() => loadContent(content.dir)).toThrow(/en\/law\.md: missing translation/);
  });

  it("fails on a page without steps or audience", () => {
    content.copy();
    content.edit("manual/sv/law.md", (s) => s.replace(/^audience:.*$/m, "audience: []"));
    expect(() => loadContent(content.dir)).toThrow(/law\.md: audience: a page must name its audience/);
    content.edit("manual/sv/law.md", (s) =>
      s.replace(/^audience:.*$/m, "audience: [all]").replace(/^steps:.*$/m, "steps: []"),
    );
    expect(() => loadContent(content.dir)).toThrow(/law\.md: steps: a page must relate to at least one step/);
  });

  it("fails on an external link to an unknown site and on an unknown actor", () => {
    content.copy();
    content.edit("manual/en/about.md", (s) => `${s}\n[tracker](https://tracker.example.com/)\n`);
    expect(() => loadContent(content.dir)).toThrow(/is not allowed/);
    content.copy();
    content.edit("manual/sv/step-2-acute-protection.md", (s) => s.replace("actor: police", "actor: mafia"));
    expect(() => loadContent(content.dir)).toThrow(/step-2-acute-protection\.md: responsibilities/);
  });

  it("fails when a municipality is missing or in the wrong county", () => {
    content.copy();
    content.edit("regions.yaml", (s) =>
      s.replace(/\{ code: "1880", name: Örebro \}|code: "1880"/, 'code: "0180"'),
    );
    expect(() => loadContent(content.dir)).toThrow(/regions\.yaml/);
  });

  it("shows no review date on a page awaiting review, and needs one on a reviewed page", () => {
    const c = loadContent();
    expect(c.pages.every((p) => p.review.lastReviewed === undefined)).toBe(true);
    content.copy();
    content.edit("manual/sv/law.md", (s) =>
      s.replace("  status: example\n", "  status: example\n  lastReviewed: 2026-11-23\n"),
    );
    expect(() => loadContent(content.dir)).toThrow(
      /law\.md: review\.lastReviewed: a page awaiting review .* has no lastReviewed date/,
    );
    content.edit("manual/sv/law.md", (s) =>
      s.replace("  status: example\n  lastReviewed: 2026-11-23\n", "  status: reviewed\n"),
    );
    expect(() => loadContent(content.dir)).toThrow(
      /law\.md: review\.lastReviewed: a reviewed page needs lastReviewed/,
    );
    content.edit("manual/sv/law.md", (s) =>
      s.replace("  status: reviewed\n", "  status: reviewed\n  lastReviewed: 2026-12-01\n"),
    );
    expect(loadContent(content.dir).pages.find((p) => p.id === "law" && p.lang === "sv")?.review).toEqual({
      status: "reviewed",
      lastReviewed: "2026-12-01",
    });
  });
});

describe("the two languages say the same", () => {
  it("holds for all content", () => {
    expect(() => loadContent()).not.toThrow();
  });

  it("fails when a list has an item more in one language", () => {
    content.copy();
    content.edit("manual/en/step-1-identification.md", (s) =>
      s.replace("rights:\n", "rights:\n  - The right to something the Swedish page does not promise.\n"),
    );
    expect(() => loadContent(content.dir)).toThrow(
      /manual step-1-identification rights: 6 items in Swedish, 7 in English/,
    );
  });

  it("fails when an item names an actor in one language only", () => {
    content.copy();
    // The English indicators once dropped "outside office hours" for the out-of-hours service.
    content.edit("indicators.yaml", (s) =>
      s.replace(
        "Contact social services, outside office hours the social services' out-of-hours service (socialjour), if the person needs protection, housing or support.",
        "Contact social services if the person needs protection, housing or support.",
      ),
    );
    expect(() => loadContent(content.dir)).toThrow(
      /indicators form sexual next\[3\]: Swedish names \[migrationsverket, out-of-hours, social-services\], English names \[migrationsverket, social-services\]/,
    );
  });

  it("fails when a number differs, when the verify lists differ, and when responsibilities name other actors", () => {
    content.copy();
    content.edit("manual/en/nsp-shelters.md", (s) =>
      s.replace("covers up to 90 days", "covers up to 60 days"),
    );
    expect(() => loadContent(content.dir)).toThrow(
      /manual nsp-shelters checklist\[2\]: Swedish numbers \[90\], English numbers \[60\]/,
    );
    content.copy();
    content.edit("manual/sv/support-line.md", (s) => s.replace(/verify:\n {2}- [^\n]*\n/, "verify:\n"));
    expect(() => loadContent(content.dir)).toThrow(
      /manual support-line verify: 1 items in Swedish, 2 in English/,
    );
    content.copy();
    content.edit("manual/en/step-2-acute-protection.md", (s) =>
      s.replace("  - actor: police\n", "  - actor: prosecutor\n"),
    );
    expect(() => loadContent(content.dir)).toThrow(
      /manual step-2-acute-protection responsibilities' actors: Swedish \[police,/,
    );
  });
});

describe("the terminology", () => {
  it("uses none of the words docs/terminology.md rules out, anywhere in the content", () => {
    const found: string[] = [];
    for (const pair of contentPairs(loadContent())) {
      for (const lang of ["sv", "en"] as const) {
        const texts: readonly string[] = typeof pair[lang] === "string" ? [pair[lang]] : pair[lang];
        for (const text of texts)
          for (const t of bannedTermsIn(text, lang))
            found.push(`${pair.where} (${lang}): ${t.pattern} → ${t.instead}`);
      }
    }
    expect(found).toEqual([]);
  });

  it("uses none of them in the web training and the case exercises either", () => {
    const strings = (value: unknown): string[] =>
      typeof value === "string"
        ? [value]
        : value && typeof value === "object"
          ? Object.values(value).flatMap(strings)
          : [];
    const found: string[] = [];
    for (const kind of ["training", "exercises"])
      for (const lang of ["sv", "en"] as const)
        for (const file of readdirSync(join(CONTENT_DIR, kind, lang))) {
          const data: unknown = parseYaml(readFileSync(join(CONTENT_DIR, kind, lang, file), "utf8"));
          for (const text of strings(data))
            for (const t of bannedTermsIn(text, lang))
              found.push(`${kind}/${lang}/${file}: ${t.pattern} → ${t.instead}`);
        }
    expect(found).toEqual([]);
  });

  it("catches the wordings the sources rule out", () => {
    const hits = (text: string, lang: "sv" | "en") => bannedTermsIn(text, lang).length;
    expect(hits("Personen har rätt till betänketid och skyddat boende.", "sv")).toBeGreaterThan(0);
    expect(hits("Betänketid är ett tillfälligt uppehållstillstånd i 30 dagar.", "sv")).toBeGreaterThan(0);
    expect(hits("A 30-day temporary residence permit.", "en")).toBeGreaterThan(0);
    expect(hits("Vid akut fara: ring 112.", "sv")).toBeGreaterThan(0);
    expect(hits("Under 2021 stöttade de 490 ärenden.", "sv")).toBeGreaterThan(0);
    expect(hits("Exploatering i tiggeri", "sv")).toBeGreaterThan(0);
    expect(hits("when the child or the guardian does not want it", "en")).toBeGreaterThan(0);
    expect(hits("Ring 112 vid akut fara. Betänketid är ett tidsbegränsat uppehållstillstånd.", "sv")).toBe(0);
    expect(hits("an appointed guardian (god man) and the custodian", "en")).toBe(0);
    expect(hits("Stödtelefonen är öppen vardagar 09.00–16.00.", "sv")).toBeGreaterThan(0);
    expect(hits("The support line is open 9:00 to 16:00.", "en")).toBeGreaterThan(0);
    expect(BANNED_TERMS.every((t) => t.instead.length > 0)).toBe(true);
  });
});
