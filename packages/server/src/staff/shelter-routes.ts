/**
 * The registry of NSP-certified shelters: by region, with places, current placements and the
 * certification's end. The national team adds and edits shelters; coordinators read the list
 * (they choose a shelter for a placement on the case's referral page).
 */
import { type Db, schema } from "@stodkedjan/db";
import {
  CERTIFICATION_WARNING_DAYS,
  type Certification,
  SHELTER_ACCEPTS,
  SHELTER_CHOICE_REASONS,
} from "@stodkedjan/domain";
import { asc } from "drizzle-orm";
import { html } from "hono/html";
import { mayShow } from "../access/policy.ts";
import { ServiceError } from "../cases/errors.ts";
import { FORMS } from "../cases/schemas.ts";
import type { ShelterChoice } from "../shelters/fitting.ts";
import { shelterInput } from "../shelters/schemas.ts";
import * as shelters from "../shelters/service.ts";
import { formBody, list, num, opt, parse, str } from "./forms.ts";
import { defineText, type Lang, langOf } from "./i18n.ts";
import { label, labelsOf } from "./labels.ts";
import { csrfField, page, type StaffContext } from "./layout.ts";
import type { Router } from "./router.ts";

type Issue = { path: string; message: string };

const TEXT = defineText({
  certified: {
    sv: (until: string | null) => `certifierat till ${until}`,
    en: (until: string | null) => `certified until ${until}`,
  },
  expiring: {
    sv: (until: string | null) =>
      `certifierat till ${until} – löper ut inom ${CERTIFICATION_WARNING_DAYS} dagar`,
    en: (until: string | null) =>
      `certified until ${until} – expires within ${CERTIFICATION_WARNING_DAYS} days`,
  },
  expired: {
    sv: (until: string | null) => `certifieringen har gått ut (${until})`,
    en: (until: string | null) => `the certification has expired (${until})`,
  },
  uncertified: { sv: "inte certifierat", en: "not certified" },
  withdrawn: { sv: "certifieringen är återkallad", en: "the certification is withdrawn" },
  checklist: { sv: "Checklista", en: "Checklist" },
  checklistOf: {
    sv: (name: string) => `Certifieringens checklista för ${name}`,
    en: (name: string) => `The certification checklist of ${name}`,
  },
  followsChecklist: {
    sv: "Certifieringen följer checklistan: registrera bedömningar där.",
    en: "The certification follows the checklist: record assessments there.",
  },
  followUp: {
    sv: "Uppföljning: täckning per region och underlag för schablonersättning",
    en: "Follow-up: coverage by region and the flat-rate basis",
  },
  coverage: { sv: "Täckning per region", en: "Coverage by region" },
  flatRate: { sv: "Underlag för schablonersättning", en: "Flat-rate basis" },
  criteria: { sv: "Kriterier för certifiering", en: "Criteria for certification" },
  name: { sv: "Namn", en: "Name" },
  operator: { sv: "Drivs av", en: "Run by" },
  regionId: { sv: "Region", en: "Region" },
  capacity: { sv: "Antal platser", en: "Number of places" },
  accepts: { sv: "Tar emot", en: "Takes" },
  forms: { sv: "Former av exploatering", en: "Forms of exploitation" },
  certifiedUntil: { sv: "Certifierat till och med", en: "Certified up to and including" },
  notFound: { sv: "Finns inte", en: "Not found" },
  notAllowed: { sv: "Inte tillåtet", en: "Not allowed" },
  failed: { sv: "Det gick inte", en: "That did not work" },
  toRegistry: { sv: "Till registret", en: "To the registry" },
  title: { sv: "Skyddade boenden (NSP)", en: "Shelters (NSP)" },
  intro: {
    sv: "Registret över skyddade boenden som certifierats inom Nationellt stödprogram (NSP). Ett certifierat boende får schablonersättning för upp till 90 dagar per placering. Vid en hänvisning till NSP kan bara boenden med giltig certifiering väljas.",
    en: "The registry of shelters certified within the national support programme (NSP). A certified shelter receives a flat-rate payment for up to 90 days per placement. A referral to NSP can only choose shelters with a valid certification.",
  },
  saved: { sv: (name: string) => `${name} har sparats.`, en: (name: string) => `${name} has been saved.` },
  add: { sv: "Lägg till ett boende", en: "Add a shelter" },
  summary: {
    sv: (certified: number, regions: number, shelters: number) =>
      `${certified} av ${regions} regioner har ett certifierat boende. ${shelters} boenden i registret.`,
    en: (certified: number, regions: number, shelters: number) =>
      `${certified} of ${regions} regions have a certified shelter. ${shelters} shelters in the registry.`,
  },
  shelter: { sv: "Boende", en: "Shelter" },
  places: { sv: "Platser", en: "Places" },
  placedNow: { sv: "Placerade nu", en: "Placed now" },
  full: { sv: "fullt", en: "full" },
  certification: { sv: "Certifiering", en: "Certification" },
  none: { sv: "Inget boende i registret.", en: "No shelter in the registry." },
  fix: { sv: "Rätta följande:", en: "Please correct the following:" },
  chooseRegion: { sv: "Välj region", en: "Choose a region" },
  certifiedHint: {
    sv: "Sista dagen NSP-certifieringen gäller. Lämna tomt om boendet inte är certifierat (då kan det inte väljas vid en hänvisning).",
    en: "The last day the NSP certification is valid. Leave empty if the shelter is not certified (it cannot then be chosen for a referral).",
  },
  cancel: { sv: "Avbryt", en: "Cancel" },
  addSubmit: { sv: "Lägg till boendet", en: "Add the shelter" },
  edit: { sv: (name: string) => `Ändra ${name}`, en: (name: string) => `Change ${name}` },
  save: { sv: "Spara ändringarna", en: "Save the changes" },
  status: {
    sv: (placed: number, of: number) => `${placed} av ${of} platser`,
    en: (placed: number, of: number) => `${placed} of ${of} places`,
  },
});

