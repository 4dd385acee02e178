import { describe, expect, it } from "vitest";
import { contentCopies } from "./content-copy.ts";
import { loadContent } from "./index.ts";

const content = contentCopies();
/** A copy of content/ with guide.yaml changed. */
function withGuide(change: (s: string) => string): string {
  content.copy();
  content.edit("guide.yaml", change);
  return content.dir;
}

describe("the guide's texts", () => {
  it("are complete in both languages and marked as awaiting review", () => {
    const { guide } = loadContent();
    expect(guide.review).toEqual({ status: "example" });
    expect(guide.sv.static.steps).toHaveLength(6);
    expect(Object.keys(guide.en.actions)).toEqual(Object.keys(guide.sv.actions));
    expect(guide.formSigns.labour?.length).toBeGreaterThan(2);
  });

  it("never promise a right to a reflection period or a shelter, nor say the support line is open or closed now", () => {
    const { guide } = loadContent();
    const all = JSON.stringify([guide.sv, guide.en]);
    expect(all).not.toMatch(
      /rätt till (betänketid|skyddat boende)|right to (a )?(reflection period|protected shelter)/i,
    );
    expect(all).not.toMatch(/stängt nu|öppet nu|closed now|open now/i);
    expect(all).not.toMatch(/tillfällig|temporary|immediate danger/i);
  });

  it("fail the build on a misspelt or missing placeholder", () => {
    expect(() =>
      loadContent(
        withGuide((s) =>
          s.replace(
            'chosen: "{municipality} belongs to {region}."',
            'chosen: "{municipalty} belongs to {region}."',
          ),
        ),
      ),
    ).toThrow(
      /guide\.yaml: en\.questions\.where\.chosen: missing \{municipality\}; en\.questions\.where\.chosen: unknown \{municipalty\}/,
    );
    expect(() =>
      loadContent(
        withGuide((s) =>
          s.replace('"Kontakta regionkoordinatorn för {region}.', '"Kontakta regionkoordinatorn.'),
        ),
      ),
    ).toThrow(/sv\.actions\.coordinator: missing \{region\}/);
  });

  it("fail the build on a missing action text", () => {
    expect(() => loadContent(withGuide((s) => s.replace(/^ {4}stay-safe: .*\n/m, "")))).toThrow(
      /sv\.actions\.stay-safe/,
    );
  });

  it("fail the build on a sign that is not in the identification aid or not of that form", () => {
    expect(() =>
      loadContent(withGuide((s) => s.replace("    - housing-controlled\n", "    - housing-controled\n"))),
    ).toThrow(/formSigns\.labour: unknown indicator housing-controled/);
    expect(() =>
      loadContent(
        withGuide((s) => s.replace("    - labour-lives-at-workplace\n", "    - begging-daily-quota\n")),
      ),
    ).toThrow(/begging-daily-quota is not a sign of labour/);
  });

  it("a reviewed guide needs its date and an unreviewed one may not have one", () => {
    expect(() => loadContent(withGuide((s) => s.replace("status: example", "status: reviewed")))).toThrow(
      /review/,
    );
    expect(() =>
      loadContent(
        withGuide((s) => s.replace("status: example", "status: example\n  lastReviewed: 2026-12-01")),
      ),
    ).toThrow(/review/);
  });
});
