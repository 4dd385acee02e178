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
  nav: {
    label: "Huvudmeny",
    home: "Start",
    guide: "Vad gör jag nu?",
    aid: "Identifieringsstöd",
    directory: "Hitta regionkoordinator",
    glossary: "Ordlista",
    search: "Sök",
  },
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
  steps: [
    "Identifiering",
    "Akut skydd",
    "Inledande stöd",
    "Långsiktigt stöd",
    "Straffrättsligt förfarande",
    "Ett tryggt återvändande",
  ],
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
    privacy:
      "Det du skriver eller markerar i guiden och identifieringsstödet stannar i din webbläsare och skickas aldrig någonstans. Sidan fungerar också utan nät när du har besökt den en gång.",
    about: "Om manualen",
    example:
      "Allt innehåll är exempeltext skriven utifrån offentliga uppgifter och väntar på granskning. Kontaktuppgifter till regionkoordinatorer är platshållare.",
  },
  home: {
    title: "Misstänker du människohandel eller exploatering?",
    lead: "Här får du stöd att agera: vad du gör nu, vem som ansvarar för vad och vem du kan ringa. Du behöver inte vara säker för att göra något.",
    guideCta: "Vad gör jag nu? – börja här",
    aidCta: "Gå igenom tecknen",
    directoryCta: "Hitta din regionkoordinator",
    callsTitle: "Viktiga nummer",
  },
  contacts: {
    open: "Öppet nu",
    closed: "Stängt just nu",
    hoursPlaceholder: "Öppettiderna är preliminära och väntar på granskning.",
    weekdays: "vardagar",
  },
  tools: {
    guide: "Svara på några frågor och få en lista över vad du ska göra och vem du ska kontakta.",
    aid: "Tecken på människohandel och exploatering, ordnade efter form och område, som stöd för din bedömning.",
    directory: "Sök på kommun och hitta region och regionkoordinator.",
  },
  guide: {
    title: "Vad gör jag nu?",
    lead: "Svara på några korta frågor. Du får en lista över vad du ska göra, i rätt ordning, med rätt nummer. Svaren stannar i din webbläsare och skickas ingenstans.",
    staticTitle: "Det här gör du",
    staticIntro: "Guiden behöver JavaScript. Utan den gäller det här, i den här ordningen:",
    staticSteps: [
      "Är någon i akut fara? Ring 112.",
      "Är det brådskande men ingen i akut fara? Ring polisen på 114 14. Utanför kontorstid kan du också nå socialjouren.",
      "Kan personen vara under 18 år? Gör alltid en orosanmälan till socialtjänsten. Barnet behöver inte samtycka.",
      "Vill du ha råd? Ring stödtelefonen 020-390 000 på vardagar under kontorstid, eller kontakta regionkoordinatorn där du är.",
      "Skriv ner vad du såg och hörde: datum, tid, plats och personens egna ord.",
    ],
    yes: "Ja",
    no: "Nej",
    unsure: "Vet inte",
    nextQ: "Nästa fråga",
    required: "Välj ett svar för att gå vidare.",
    back: "Tillbaka",
    show: "Visa vad jag ska göra",
    restart: "Börja om",
    progress: (n: number, of: number) => `Fråga ${n} av ${of}`,
    danger: {
      legend: "Är någon i akut fara just nu?",
      hint: "Till exempel hot, våld, allvarlig skada eller att någon hålls fast.",
    },
    urgent: {
      legend: "Är det brådskande?",
      hint: "Till exempel att personen kan försvinna eller flyttas snart, eller att ett brott pågår.",
    },
    child: {
      legend: "Kan personen vara under 18 år?",
      hint: "Är du osäker på åldern, svara Vet inte. Då utgår vi från att det kan vara ett barn.",
    },
    form: {
      legend: "Vad misstänker du?",
      hint: "Välj det som stämmer bäst. Det går bra att svara Vet inte.",
      unknown: "Vet inte",
    },
    where: {
      legend: "Var är du?",
      hint: "Skriv kommunens namn, med eller utan å, ä och ö. Då visar vi din regionkoordinator.",
      label: "Kommun",
      skip: "Hoppa över",
      none: "Ingen kommun matchar. Prova de första bokstäverna.",
      chosen: (m: string, r: string) => `${m} hör till ${r}.`,
      change: "Byt kommun",
    },
    office: {
      legend: "Är det vardag och kontorstid just nu?",
      hint: "Stödtelefonen har öppet vardagar under kontorstid.",
      now: (open: boolean): string =>
        open
          ? "Enligt klockan på din enhet är det kontorstid nu."
          : "Enligt klockan på din enhet är det inte kontorstid nu.",
    },
    result: "Det här gör du",
    resultFor: "Dina svar",
    when: { now: "Nu", today: "I dag", soon: "Sedan" },
    print: "Skriv ut listan",
    actions: {
      "call-112":
        "Ring 112. Säg att någon är i akut fara och att du misstänker människohandel eller exploatering.",
      "call-police": "Ring polisen på 114 14. Berätta vad du har sett och att det är brådskande.",
      "stay-safe":
        "Ta inga risker själv. Konfrontera inte den som du tror styr personen. Stanna om det är säkert tills hjälp kommer.",
      "report-child":
        "Gör en orosanmälan till socialtjänsten i kommunen, helst per telefon först. Barnet behöver inte samtycka. Socialtjänsten ansvarar för att barnet får skydd.",
      socialjour:
        "Det är utanför kontorstid: ring socialjouren. Du når den via kommunens växel eller via 112.",
      "support-line": "Ring stödtelefonen 020-390 000 för råd om hur du går vidare. Den har öppet nu.",
      "support-line-closed":
        "Stödtelefonen 020-390 000 har stängt nu. Ring nästa vardag för råd. Brådskande ärenden går till polisen 114 14 eller socialjouren.",
      coordinator: "Kontakta regionkoordinatorn för {region}. Hen ger råd och samordnar stödet:",
      "find-coordinator": "Ta reda på vilken regionkoordinator som finns där du är:",
      "form-next": "Det här gäller särskilt vid {form}:",
      document:
        "Skriv ner vad du såg och hörde: datum, tid, plats och personens egna ord. Förvara anteckningarna säkert.",
      "inform-rights":
        "Berätta för personen att hen har rätt till skydd och stöd, till exempel betänketid och skyddat boende, oavsett vad hen har tvingats göra.",
      "read-more": "Läs mer om första steget, identifiering, och gå igenom tecknen i identifieringsstödet:",
    },
    links: {
      directory: "Hitta regionkoordinator",
      step1: "Steg 1: Identifiering",
      aid: "Identifieringsstödet",
      rights: "Steg 2: Akut skydd",
    },
  },
  aid: {
    title: "Identifieringsstöd",
    lead: "Markera det du har sett eller hört. Stödet hjälper dig att ordna dina iakttagelser och visar nästa steg.",
    filter: "Visa tecken för",
    allForms: "Alla former",
    dimensions: "Områden",
    count: (n: number) => (n === 1 ? "Du har markerat 1 tecken." : `Du har markerat ${n} tecken.`),
    summary: "Sammanfattning",
    nextSteps: "Nästa steg",
    selected: "Det du har markerat",
    print: "Skriv ut sammanfattningen",
    clear: "Rensa markeringar",
    childSign: "Gäller barn",
    noscript:
      "Med JavaScript påslaget räknar stödet dina markeringar och visar nästa steg här. Utan JavaScript gäller vägledningen nedan.",
    levelsTitle: "Vägledning",
  },
  directory: {
    title: "Hitta regionkoordinator",
    lead: "Det finns regionkoordinatorer i landets sju regioner. De ger råd och stöd i enskilda fall och samordnar arbetet i regionen.",
    label: "Skriv din kommun",
    hint: "Med eller utan å, ä och ö. De första bokstäverna räcker.",
    none: "Ingen kommun matchar.",
    result: (m: string, c: string, r: string) => `${m} ligger i ${c} och hör till ${r}.`,
    coordinators: "Regionkoordinatorer",
    counties: "Län och kommuner",
    placeholder: "Platshållare – riktiga kontaktuppgifter publiceras av Jämställdhetsmyndigheten.",
    focus: { all: "Barn och vuxna", children: "Barn", adults: "Vuxna" },
    host: "Anställd i",
    allMunicipalities: "Alla kommuner A–Ö",
    phone: "Telefon",
    email: "E-post",
  },
  glossary: {
    title: "Ordlista",
    lead: "Ord och begrepp som används i manualen, förklarade kort.",
    readMore: "Läs mer",
  },
  notFound: {
    title: "Sidan finns inte",
    text: "Sidan du sökte finns inte. Gå till startsidan eller sök i manualen.",
  },
};
export type Strings = typeof sv;