/** The certification as the registry says it, e.g. "certifierat till 2027-03-31". */
export function certificationText(c: Certification, lang: Lang): string {
  const t = TEXT(lang);
  switch (c.state) {
    case "certified":
      return t.certified(c.until);
    case "expiring":
      return t.expiring(c.until);
    case "expired":
      return t.expired(c.until);
    case "withdrawn":
      return t.withdrawn;
    case "uncertified":
      return t.uncertified;
  }
}
export const certificationClass = (c: Certification) =>
  c.state === "expired" || c.state === "uncertified" || c.state === "withdrawn"
    ? "overdue"
    : c.state === "expiring"
      ? "due"
      : "";

/** The form's fields, in order, with their labels (also used in the error summary). */
const FIELDS = ["name", "operator", "regionId", "capacity", "accepts", "forms", "certifiedUntil"] as const;
const fieldLabels = (lang: Lang): Record<string, string> => {
  const t = TEXT(lang);
  return Object.fromEntries(FIELDS.map((f) => [f, t[f]]));
};
/** Where the error summary's link for a field leads: the input, or a fieldset's first box. */
const FIELD_TARGETS: Record<string, string> = {
  accepts: `accepts-${SHELTER_ACCEPTS[0]}`,
  forms: `forms-${FORMS[0]}`,
};

interface FormValues {
  name?: string | undefined;
  operator?: string | undefined;
  regionId?: string | undefined;
  capacity?: string | undefined;
  accepts?: string[];
  forms?: string[];
  certifiedUntil?: string | null | undefined;
}

