/**
 * Municipality lookup on the directory page: type, and the region's section is shown once one
 * municipality fits (the same ranking as the guide and the API); when several could be meant
 * (Habo or Håbo?), they are offered and the person picks.
 */
import { type DirectoryMunicipality, resolveMunicipality } from "@stodkedjan/domain/directory";
import { strings } from "../lib/i18n.ts";
import { el, readData } from "./dom.ts";

const lang = document.documentElement.lang === "en" ? "en" : "sv";
const t = strings[lang].directory;
const all = readData<DirectoryMunicipality[]>("directory-data");
const input = document.getElementById("municipality") as HTMLInputElement;
const matches = document.getElementById("municipality-matches") as HTMLUListElement;
const status = document.getElementById("lookup-status") as HTMLElement;
const sections = [...document.querySelectorAll<HTMLElement>("section.region")];

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

function lookup() {
  if (!input.value.trim()) {
    status.textContent = "";
    matches.replaceChildren();
    showRegion(undefined);
    return;
  }
  const resolved = resolveMunicipality(all, input.value, 8);
  if (resolved.kind === "one") return choose(resolved.municipality, false);
  showRegion(undefined);
  const options = resolved.kind === "choose" ? resolved.options : [];
  status.textContent = resolved.kind === "none" ? t.none : t.choose;
  matches.replaceChildren(
    ...options.map((municipality) => {
      const button = el(
        "button",
        { type: "button", class: "secondary" },
        `${municipality.name} (${municipality.county})`,
      );
      button.addEventListener("click", () => choose(municipality, true));
      return el("li", {}, button);
    }),
  );
}

input.addEventListener("input", lookup);
// Text typed (or restored by the browser) before this script ran is looked up too.
if (input.value.trim()) lookup();
