/**
 * The registry of NSP-certified shelters: by region, with places, current placements and the
 * certification's end. The national team adds and edits shelters; coordinators read the list
 * (they choose a shelter for a placement on the case's referral page).
 */
import { type Db, schema } from "@stodkedjan/db";
import { CERTIFICATION_WARNING_DAYS, type Certification, SHELTER_ACCEPTS } from "@stodkedjan/domain";
import { asc } from "drizzle-orm";
import { html } from "hono/html";
import { mayShow } from "../access/policy.ts";
import { ServiceError } from "../cases/errors.ts";
import { FORMS } from "../cases/schemas.ts";
import { shelterInput } from "../shelters/schemas.ts";
import * as shelters from "../shelters/service.ts";
import { formBody, list, num, opt, parse, str } from "./forms.ts";
import { LABELS, label } from "./labels.ts";
import { csrfField, page, type StaffContext } from "./layout.ts";
import type { Router } from "./router.ts";

type Issue = { path: string; message: string };

/** The certification as the registry says it, e.g. "certifierat till 2027-03-31". */
export function certificationText(c: Certification): string {
  switch (c.state) {
    case "certified":
      return `certifierat till ${c.until}`;
    case "expiring":
      return `certifierat till ${c.until} – löper ut inom ${CERTIFICATION_WARNING_DAYS} dagar`;
    case "expired":
      return `certifieringen har gått ut (${c.until})`;
    case "uncertified":
      return "inte certifierat";
  }
}
const certificationClass = (c: Certification) =>
  c.state === "expired" || c.state === "uncertified" ? "overdue" : c.state === "expiring" ? "due" : "";

