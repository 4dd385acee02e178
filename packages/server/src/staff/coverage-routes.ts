/**
 * Coverage of NSP's certified shelters for the national team (ADR 0027): a schematic figure of
 * the seven regions drawn as SVG on the server (no script, no map data) and the table it is drawn
 * from, which is its text alternative; then the known gaps.
 */
import type { Db } from "@stodkedjan/db";
import { html, raw } from "hono/html";
import { ServiceError } from "../cases/errors.ts";
import { type Coverage, coverage, type RegionCoverage, type RegionGap } from "../shelters/coverage.ts";
import { fail } from "./errors.ts";
import { defineText, type Lang, langOf } from "./i18n.ts";
import { label } from "./labels.ts";
import { page, type StaffContext, scrollable } from "./layout.ts";
import type { Router } from "./router.ts";

const TEXT = defineText({
  title: { sv: "Täckning: certifierade boenden per region", en: "Coverage: certified shelters by region" },
  intro: {
    sv: "NSP:s mål är ett certifierat skyddat boende i varje region, boenden för flera former av exploatering och boenden som tar emot män. Lediga platser är platserna i certifierade boenden minus de placeringar som pågår där nu.",
    en: "NSP's goals are a certified shelter in every region, shelters for several forms of exploitation and shelters that take men. Free places are the places in certified shelters minus the placements there now.",
  },
  figure: { sv: "De sju regionerna (schematiskt)", en: "The seven regions (schematic)" },
  figureDesc: {
    sv: "Varje ruta är en region med antal certifierade boenden och lediga platser. Tabellen nedan visar samma siffror.",
    en: "Each tile is a region with its number of certified shelters and free places. The table below shows the same figures.",
  },
  region: { sv: "Region", en: "Region" },
  shelters: { sv: "Boenden i registret", en: "Shelters in the registry" },
  certified: { sv: "Certifierade", en: "Certified" },
  capacity: { sv: "Platser (certifierade)", en: "Places (certified)" },
  free: { sv: "Lediga platser", en: "Free places" },
  freeMen: { sv: "Lediga för män", en: "Free for men" },
  freeChildren: { sv: "Lediga för barn", en: "Free for children" },
  gaps: { sv: "Luckor", en: "Gaps" },
  country: { sv: "Hela landet", en: "The whole country" },
  tileCertified: { sv: (n: number) => `${n} certifierade`, en: (n: number) => `${n} certified` },
  tileFree: { sv: (n: number) => `${n} lediga platser`, en: (n: number) => `${n} free places` },
  "no-certified-shelter": { sv: "inget certifierat boende", en: "no certified shelter" },
  "no-place-for-men": { sv: "inget boende för män", en: "no shelter for men" },
  "no-free-place": { sv: "ingen ledig plats", en: "no free place" },
  knownGaps: { sv: "Kända luckor", en: "Known gaps" },
  formsUntaken: {
    sv: "Former av exploatering som inget certifierat boende tar emot:",
    en: "Forms of exploitation that no certified shelter takes:",
  },
  allForms: {
    sv: "Varje form av exploatering tas emot av minst ett certifierat boende.",
    en: "Every form of exploitation is taken by at least one certified shelter.",
  },
  regionsWithout: { sv: "Regioner utan certifierat boende:", en: "Regions without a certified shelter:" },
  regionsWithoutMen: {
    sv: "Regioner med certifierat boende men inget för män:",
    en: "Regions with a certified shelter but none for men:",
  },
  none: { sv: "inga", en: "none" },
  toRegistry: { sv: "Till registret", en: "To the registry" },
});

/** Where each region's tile sits on a 3 × 4 grid, roughly as the regions lie on the map. */
const TILES: Record<string, [number, number]> = {
  nord: [1, 0],
  bergslagen: [0, 1],
  mitt: [1, 1],
  vast: [0, 2],
  ost: [1, 2],
  stockholm: [2, 2],
  syd: [1, 3],
};
const W = 200;
const H = 110;
const GAP = 8;

