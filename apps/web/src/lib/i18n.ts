/**
 * Interface strings in Swedish and English. The English object is typed after the Swedish
 * one, so a string missing in either language fails the type check.
 */
import type { Lang } from "@stodkedjan/content";

const sv = {
  siteName: "Stödkedjan",
  tagline: "Manual vid misstanke om människohandel",
  skip: "Hoppa till innehållet",
  otherLang: "In English",
  otherLangCode: "en",
  nav: { label: "Huvudmeny", home: "Start", guide: "Vad gör jag nu?", aid: "Identifieringsstöd", directory: "Hitta regionkoordinator", glossary: "Ordlista", search: "Sök" },
  emergency: "Akut fara? Ring",
  search: {
    label: "Sök i manualen",
    button: "Sök",
    placeholder: "t.ex. betänketid, barn, boende",
    title: "Sök",
    results: (n: number) => (n === 1 ? "1 träff" : `${n} träffar`),
    none: "Inga träffar. Prova ett annat ord eller se alla sidor nedan.",
    noscript: "Sökningen körs i din webbläsare och behöver JavaScript. Alla sidor finns listade nedan.",
    allPages: "Alla sidor",
    loading: "Laddar sökindex …",
  },
  review: {
    example: "Exempeltext som väntar på Jämställdhetsmyndighetens granskning",
    reviewed: "Granskad av Jämställdhetsmyndigheten",
    last: "Senast granskad",
    verify: "Väntar på verifiering",
    verifyIntro: "Följande uppgifter ska kontrolleras innan texten publiceras:",
  },
  step: (n: number) => `Steg ${n} av 6`,
  steps: ["Identifiering", "Akut skydd", "Inledande stöd", "Långsiktigt stöd", "Straffrättsligt förfarande", "Ett tryggt återvändande"],
  processTitle: "Stödkedjans sex steg",
  responsibilities: "Vem ansvarar för vad",
  rights: "Den utsattas rättigheter",
  checklist: "Checklista",
  related: "Relaterade steg",
  previous: "Föregående steg",
  next: "Nästa steg",
  contents: "På den här sidan",
  print: "Skriv ut",
  topics: "Fördjupning",
  footer: {
    privacy: "Det du skriver eller markerar i guiden och identifieringsstödet stannar i din webbläsare och skickas aldrig någonstans. Sidan fungerar också utan nät när du har besökt den en gång.",
    about: "Om manualen",
    example: "Allt innehåll är exempeltext skriven utifrån offentliga uppgifter och väntar på granskning. Kontaktuppgifter till regionkoordinatorer är platshållare.",
  },
  home: {
    title: "Misstänker du människohandel eller exploatering?",
    lead: "Här får du stöd att agera: vad du gör nu, vem som ansvarar för vad och vem du kan ringa. Du behöver inte vara säker för att göra något.",
    guideCta: "Vad gör jag nu? – börja här",
    aidCta: "Gå igenom tecknen",
    directoryCta: "Hitta din regionkoordinator",
    callsTitle: "Viktiga nummer",
  },
  contacts: { open: "Öppet nu", closed: "Stängt just nu", hoursPlaceholder: "Öppettiderna är preliminära och väntar på granskning.", weekdays: "vardagar" },
  notFound: { title: "Sidan finns inte", text: "Sidan du sökte finns inte. Gå till startsidan eller sök i manualen." },
};
export type Strings = typeof sv;

const en: Strings = {
  siteName: "Stödkedjan",
  tagline: "Manual for suspected human trafficking",
  skip: "Skip to content",
  otherLang: "På svenska",
  otherLangCode: "sv",
  nav: { label: "Main menu", home: "Home", guide: "What do I do now?", aid: "Identification aid", directory: "Find a regional coordinator", glossary: "Glossary", search: "Search" },
  emergency: "Immediate danger? Call",
  search: {
    label: "Search the manual",
    button: "Search",
    placeholder: "e.g. reflection period, children, shelter",
    title: "Search",
    results: (n: number) => (n === 1 ? "1 result" : `${n} results`),
    none: "No results. Try another word or see all pages below.",
    noscript: "Search runs in your browser and needs JavaScript. All pages are listed below.",
    allPages: "All pages",
    loading: "Loading the search index …",
  },
  review: {
    example: "Example text awaiting review by the Swedish Gender Equality Agency",
    reviewed: "Reviewed by the Swedish Gender Equality Agency",
    last: "Last reviewed",
    verify: "Awaiting verification",
    verifyIntro: "The following must be checked before the text is published:",
  },
  step: (n: number) => `Step ${n} of 6`,
  steps: ["Identification", "Acute protection", "Initial support", "Long-term support", "Criminal proceedings", "A safe return"],
  processTitle: "The six steps of the support chain",
  responsibilities: "Who is responsible for what",
  rights: "The victim's rights",
  checklist: "Checklist",
  related: "Related steps",
  previous: "Previous step",
  next: "Next step",
  contents: "On this page",
  print: "Print",
  topics: "In depth",
  footer: {
    privacy: "What you type or tick in the guide and the identification aid stays in your browser and is never sent anywhere. The site also works without a network once you have visited it.",
    about: "About the manual",
    example: "All content is example text written from public information and awaits review. Regional coordinators' contact details are placeholders.",
  },
  home: {
    title: "Do you suspect trafficking or exploitation?",
    lead: "Support to act: what to do now, who is responsible for what, and whom to call. You do not need to be certain to act.",
    guideCta: "What do I do now? – start here",
    aidCta: "Go through the signs",
    directoryCta: "Find your regional coordinator",
    callsTitle: "Important numbers",
  },
  contacts: { open: "Open now", closed: "Closed right now", hoursPlaceholder: "The opening hours are provisional and await review.", weekdays: "weekdays" },
  notFound: { title: "Page not found", text: "The page you were looking for does not exist. Go to the home page or search the manual." },
};

export const strings: Record<Lang, Strings> = { sv, en };
export const otherLang = (lang: Lang): Lang => (lang === "sv" ? "en" : "sv");
