/**
 * Words the public text must not use, with what to write instead (docs/terminology.md). Each
 * one either promises what someone else decides, uses a name the sources do not use, or is a
 * calque that plain Swedish avoids. Checked over all content by the unit tests; the interface
 * strings can be checked against the same list.
 */
import type { Lang } from "./schemas.ts";

export interface BannedTerm {
  lang: Lang;
  pattern: RegExp;
  instead: string;
}

export const BANNED_TERMS: readonly BannedTerm[] = [
  { lang: "sv", pattern: /tillfällig[at]? uppehållstillstånd/i, instead: "tidsbegränsat uppehållstillstånd" },
  { lang: "en", pattern: /temporary residence permit/i, instead: "time-limited residence permit" },
  {
    lang: "sv",
    pattern: /rätt till (betänketid|skyddat boende)/i,
    instead:
      "vem som kan ansöka om betänketid och att Migrationsverket beslutar; ett skyddat boende om det finns plats",
  },
  {
    lang: "en",
    pattern: /right to (a )?(reflection period|protected (shelter|housing))/i,
    instead: "who can apply for a reflection period and that the Swedish Migration Agency decides",
  },
  {
    lang: "sv",
    pattern: /(?<!Den )\bnationell samordning mot prostitution/i,
    instead: "Den nationella samordningen mot prostitution och människohandel (NSPM)",
  },
  {
    lang: "sv",
    pattern: /\bstödkedjan\b(?! är)/,
    instead: "stöd- och skyddsprocessen (Stödkedjan is only the product's name)",
  },
  { lang: "en", pattern: /support chain/i, instead: "the support and protection process" },
  { lang: "sv", pattern: /för att använda en vuxen/i, instead: "för att utnyttja en vuxen" },
  { lang: "en", pattern: /to use an adult/i, instead: "to exploit an adult" },
  {
    lang: "sv",
    pattern: /exploatering i (tiggeri|arbete)/i,
    instead: "tvångstiggeri, arbetskraftsexploatering",
  },
  { lang: "sv", pattern: /tvångsbrottslighet/i, instead: "tvång att begå brott" },
  { lang: "en", pattern: /forced criminality/i, instead: "forced crime" },
  { lang: "sv", pattern: /\bstöttade?\b/i, instead: "ge stöd i, gav stöd i" },
  { lang: "sv", pattern: /remitter/i, instead: "hänvisa" },
  {
    lang: "sv",
    pattern: /har stängt nu/i,
    instead: "nothing about open or closed now: the hours are not confirmed",
  },
  {
    lang: "en",
    pattern: /is closed now/i,
    instead: "nothing about open or closed now: the hours are not confirmed",
  },
  {
    lang: "sv",
    pattern: /per koordinator/i,
    instead: "nothing: staffing varies, there is no per-coordinator average",
  },
  {
    lang: "en",
    pattern: /per coordinator/i,
    instead: "nothing: staffing varies, there is no per-coordinator average",
  },
  { lang: "en", pattern: /immediate danger/i, instead: "acute danger" },
  {
    lang: "en",
    pattern: /preliminary-investigation leader|head of (the|a) preliminary investigation/i,
    instead: "preliminary investigation leader",
  },
  {
    lang: "en",
    pattern: /out-of-hours social services|\bthe socialjour\b/i,
    instead: "the social services' out-of-hours service (socialjour)",
  },
  {
    lang: "en",
    pattern: /(?<!appointed |chief )guardian(?! \(god man\)| \(överförmyndaren\))/i,
    instead: "custodian (vårdnadshavare) or appointed guardian (god man)",
  },
  { lang: "en", pattern: /\bPenal Code\b/, instead: "Criminal Code" },
  {
    lang: "en",
    pattern: /(?<!\()\bMigrationsverket(?!\))/,
    instead: "the Swedish Migration Agency (Migrationsverket in brackets where it helps)",
  },
  // The sources give no clock times for the support line: the preliminary ones live only in
  // contacts.yaml (supportLine.hours, shown as preliminary while placeholderHours is true).
  ...(["sv", "en"] as const).map((lang) => ({
    lang,
    pattern: /\b\d{1,2}[:.]\d{2}\b|\bkl\. ?\d/,
    instead: "no clock times in text: the support line's hours are in contacts.yaml and unconfirmed",
  })),
  // A colon before an imperative ("Vid akut fara: ring 112"): write the imperative first.
  {
    lang: "sv",
    pattern: /: (ring|gör|kontakta|ta|skriv|fråga)\b/i,
    instead: "the imperative first: Ring 112 vid akut fara.",
  },
  {
    lang: "en",
    pattern: /: (call|file|report|contact)\b/i,
    instead: "the imperative first: Call 112 in acute danger.",
  },
];

/** The banned terms that a text in a language uses. */
export function bannedTermsIn(text: string, lang: Lang): BannedTerm[] {
  return BANNED_TERMS.filter((t) => t.lang === lang && t.pattern.test(text));
}