const en: Strings = {
  siteName: "Stödkedjan",
  tagline: "Manual for suspected human trafficking",
  skip: "Skip to content",
  otherLang: "På svenska",
  otherLangCode: "sv",
  nav: {
    label: "Main menu",
    home: "Home",
    guide: "What do I do now?",
    aid: "Identification aid",
    directory: "Find a regional coordinator",
    glossary: "Glossary",
    search: "Search",
  },
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
  steps: [
    "Identification",
    "Acute protection",
    "Initial support",
    "Long-term support",
    "Criminal proceedings",
    "A safe return",
  ],
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
    privacy:
      "What you type or tick in the guide and the identification aid stays in your browser and is never sent anywhere. The site also works without a network once you have visited it.",
    about: "About the manual",
    example:
      "All content is example text written from public information and awaits review. Regional coordinators' contact details are placeholders.",
  },
  home: {
    title: "Do you suspect trafficking or exploitation?",
    lead: "Support to act: what to do now, who is responsible for what, and whom to call. You do not need to be certain to act.",
    guideCta: "What do I do now? – start here",
    aidCta: "Go through the signs",
    directoryCta: "Find your regional coordinator",
    callsTitle: "Important numbers",
  },
  contacts: {
    open: "Open now",
    closed: "Closed right now",
    hoursPlaceholder: "The opening hours are provisional and await review.",
    weekdays: "weekdays",
  },
  tools: {
    guide: "Answer a few questions and get a list of what to do and whom to contact.",
    aid: "Signs of trafficking and exploitation, sorted by form and area, to support your judgement.",
    directory: "Search by municipality to find the region and its regional coordinator.",
  },
  guide: {
    title: "What do I do now?",
    lead: "Answer a few short questions. You get a list of what to do, in the right order, with the right numbers. Your answers stay in your browser and are sent nowhere.",
    staticTitle: "What to do",
    staticIntro: "The guide needs JavaScript. Without it, this applies, in this order:",
    staticSteps: [
      "Is anyone in immediate danger? Call 112.",
      "Is it urgent but no one in immediate danger? Call the police on 114 14. Out of office hours you can also reach the social services' out-of-hours service (socialjour).",
      "Could the person be under 18? Always report your concern to social services (orosanmälan). The child does not need to consent.",
      "Do you want advice? Call the support line 020-390 000 on weekdays in office hours, or contact the regional coordinator where you are.",
      "Write down what you saw and heard: date, time, place and the person's own words.",
    ],
    yes: "Yes",
    no: "No",
    unsure: "Not sure",
    nextQ: "Next question",
    required: "Choose an answer to continue.",
    back: "Back",
    show: "Show what to do",
    restart: "Start again",
    progress: (n: number, of: number) => `Question ${n} of ${of}`,
    danger: {
      legend: "Is anyone in immediate danger right now?",
      hint: "For example threats, violence, serious injury or someone being held.",
    },
    urgent: {
      legend: "Is it urgent?",
      hint: "For example the person may disappear or be moved soon, or a crime is going on.",
    },
    child: {
      legend: "Could the person be under 18?",
      hint: "If you are not sure of the age, answer Not sure. We then assume it may be a child.",
    },
    form: {
      legend: "What do you suspect?",
      hint: "Choose what fits best. You can answer Not sure.",
      unknown: "Not sure",
    },
    where: {
      legend: "Where are you?",
      hint: "Type the name of the municipality, with or without å, ä and ö. We then show your regional coordinator.",
      label: "Municipality",
      skip: "Skip",
      none: "No municipality matches. Try the first letters.",
      chosen: (m: string, r: string) => `${m} belongs to ${r}.`,
      change: "Change municipality",
    },
    office: {
      legend: "Is it a weekday in office hours right now?",
      hint: "The support line is open on weekdays in office hours.",
      now: (open: boolean) =>
        open
          ? "By your device's clock it is office hours now."
          : "By your device's clock it is not office hours now.",
    },
    result: "What to do",
    resultFor: "Your answers",
    when: { now: "Now", today: "Today", soon: "Then" },
    print: "Print the list",
    actions: {
      "call-112":
        "Call 112. Say that someone is in immediate danger and that you suspect trafficking or exploitation.",
      "call-police": "Call the police on 114 14. Tell them what you have seen and that it is urgent.",
      "stay-safe":
        "Take no risks yourself. Do not confront the person you think controls them. Stay, if it is safe, until help arrives.",
      "report-child":
        "Report your concern to the municipality's social services (orosanmälan), preferably by phone first. The child does not need to consent. Social services are responsible for protecting the child.",
      socialjour:
        "It is outside office hours: call the social services' out-of-hours service (socialjour), through the municipality's switchboard or through 112.",
      "support-line": "Call the support line 020-390 000 for advice on what to do next. It is open now.",
      "support-line-closed":
        "The support line 020-390 000 is closed now. Call on the next weekday for advice. Urgent matters go to the police on 114 14 or to socialjour.",
      coordinator: "Contact the regional coordinator for {region}. They give advice and coordinate support:",
      "find-coordinator": "Find out which regional coordinator covers where you are:",
      "form-next": "This applies in particular to {form}:",
      document:
        "Write down what you saw and heard: date, time, place and the person's own words. Keep the notes safe.",
      "inform-rights":
        "Tell the person that they have a right to protection and support, such as a reflection period and a protected shelter, whatever they have been forced to do.",
      "read-more":
        "Read more about the first step, identification, and go through the signs in the identification aid:",
    },
    links: {
      directory: "Find a regional coordinator",
      step1: "Step 1: Identification",
      aid: "The identification aid",
      rights: "Step 2: Acute protection",
    },
  },
  aid: {
    title: "Identification aid",
    lead: "Tick what you have seen or heard. The aid helps you organise your observations and shows the next step.",
    filter: "Show signs for",
    allForms: "All forms",
    dimensions: "Areas",
    count: (n: number) => (n === 1 ? "You have ticked 1 sign." : `You have ticked ${n} signs.`),
    summary: "Summary",
    nextSteps: "Next steps",
    selected: "What you ticked",
    print: "Print the summary",
    clear: "Clear",
    childSign: "Concerns children",
    noscript:
      "With JavaScript on, the aid counts what you tick and shows the next step here. Without JavaScript, the guidance below applies.",
    levelsTitle: "Guidance",
  },
  directory: {
    title: "Find a regional coordinator",
    lead: "There are regional coordinators in the country's seven regions. They give advice and support in individual cases and coordinate the work in the region.",
    label: "Type your municipality",
    hint: "With or without å, ä and ö. The first letters are enough.",
    none: "No municipality matches.",
    result: (m: string, c: string, r: string) => `${m} is in ${c} and belongs to ${r}.`,
    coordinators: "Regional coordinators",
    counties: "Counties and municipalities",
    placeholder:
      "Placeholder – the real contact details are published by the Swedish Gender Equality Agency.",
    focus: { all: "Children and adults", children: "Children", adults: "Adults" },
    host: "Employed by",
    allMunicipalities: "All municipalities A–Ö",
    phone: "Phone",
    email: "Email",
  },
  glossary: {
    title: "Glossary",
    lead: "Words and concepts used in the manual, briefly explained.",
    readMore: "Read more",
  },
  notFound: {
    title: "Page not found",
    text: "The page you were looking for does not exist. Go to the home page or search the manual.",
  },
};

export const strings: Record<Lang, Strings> = { sv, en };
export const otherLang = (lang: Lang): Lang => (lang === "sv" ? "en" : "sv");
