import { describe, expect, it } from "vitest";
import { defineText, langOf } from "./i18n.ts";

const text = defineText({
  save: { sv: "Spara", en: "Save" },
  count: { sv: (n: number) => `${n} ärenden`, en: (n: number) => `${n} cases` },
});

describe("the staff pages' words", () => {
  it("come in the signed-in user's language, Swedish before signing in and for tokens", () => {
    const ctx = (principal: unknown) => ({ get: () => principal }) as never;
    expect(langOf(ctx(null))).toBe("sv");
    expect(langOf(ctx({ kind: "token" }))).toBe("sv");
    expect(langOf(ctx({ kind: "user", language: "en" }))).toBe("en");
    expect(text("sv").save).toBe("Spara");
    expect(text("en").count(3)).toBe("3 cases");
  });
});
