/** Municipality lookup on the directory page: type, pick, and the region's section is shown. */
import { type DirectoryMunicipality, findMunicipalities } from "@stodkedjan/domain/directory";
import { strings } from "../lib/i18n.ts";
import { el } from "./dom.ts";

const lang = document.documentElement.lang === "en" ? "en" : "sv";
const t = strings[lang].directory;
const all = JSON.parse(
  document.getElementById("directory-data")?.textContent ?? "[]",
) as DirectoryMunicipality[];
const input = document.getElementById("municipality") as HTMLInputElement;
const matches = document.getElementById("municipality-matches") as HTMLUListElement;
const status = document.getElementById("lookup-status") as HTMLElement;
const sections = [...document.querySelectorAll<HTMLElement>("section.region")];

(document.getElementById("lookup") as HTMLElement).hidden = false;

function showRegion(regionId: string | undefined) {
  for (const s of sections) s.hidden = regionId !== undefined && s.id !== `region-${regionId}`;
}

/** Shows the municipality's region; the typed text is only replaced when a match is picked. */
function choose(m: DirectoryMunicipality, picked: boolean) {
  const section = document.getElementById(`region-${m.region}`);
  const regionName = section?.querySelector("h2")?.textContent ?? m.region;
  if (picked) input.value = m.name;
  matches.replaceChildren();
  status.textContent = t.result(m.name, m.county, regionName);
  showRegion(m.region);
}

input.addEventListener("input", () => {
  const found = findMunicipalities(all, input.value, 8);
  if (!input.value.trim()) {
    status.textContent = "";
    matches.replaceChildren();
    showRegion(undefined);
    return;
  }
  // A single match, or an exact name, is chosen at once so the coordinator shows while typing.
  const exact = found.find((f) => f.rank === 0);
  if (exact || found.length === 1)
    return choose((exact ?? found[0])?.municipality as DirectoryMunicipality, false);
  status.textContent = found.length === 0 ? t.none : "";
  matches.replaceChildren(
    ...found.map(({ municipality }) => {
      const button = el(
        "button",
        { type: "button", class: "secondary" },
        `${municipality.name} (${municipality.county})`,
      );
      button.addEventListener("click", () => choose(municipality, true));
      return el("li", {}, button);
    }),
  );
});