export function mountShelters(router: Router, db: Db) {
  const ctx = (c: StaffContext) => {
    const principal = c.get("principal");
    if (!principal) throw new ServiceError(403, "Not signed in");
    return { db, principal };
  };
  /** The regions by name in the language, in its alphabetical order. */
  const regions = async (lang: Lang) => {
    const names = labelsOf("region", lang);
    const rows = await db
      .select({ id: schema.regions.id })
      .from(schema.regions)
      .orderBy(asc(schema.regions.id));
    return rows
      .map((r) => ({ id: r.id, name: names[r.id] ?? r.id }))
      .sort((a, b) => a.name.localeCompare(b.name, lang));
  };
  const fail = (c: StaffContext, e: unknown) => {
    if (!(e instanceof ServiceError)) throw e;
    const t = TEXT(langOf(c));
    return page(
      c,
      e.status === 404 ? t.notFound : e.status === 403 ? t.notAllowed : t.failed,
      html`<p>${e.message}</p><p><a href="/staff/shelters">${t.toRegistry}</a></p>`,
      e.status,
    );
  };

  router.get("/staff/shelters", "shelters.read", async (c) => {
    try {
      const all = await shelters.listShelters(ctx(c));
      const lang = langOf(c);
      const t = TEXT(lang);
      const manage = mayShow(c.get("principal"), "shelters.manage");
      const saved = all.find((s) => s.id === c.req.query("sparat"));
      const allRegions = await regions(lang);
      const certifiedRegions = new Set(
        all
          .filter((s) => s.certification.state === "certified" || s.certification.state === "expiring")
          .map((s) => s.regionId),
      );
      return page(
        c,
        t.title,
        html`<p class="meta">${t.intro}</p>
          ${saved ? html`<p class="notice" role="status">${t.saved(saved.name)}</p>` : ""}
          ${manage ? html`<p><a class="button" href="/staff/shelters/new">${t.add}</a></p>` : ""}
          ${
            mayShow(c.get("principal"), "shelters.followup")
              ? html`<nav aria-label="${t.followUp}"><ul><li><a href="/staff/coverage">${t.coverage}</a></li><li><a href="/staff/flat-rate">${t.flatRate}</a></li><li><a href="/staff/certification/criteria">${t.criteria}</a></li></ul></nav>`
              : ""
          }
          <p>${t.summary(certifiedRegions.size, allRegions.length, all.length)}</p>
          ${allRegions.map((r) => {
            const here = all.filter((s) => s.regionId === r.id);
            return html`<section aria-labelledby="region-${r.id}">
              <h2 id="region-${r.id}">${r.name}</h2>
              ${
                here.length
                  ? html`<div class="table-scroll" role="region" aria-labelledby="region-${r.id}" tabindex="0"><table>
                  <thead><tr><th scope="col">${t.shelter}</th><th scope="col">${t.operator}</th><th scope="col">${t.places}</th><th scope="col">${t.placedNow}</th><th scope="col">${t.accepts}</th><th scope="col">${t.forms}</th><th scope="col">${t.certification}</th><th scope="col">${t.checklist}</th></tr></thead>
                  <tbody>${here.map(
                    (s) =>
                      html`<tr id="shelter-${s.id}"><th scope="row">${manage ? html`<a href="/staff/shelters/${s.id}">${s.name}</a>` : s.name}</th><td>${s.operator}</td><td>${s.capacity}</td><td class="${s.placements >= s.capacity ? "due" : ""}">${s.placements}${s.placements >= s.capacity ? ` – ${t.full}` : ""}</td><td>${s.accepts.map((a) => label("accepts", a, lang)).join(", ")}</td><td>${s.forms.map((f) => label("form", f, lang)).join(", ")}</td><td class="${certificationClass(s.certification)}" data-certification>${certificationText(s.certification, lang)}</td><td><a href="/staff/shelters/${s.id}/certification" aria-label="${t.checklistOf(s.name)}">${t.checklist}</a></td></tr>`,
                  )}</tbody></table></div>`
                  : html`<p>${t.none}</p>`
              }
            </section>`;
          })}`,
      );
    } catch (e) {
      return fail(c, e);
    }
  });

  /** The add and edit form: labelled fields, each with its own error under the label, and a summary on top. */
  const form = async (
    c: StaffContext,
    o: {
      title: string;
      action: string;
      submit: string;
      values: FormValues;
      issues: Issue[];
      intro?: unknown;
      /** The shelter's certification follows its checklist: no date field, a link instead. */
      checklist?: string;
    },
  ) => {
    const { values: v, issues } = o;
    const lang = langOf(c);
    const t = TEXT(lang);
    const FIELD_LABELS = fieldLabels(lang);
    const errorOf = (field: string) =>
      issues.find((i) => i.path === field || i.path.startsWith(`${field}.`))?.message;
    const described = (field: string, hint?: string) => {
      const ids = [hint, errorOf(field) ? `${field}-error` : undefined].filter(Boolean).join(" ");
      return html`${ids ? html` aria-describedby="${ids}"` : ""}${errorOf(field) ? html` aria-invalid="true"` : ""}`;
    };
    const error = (field: string) => {
      const message = errorOf(field);
      return message ? html`<p class="field-error" id="${field}-error">${message}</p>` : "";
    };
    const text = (field: string, value: string | undefined, extra = html``) =>
      html`<div class="field"><label for="${field}">${FIELD_LABELS[field]}</label>${error(field)}<input id="${field}" name="${field}" value="${value ?? ""}"${described(field)}${extra} /></div>`;
    const boxes = (field: "accepts" | "forms", values: readonly string[], labels: Record<string, string>) =>
      html`<fieldset class="${errorOf(field) ? "invalid" : ""}"${described(field)}><legend>${FIELD_LABELS[field]}</legend>${error(field)}${values.map(
        (x) =>
          html`<label class="check"><input type="checkbox" id="${field}-${x}" name="${field}" value="${x}"${(v[field] ?? []).includes(x) ? html` checked` : ""} /> ${labels[x] ?? x}</label>`,
      )}</fieldset>`;
    const summary = issues.length
      ? html`<div class="error" role="alert"><p>${t.fix}</p><ul>${issues.map((i) => {
          const field = i.path.split(".")[0] ?? "";
          return FIELD_LABELS[field]
            ? html`<li><a href="#${FIELD_TARGETS[field] ?? field}">${FIELD_LABELS[field]}: ${i.message}</a></li>`
            : html`<li>${i.message}</li>`;
        })}</ul></div>`
      : "";
    const allRegions = await regions(lang);
    return page(
      c,
      o.title,
      html`${summary}${o.intro ?? ""}
        <form method="post" action="${o.action}" novalidate>${csrfField(c)}
          ${text("name", v.name, html` autocomplete="off" size="40"`)}
          ${text("operator", v.operator, html` autocomplete="organization" size="40"`)}
          <div class="field"><label for="regionId">${FIELD_LABELS.regionId}</label>${error("regionId")}<select id="regionId" name="regionId"${described("regionId")}><option value="">${t.chooseRegion}</option>${allRegions.map((r) => html`<option value="${r.id}"${r.id === v.regionId ? html` selected` : ""}>${r.name}</option>`)}</select></div>
          ${text("capacity", v.capacity, html` inputmode="numeric" size="5"`)}
          ${boxes("accepts", SHELTER_ACCEPTS, labelsOf("accepts", lang))}
          ${boxes("forms", FORMS, labelsOf("form", lang))}
          ${
            o.checklist
              ? html`<p><a href="/staff/shelters/${o.checklist}/certification">${t.followsChecklist}</a></p>`
              : html`<div class="field"><label for="certifiedUntil">${FIELD_LABELS.certifiedUntil}</label><p class="meta" id="certifiedUntil-hint">${t.certifiedHint}</p>${error("certifiedUntil")}<input id="certifiedUntil" name="certifiedUntil" type="date" value="${v.certifiedUntil ?? ""}"${described("certifiedUntil", "certifiedUntil-hint")} /></div>`
          }
          <p><button>${o.submit}</button> <a href="/staff/shelters">${t.cancel}</a></p>
        </form>`,
      issues.length ? 400 : 200,
    );
  };

  const posted = async (c: StaffContext): Promise<FormValues> => {
    const b = await formBody(c);
    return {
      name: str(b.name),
      operator: str(b.operator),
      regionId: str(b.regionId),
      capacity: str(b.capacity),
      accepts: list(b.accepts) as string[],
      forms: list(b.forms) as string[],
      certifiedUntil: opt(b.certifiedUntil) ?? null,
    };
  };
  const input = (v: FormValues) =>
    parse(shelterInput, {
      name: v.name ?? "",
      operator: v.operator ?? "",
      regionId: v.regionId ?? "",
      capacity: num(v.capacity),
      accepts: v.accepts ?? [],
      forms: v.forms ?? [],
      certifiedUntil: v.certifiedUntil ?? null,
    });

  const NEW = (c: StaffContext) => {
    const t = TEXT(langOf(c));
    return { title: t.add, action: "/staff/shelters", submit: t.addSubmit };
  };
  router.get("/staff/shelters/new", "shelters.manage", (c) =>
    form(c, { ...NEW(c), values: { accepts: [], forms: [] }, issues: [] }),
  );

  router.post("/staff/shelters", "shelters.manage", async (c) => {
    const values = await posted(c);
    try {
      const created = await shelters.createShelter(ctx(c), input(values));
      return c.redirect(
        `/staff/shelters?sparat=${encodeURIComponent(created.id)}#shelter-${created.id}`,
        303,
      );
    } catch (e) {
      if (e instanceof ServiceError && e.status === 400)
        return form(c, { ...NEW(c), values, issues: e.issues });
      return fail(c, e);
    }
  });

  const edit = (c: StaffContext, id: string, name: string) => {
    const t = TEXT(langOf(c));
    return { title: t.edit(name), action: `/staff/shelters/${id}`, submit: t.save };
  };
  const status = (c: StaffContext, s: shelters.ShelterView) => {
    const lang = langOf(c);
    const t = TEXT(lang);
    return html`<p>${t.placedNow}: <strong>${t.status(s.placements, s.capacity)}</strong>. ${t.certification}: <strong class="${certificationClass(s.certification)}">${certificationText(s.certification, lang)}</strong>.</p>`;
  };

  router.get("/staff/shelters/:shelterId", "shelters.manage", async (c) => {
    try {
      const s = await shelters.getShelter(ctx(c), c.req.param("shelterId") as string);
      return form(c, {
        ...edit(c, s.id, s.name),
        intro: status(c, s),
        ...((await shelters.followsChecklist(db, s.id)) ? { checklist: s.id } : {}),
        values: { ...s, capacity: String(s.capacity) },
        issues: [],
      });
    } catch (e) {
      return fail(c, e);
    }
  });

  router.post("/staff/shelters/:shelterId", "shelters.manage", async (c) => {
    const id = c.req.param("shelterId") as string;
    try {
      const current = await shelters.getShelter(ctx(c), id);
      const values = await posted(c);
      const checklist = await shelters.followsChecklist(db, id);
      // The checklist's date is kept as it is: the form has no field for it.
      if (checklist) values.certifiedUntil = current.certifiedUntil;
      try {
        await shelters.updateShelter(ctx(c), id, input(values));
      } catch (e) {
        if (e instanceof ServiceError && e.status === 400)
          return form(c, {
            ...edit(c, id, current.name),
            intro: status(c, current),
            ...(checklist ? { checklist: id } : {}),
            values,
            issues: e.issues,
          });
        throw e;
      }
      return c.redirect(`/staff/shelters?sparat=${encodeURIComponent(id)}#shelter-${id}`, 303);
    } catch (e) {
      return fail(c, e);
    }
  });
}

