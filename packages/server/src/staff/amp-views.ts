/** IOM's page: the ÅMP applications coordinators have submitted, without case content. */
import { ampClaimWindow, swedishToday } from "@stodkedjan/domain";
import { html } from "hono/html";
import type { AmpApplicationView } from "../amp/service.ts";
import { defineText, type Lang } from "./i18n.ts";
import { label } from "./labels.ts";
import { scrollable } from "./layout.ts";
import { regionName } from "./placement-views.ts";

const TEXT = defineText({
  title: { sv: "Ansökningar till ÅMP", en: "ÅMP applications" },
  intro: {
    sv: "IOM ser inskickade ansökningar: pseudonym, region, status, fas och beviljat stöd. Kontakt sker med regionkoordinatorn.",
    en: "IOM sees submitted applications: pseudonym, region, status, phase and granted support. Contact goes through the regional coordinator.",
  },
  table: { sv: "Ansökningar", en: "Applications" },
  person: { sv: "Person", en: "Person" },
  region: { sv: "Region", en: "Region" },
  status: { sv: "Status", en: "Status" },
  window: { sv: "Tidsfönster", en: "Time window" },
  submitted: { sv: (d: string) => `Inskickad ${d}`, en: (d: string) => `Submitted ${d}` },
  notSubmitted: { sv: "Inte inskickad", en: "Not submitted" },
  claimsOpen: {
    sv: (d: string, n: number) => `Stöd kan begäras till ${d} (${n} dagar kvar)`,
    en: (d: string, n: number) => `Support can be claimed until ${d} (${n} days left)`,
  },
  claimsClosed: {
    sv: (d: string) => `Fönstret för att begära stöd stängde ${d}`,
    en: (d: string) => `The window to claim support closed on ${d}`,
  },
});

/** An ÅMP application's time window in words: sent, or how long granted support can be claimed. */
export function ampClock(
  lang: Lang,
  r: { submittedOn?: string | null; approvedOn?: string | null },
  on = swedishToday(),
): string {
  const t = TEXT(lang);
  if (!r.approvedOn) return r.submittedOn ? t.submitted(r.submittedOn) : t.notSubmitted;
  const w = ampClaimWindow({ approvedOn: r.approvedOn }, on);
  return w.open ? t.claimsOpen(w.closesOn, w.daysLeft) : t.claimsClosed(w.closesOn);
}

export const ampTitle = (lang: Lang) => TEXT(lang).title;

/** The applications as a table; the status and window as the case page words them. */
export function ampTable(lang: Lang, list: AmpApplicationView[], caption = TEXT(lang).table) {
  const t = TEXT(lang);
  return scrollable(
    caption,
    html`<table class="stack"><thead><tr><th scope="col">${t.person}</th><th scope="col">${t.region}</th><th scope="col">${t.status}</th><th scope="col">${t.window}</th></tr></thead><tbody>${list.map(
      (a) =>
        html`<tr><td data-label="${t.person}">${a.pseudonym}</td><td data-label="${t.region}">${regionName(a.regionId, lang)}</td><td data-label="${t.status}">${label("referralStatus", a.application.status, lang)}</td><td data-label="${t.window}">${ampClock(lang, a.application)}</td></tr>`,
    )}</tbody></table>`,
  );
}

export function ampView(lang: Lang, list: AmpApplicationView[]) {
  return html`<p class="meta">${TEXT(lang).intro}</p>${ampTable(lang, list)}`;
}