/** The figure: one tile per region, its fill telling the gap (and the text saying it, not colour alone). */
export function coverageSvg(cov: Coverage, lang: Lang) {
  const t = TEXT(lang);
  const tile = (r: RegionCoverage) => {
    const [col, row] = TILES[r.regionId] ?? [2, 0];
    const x = col * (W + GAP);
    const y = row * (H + GAP);
    const fill = r.gaps.includes("no-certified-shelter") ? "#fde2e1" : r.gaps.length ? "#fff4cc" : "#e3f1e4";
    const stroke = r.gaps.includes("no-certified-shelter")
      ? "#a4262c"
      : r.gaps.length
        ? "#8a6100"
        : "#2e6b34";
    const lines = [t.tileCertified(r.certified), t.tileFree(r.free), ...r.gaps.map((g) => t[g])];
    return `<g data-region="${r.regionId}"><rect x="${x}" y="${y}" width="${W}" height="${H}" rx="6" fill="${fill}" stroke="${stroke}" stroke-width="2"/><text x="${x + 10}" y="${y + 24}" font-size="17" font-weight="700" fill="#1b1b1b">${esc(label("region", r.regionId, lang))}</text>${lines
      .map(
        (line, i) =>
          `<text x="${x + 10}" y="${y + 46 + i * 19}" font-size="14" fill="#1b1b1b">${esc(line)}</text>`,
      )
      .join("")}</g>`;
  };
  const width = 3 * W + 2 * GAP;
  const height = 4 * H + 3 * GAP;
  return raw(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="coverage-svg-title coverage-svg-desc" class="coverage-map" style="width:100%;max-width:${width}px;height:auto"><title id="coverage-svg-title">${esc(t.figure)}</title><desc id="coverage-svg-desc">${esc(t.figureDesc)}</desc>${cov.regions.map(tile).join("")}</svg>`,
  );
}

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function mountCoverage(router: Router, db: Db) {
  router.get("/staff/coverage", "shelters.followup", async (c: StaffContext) => {
    try {
      const principal = c.get("principal");
      if (!principal) throw new ServiceError(403, "Not signed in");
      const cov = await coverage({ db, principal });
      const lang = langOf(c);
      const t = TEXT(lang);
      const n = (v: number) => v.toLocaleString(lang === "sv" ? "sv-SE" : "en-GB");
      const gapText = (gaps: RegionGap[]) => gaps.map((g) => t[g]).join(", ") || "–";
      const regionsWith = (gap: RegionGap) =>
        cov.regions.filter((r) => r.gaps.includes(gap)).map((r) => label("region", r.regionId, lang));
      const without = regionsWith("no-certified-shelter");
      const withoutMen = regionsWith("no-place-for-men");
      return page(
        c,
        t.title,
        html`<p><a href="/staff/shelters">${t.toRegistry}</a></p>
          <p class="meta">${t.intro}</p>
          <figure><figcaption>${t.figure}</figcaption>${coverageSvg(cov, lang)}</figure>
          ${scrollable(
            t.title,
            html`<table class="stack" id="coverage-table"><thead><tr><th scope="col">${t.region}</th><th scope="col">${t.shelters}</th><th scope="col">${t.certified}</th><th scope="col">${t.capacity}</th><th scope="col">${t.free}</th><th scope="col">${t.freeMen}</th><th scope="col">${t.freeChildren}</th><th scope="col">${t.gaps}</th></tr></thead>
            <tbody>${cov.regions.map(
              (r) =>
                html`<tr data-region="${r.regionId}"><th scope="row">${label("region", r.regionId, lang)}</th><td data-label="${t.shelters}">${n(r.shelters)}</td><td data-label="${t.certified}">${n(r.certified)}</td><td data-label="${t.capacity}">${n(r.capacity)}</td><td data-label="${t.free}">${n(r.free)}</td><td data-label="${t.freeMen}">${n(r.freeFor.men)}</td><td data-label="${t.freeChildren}">${n(r.freeFor.children)}</td><td data-label="${t.gaps}" class="${r.gaps.length ? "overdue" : ""}">${gapText(r.gaps)}</td></tr>`,
            )}
            <tr><th scope="row">${t.country}</th><td data-label="${t.shelters}">${n(cov.total.shelters)}</td><td data-label="${t.certified}">${n(cov.total.certified)}</td><td data-label="${t.capacity}">${n(cov.total.capacity)}</td><td data-label="${t.free}">${n(cov.total.free)}</td><td data-label="${t.freeMen}">${n(cov.total.freeFor.men)}</td><td data-label="${t.freeChildren}">${n(cov.total.freeFor.children)}</td><td data-label="${t.gaps}">–</td></tr></tbody></table>`,
          )}
          <h2>${t.knownGaps}</h2>
          <ul id="known-gaps">
            <li>${t.regionsWithout} ${without.length ? without.join(", ") : t.none}</li>
            <li>${t.regionsWithoutMen} ${withoutMen.length ? withoutMen.join(", ") : t.none}</li>
            <li>${
              cov.formsUntaken.length
                ? `${t.formsUntaken} ${cov.formsUntaken.map((f) => label("form", f, lang)).join(", ")}`
                : t.allForms
            }</li>
          </ul>`,
      );
    } catch (e) {
      return fail(c, e, "/staff/shelters");
    }
  });
}