const PICKER = defineText({
  label: { sv: "Certifierat boende", en: "Certified shelter" },
  fitting: {
    sv: (n: number) => `Passar personen (${n})`,
    en: (n: number) => `Fit the person (${n})`,
  },
  others: {
    sv: "Andra certifierade boenden – ange skäl nedan",
    en: "Other certified shelters – give the reason below",
  },
  free: {
    sv: (region: string, free: number) =>
      `${region}, ${free} ${free === 1 ? "ledig plats" : "lediga platser"}`,
    en: (region: string, free: number) => `${region}, ${free} free ${free === 1 ? "place" : "places"}`,
  },
  hint: {
    sv: "Först visas de boenden som är certifierade, har en ledig plats och tar emot personens grupp och form av exploatering. Väljer du ett annat boende måste du ange varför.",
    en: "First come the shelters that are certified, have a free place and take the person's group and form of exploitation. If you choose another shelter you must say why.",
  },
  reason: { sv: "Skäl om boendet inte passar", en: "Reason if the shelter does not fit" },
  noReason: { sv: "(boendet passar)", en: "(the shelter fits)" },
  uncertified: { sv: "inte certifierat", en: "not certified" },
  full: { sv: "fullt", en: "full" },
  group: { sv: "tar inte personens grupp", en: "does not take the person's group" },
  form: { sv: "tar inte formen av exploatering", en: "does not take the form of exploitation" },
  "no-fitting-place": {
    sv: "Inget passande boende har plats",
    en: "No fitting shelter has a place",
  },
  "safety-distance": {
    sv: "Säkerhet: avstånd från förövarna",
    en: "Safety: distance from the exploiters",
  },
  "person-wish": { sv: "Personens eget önskemål", en: "The person's own wish" },
  "specialist-support": {
    sv: "Boendet har stöd som personen behöver",
    en: "The shelter has support the person needs",
  },
  "agreed-with-nsp": { sv: "Överenskommet med NSP och boendet", en: "Agreed with NSP and the shelter" },
  other: { sv: "Annat skäl (förklara i en anteckning)", en: "Another reason (explain in a note)" },
  noneCertified: {
    sv: "Inget boende har giltig certifiering i dag",
    en: "No shelter has a valid certification today",
  },
});

