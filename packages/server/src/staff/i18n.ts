/**
 * The staff pages' two languages. Each view module declares its words with `defineText`, every
 * entry holding its Swedish and English side by side, so a missing translation is a type error
 * rather than a blank on a page. The language is the signed-in user's choice (Swedish by
 * default); before signing in the pages are Swedish.
 */
import type { Context } from "hono";
import type { Principal } from "../access/policy.ts";

export const LANGS = ["sv", "en"] as const;
export type Lang = (typeof LANGS)[number];

/** The language a request's pages are written in. */
export function langOf(c: Pick<Context, "get">): Lang {
  const principal = (c.get as (key: "principal") => Principal | null | undefined)("principal");
  return principal?.language ?? "sv";
}

type Word = string | ((...args: never[]) => string);
type Entries = Record<string, { sv: Word; en: Word }>;
export type Texts<T extends Entries> = { [K in keyof T]: T[K]["sv"] };

/**
 * A view's words in both languages: `const text = defineText({ save: { sv: "Spara", en: "Save" } })`,
 * then `text(lang).save`. An entry may be a function for words that take values.
 */
export function defineText<T extends Entries>(
  entries: T & { [K in keyof T]: { en: T[K]["sv"] } },
): (lang: Lang) => Texts<T> {
  const byLang = Object.fromEntries(
    LANGS.map((lang) => [
      lang,
      Object.fromEntries(Object.entries(entries).map(([key, words]) => [key, words[lang]])),
    ]),
  ) as Record<Lang, Texts<T>>;
  return (lang) => byLang[lang];
}
