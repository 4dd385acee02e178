/**
 * The municipality choice of the staff forms: the user's region's municipalities first, the rest
 * of the country after, as two groups of one list, so it works without JavaScript and a case
 * from elsewhere in the country can still be registered.
 */
import { type Db, schema } from "@stodkedjan/db";
import { asc, eq } from "drizzle-orm";
import { html } from "hono/html";
import { defineText, type Lang } from "./i18n.ts";

const TEXT = defineText({
  choose: { sv: "Välj kommun", en: "Choose a municipality" },
  own: { sv: (region: string) => `I ${region}`, en: (region: string) => `In ${region}` },
  others: { sv: "Övriga kommuner", en: "Other municipalities" },
  all: { sv: "Alla kommuner", en: "All municipalities" },
});

export interface MunicipalityChoices {
  regionName: string | null;
  own: { code: string; name: string }[];
  others: { code: string; name: string }[];
}

/** The municipalities split by whether they are in the region, each part by name. */
export async function municipalityChoices(
  db: Db,
  regionId: string | null,
  lang: Lang,
): Promise<MunicipalityChoices> {
  const rows = await db
    .select({
      code: schema.municipalities.code,
      name: schema.municipalities.name,
      regionId: schema.counties.regionId,
      regionSv: schema.regions.nameSv,
      regionEn: schema.regions.nameEn,
    })
    .from(schema.municipalities)
    .innerJoin(schema.counties, eq(schema.counties.code, schema.municipalities.countyCode))
    .innerJoin(schema.regions, eq(schema.regions.id, schema.counties.regionId))
    .orderBy(asc(schema.municipalities.name));
  const mine = rows.filter((r) => r.regionId === regionId);
  const first = mine[0];
  return {
    regionName: first ? (lang === "sv" ? first.regionSv : first.regionEn) : null,
    own: mine.map(({ code, name }) => ({ code, name })),
    others: rows.filter((r) => r.regionId !== regionId).map(({ code, name }) => ({ code, name })),
  };
}

/** The `<option>`s of a municipality `<select>`: a blank first, the region's group, then the others. */
export function municipalityOptions(choices: MunicipalityChoices, lang: Lang, selected?: unknown) {
  const t = TEXT(lang);
  const option = (m: { code: string; name: string }) =>
    html`<option value="${m.code}"${m.code === selected ? html` selected` : ""}>${m.name}</option>`;
  const blank = html`<option value="">${t.choose}</option>`;
  if (!choices.own.length || !choices.regionName)
    return html`${blank}<optgroup label="${t.all}">${choices.others.map(option)}</optgroup>`;
  return html`${blank}<optgroup label="${t.own(choices.regionName)}">${choices.own.map(option)}</optgroup><optgroup label="${t.others}">${choices.others.map(option)}</optgroup>`;
}