/**
 * The referral form's shelter field (ADR 0027): the shelters that fit the person first, then the
 * other certified shelters with why they do not fit, and the reason field that choosing one of
 * those needs (the service refuses the choice without it, at that field).
 */
export function shelterPicker(choices: ShelterChoice[], lang: Lang) {
  const t = PICKER(lang);
  const fits = choices.filter((s) => s.misfits.length === 0);
  const others = choices.filter((s) => s.misfits.length > 0);
  const option = (s: ShelterChoice) =>
    html`<option value="${s.id}">${s.name} (${[t.free(label("region", s.regionId, lang), s.free), ...s.misfits.map((m) => t[m])].join("; ")})</option>`;
  return html`<label for="shelterId">${t.label}</label><p class="meta" id="shelterId-hint">${t.hint}</p>
    <select id="shelterId" name="shelterId" aria-describedby="shelterId-hint">${
      choices.length === 0
        ? html`<option value="">${t.noneCertified}</option>`
        : html`${fits.length ? html`<optgroup label="${t.fitting(fits.length)}">${fits.map(option)}</optgroup>` : ""}${others.length ? html`<optgroup label="${t.others}">${others.map(option)}</optgroup>` : ""}`
    }</select>
    <label for="shelterChoiceReason">${t.reason}</label>
    <select id="shelterChoiceReason" name="shelterChoiceReason"><option value="">${t.noReason}</option>${SHELTER_CHOICE_REASONS.map((r) => html`<option value="${r}">${t[r]}</option>`)}</select>`;
}