/** The form's fields, in order, with their labels (also used in the error summary). */
const FIELD_LABELS: Record<string, string> = {
  name: "Namn",
  operator: "Drivs av",
  regionId: "Region",
  capacity: "Antal platser",
  accepts: "Tar emot",
  forms: "Former av exploatering",
  certifiedUntil: "Certifierat till och med",
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
  const regions = () => db.select().from(schema.regions).orderBy(asc(schema.regions.nameSv));
  const fail = (c: StaffContext, e: unknown) => {
    if (!(e instanceof ServiceError)) throw e;
    return page(
      c,
      e.status === 404 ? "Finns inte" : e.status === 403 ? "Inte tillåtet" : "Det gick inte",
      html`<p>${e.message}</p><p><a href="/staff/shelters">Till registret</a></p>`,
      e.status,
    );
  };

  router.get("/staff/shelters", "shelters.read", async (c) => {
    try {
      const all = await shelters.listShelters(ctx(c));
      const manage = mayShow(c.get("principal"), "shelters.manage");
      const saved = all.find((s) => s.id === c.req.query("sparat"));
      const allRegions = await regions();
      const certifiedRegions = new Set(
        all
          .filter((s) => s.certification.state === "certified" || s.certification.state === "expiring")
          .map((s) => s.regionId),
      );
      return page(
        c,
        "Skyddade boenden (NSP)",
        html`<p class="meta">Registret över skyddade boenden som certifierats inom Nationellt stödprogram (NSP). Ett certifierat boende får schablonersättning för upp till 90 dagar per placering. Vid en hänvisning till NSP kan bara boenden med giltig certifiering väljas.</p>
          ${saved ? html`<p class="notice" role="status">${saved.name} har sparats.</p>` : ""}
          ${manage ? html`<p><a class="button" href="/staff/shelters/new">Lägg till ett boende</a></p>` : ""}
          <p>${certifiedRegions.size} av ${allRegions.length} regioner har ett certifierat boende. ${all.length} boenden i registret.</p>
          ${allRegions.map((r) => {
            const here = all.filter((s) => s.regionId === r.id);
            return html`<section aria-labelledby="region-${r.id}">
              <h2 id="region-${r.id}">${r.nameSv}</h2>
              ${
                here.length
                  ? html`<div class="table-scroll" role="region" aria-labelledby="region-${r.id}" tabindex="0"><table>
                  <thead><tr><th scope="col">Boende</th><th scope="col">Drivs av</th><th scope="col">Platser</th><th scope="col">Placerade nu</th><th scope="col">Tar emot</th><th scope="col">Former av exploatering</th><th scope="col">Certifiering</th></tr></thead>
                  <tbody>${here.map(
                    (s) =>
                      html`<tr id="shelter-${s.id}"><th scope="row">${manage ? html`<a href="/staff/shelters/${s.id}">${s.name}</a>` : s.name}</th><td>${s.operator}</td><td>${s.capacity}</td><td class="${s.placements >= s.capacity ? "due" : ""}">${s.placements}${s.placements >= s.capacity ? " – fullt" : ""}</td><td>${s.accepts.map((a) => label("accepts", a)).join(", ")}</td><td>${s.forms.map((f) => label("form", f)).join(", ")}</td><td class="${certificationClass(s.certification)}" data-certification>${certificationText(s.certification)}</td></tr>`,
                  )}</tbody></table></div>`
                  : html`<p>Inget boende i registret.</p>`
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
    },
  ) => {
    const { values: v, issues } = o;
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
      ? html`<div class="error" role="alert"><p>Rätta följande:</p><ul>${issues.map((i) => {
          const field = i.path.split(".")[0] ?? "";
          return FIELD_LABELS[field]
            ? html`<li><a href="#${FIELD_TARGETS[field] ?? field}">${FIELD_LABELS[field]}: ${i.message}</a></li>`
            : html`<li>${i.message}</li>`;
        })}</ul></div>`
      : "";
    const allRegions = await regions();
    return page(
      c,
      o.title,
      html`${summary}${o.intro ?? ""}
        <form method="post" action="${o.action}" novalidate>${csrfField(c)}
          ${text("name", v.name, html` autocomplete="off" size="40"`)}
          ${text("operator", v.operator, html` autocomplete="organization" size="40"`)}
          <div class="field"><label for="regionId">${FIELD_LABELS.regionId}</label>${error("regionId")}<select id="regionId" name="regionId"${described("regionId")}><option value="">Välj region</option>${allRegions.map((r) => html`<option value="${r.id}"${r.id === v.regionId ? html` selected` : ""}>${r.nameSv}</option>`)}</select></div>
          ${text("capacity", v.capacity, html` inputmode="numeric" size="5"`)}
          ${boxes("accepts", SHELTER_ACCEPTS, LABELS.accepts)}
          ${boxes("forms", FORMS, LABELS.form)}
          <div class="field"><label for="certifiedUntil">${FIELD_LABELS.certifiedUntil}</label><p class="meta" id="certifiedUntil-hint">Sista dagen NSP-certifieringen gäller. Lämna tomt om boendet inte är certifierat (då kan det inte väljas vid en hänvisning).</p>${error("certifiedUntil")}<input id="certifiedUntil" name="certifiedUntil" type="date" value="${v.certifiedUntil ?? ""}"${described("certifiedUntil", "certifiedUntil-hint")} /></div>
          <p><button>${o.submit}</button> <a href="/staff/shelters">Avbryt</a></p>
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

  const NEW = { title: "Lägg till ett boende", action: "/staff/shelters", submit: "Lägg till boendet" };
  router.get("/staff/shelters/new", "shelters.manage", (c) =>
    form(c, { ...NEW, values: { accepts: [], forms: [] }, issues: [] }),
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
      if (e instanceof ServiceError && e.status === 400) return form(c, { ...NEW, values, issues: e.issues });
      return fail(c, e);
    }
  });

  const edit = (id: string, name: string) => ({
    title: `Ändra ${name}`,
    action: `/staff/shelters/${id}`,
    submit: "Spara ändringarna",
  });
  const status = (s: shelters.ShelterView) =>
    html`<p>Placerade nu: <strong>${s.placements} av ${s.capacity} platser</strong>. Certifiering: <strong class="${certificationClass(s.certification)}">${certificationText(s.certification)}</strong>.</p>`;

  router.get("/staff/shelters/:shelterId", "shelters.manage", async (c) => {
    try {
      const s = await shelters.getShelter(ctx(c), c.req.param("shelterId") as string);
      return form(c, {
        ...edit(s.id, s.name),
        intro: status(s),
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
      try {
        await shelters.updateShelter(ctx(c), id, input(values));
      } catch (e) {
        if (e instanceof ServiceError && e.status === 400)
          return form(c, { ...edit(id, current.name), intro: status(current), values, issues: e.issues });
        throw e;
      }
      return c.redirect(`/staff/shelters?sparat=${encodeURIComponent(id)}#shelter-${id}`, 303);
    } catch (e) {
      return fail(c, e);
    }
  });
}

/** The options of a shelter picker: the shelters certified today, grouped by region. */
export function shelterOptions(list: Awaited<ReturnType<typeof shelters.certifiedShelters>>) {
  if (list.length === 0) return html`<option value="">Inget boende har giltig certifiering i dag</option>`;
  const regions = [...new Set(list.map((s) => s.regionName))];
  return regions.map(
    (region) =>
      html`<optgroup label="${region}">${list
        .filter((s) => s.regionName === region)
        .map(
          (s) => html`<option value="${s.id}">${s.name} (certifierat till ${s.certifiedUntil})</option>`,
        )}</optgroup>`,
  );
}
