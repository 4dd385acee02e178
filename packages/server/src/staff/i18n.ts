/**
 * The staff pages' two languages. Each view module declares its words with `defineText`, every
 * entry holding its Swedish and English side by side, so a missing translation is a type error
 * rather than a blank on a page. The language is the user's choice (Swedish by default), also
 * between password and second factor; before signing in, the sign-in page's own link (`?lang=en`)
 * chooses it.
 */
import type { Context } from "hono";
import type { Principal } from "../access/policy.ts";
import type { Session } from "../auth/sessions.ts";

export const LANGS = ["sv", "en"] as const;
export type Lang = (typeof LANGS)[number];

/** The language a request's pages are written in. */
export function langOf(c: Pick<Context, "get" | "req">): Lang {
  const get = c.get as (key: "principal" | "session") => unknown;
  const principal = get("principal") as Principal | null | undefined;
  if (principal) return principal.language ?? "sv";
  const session = get("session") as Session | null | undefined;
  if (session) return session.language;
  return c.req.query("lang") === "en" ? "en" : "sv";
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
