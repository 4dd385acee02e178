import { describe, expect, it } from "vitest";
import { defineText, langOf } from "./i18n.ts";

const text = defineText({
  save: { sv: "Spara", en: "Save" },
  count: { sv: (n: number) => `${n} ärenden`, en: (n: number) => `${n} cases` },
});

describe("the staff pages' words", () => {
  it("come in the user's language, also before the second factor; Swedish by default and for tokens", () => {
    const ctx = (principal: unknown, session: unknown = null, lang?: string) =>
      ({
        get: (key: string) => (key === "principal" ? principal : session),
        req: { query: () => lang },
      }) as never;
    expect(langOf(ctx(null))).toBe("sv");
    expect(langOf(ctx(null, null, "en"))).toBe("en");
    expect(langOf(ctx(null, null, "xx"))).toBe("sv");
    expect(langOf(ctx({ kind: "token" }))).toBe("sv");
    expect(langOf(ctx({ kind: "user", language: "en" }, null, "sv"))).toBe("en");
    // Between password and second factor: the account's language.
    expect(langOf(ctx(null, { language: "en" }))).toBe("en");
    expect(text("sv").save).toBe("Spara");
    expect(text("en").count(3)).toBe("3 cases");
  });
});
