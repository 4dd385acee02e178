/**
 * The partners' pages: a shelter's placements and its answers to them (IOM's are in amp-routes.ts).
 * Thin handlers: parse the form, call the service (which checks the shelter, reads, writes and
 * audits), render the view.
 */
import type { Db } from "@stodkedjan/db";
import { html } from "hono/html";
import { ServiceError } from "../cases/errors.ts";
import { PLACEMENT_ACTIONS } from "../placements/schemas.ts";
import * as placements from "../placements/service.ts";
import { formBody, str } from "./forms.ts";
import { defineText, langOf } from "./i18n.ts";
import { page, type StaffContext } from "./layout.ts";
import { placementsTitle, placementsView, placementTitle, placementView } from "./placement-views.ts";
import type { Router } from "./router.ts";

const TEXT = defineText({
  notFound: { sv: "Finns inte", en: "Not found" },
  notFoundBody: {
    sv: "Det finns ingen sådan placering hos ert boende.",
    en: "There is no such placement at your shelter.",
  },
  denied: { sv: "Inte tillåtet", en: "Not allowed" },
  moved: { sv: "Placeringen har ändrats", en: "The placement has changed" },
  movedBody: {
    sv: "Någon annan har just svarat på placeringen, så ditt svar passar inte längre. Se hur den ser ut nu.",
    en: "Someone else has just answered this placement, so your answer no longer fits. See how it stands now.",
  },
  caseClosed: {
    sv: "Ärendet är avslutat hos koordinatorn; kontakta koordinatorn.",
    en: "The coordinator has closed the case; please contact the coordinator.",
  },
  back: { sv: "Till placeringarna", en: "To the placements" },
  again: { sv: "Visa placeringen", en: "Show the placement" },
});

/** The form's fields of each answer, as the schema names them. */
const FIELDS: Record<(typeof PLACEMENT_ACTIONS)[number], string[]> = {
  accept: ["start"],
  decline: ["reason"],
  arrival: ["arrivedOn"],
  exit: ["end", "exitTo"],
  extension: ["reason"],
};

export function mountPartners(router: Router, db: Db) {
  const ctx = (c: StaffContext) => {
    const principal = c.get("principal");
    if (!principal) throw new ServiceError(403, "Not signed in");
    return { db, principal };
  };
  const fail = (c: StaffContext, e: unknown, pid?: string) => {
    if (!(e instanceof ServiceError)) throw e;
    const t = TEXT(langOf(c));
    const [title, body, back] =
      e.code === "placement-moved"
        ? [t.moved, t.movedBody, pid ? html`<a href="/staff/placements/${pid}">${t.again}</a>` : ""]
        : e.code === "case-closed"
          ? [t.moved, t.caseClosed, html`<a href="/staff/placements">${t.back}</a>`]
          : e.status === 403
            ? [t.denied, t.denied, ""]
            : [t.notFound, t.notFoundBody, html`<a href="/staff/placements">${t.back}</a>`];
    return page(c, title, html`<p>${body}</p>${back ? html`<p>${back}</p>` : ""}`, e.status);
  };

  router.get("/staff/placements", "placements.read", async (c) => {
    try {
      const lang = langOf(c);
      return page(c, placementsTitle(lang), placementsView(lang, await placements.listPlacements(ctx(c))));
    } catch (e) {
      return fail(c, e);
    }
  });

  router.get("/staff/placements/:pid", "placements.read", async (c) => {
    const pid = c.req.param("pid") as string;
    try {
      const lang = langOf(c);
      const p = await placements.getPlacement(ctx(c), pid);
      return page(c, placementTitle(lang, p), placementView(c, lang, p, c.req.query("sparat") === "1"));
    } catch (e) {
      return fail(c, e, pid);
    }
  });

  for (const action of PLACEMENT_ACTIONS) {
    router.post(`/staff/placements/:pid/${action}`, "placements.answer", async (c) => {
      const pid = c.req.param("pid") as string;
      const b = await formBody(c);
      const values = Object.fromEntries([...FIELDS[action], "seen"].map((f) => [f, str(b[f])?.trim() ?? ""]));
      try {
        try {
          await placements.answerPlacement(ctx(c), pid, {
            action,
            ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== "")),
          });
        } catch (e) {
          // Bad input: the placement again, with what was typed and each error at its field.
          if (e instanceof ServiceError && e.status === 400) {
            const lang = langOf(c);
            const p = await placements.getPlacement(ctx(c), pid);
            return page(
              c,
              placementTitle(lang, p),
              placementView(c, lang, p, false, { action, values, issues: e.issues }),
              400,
            );
          }
          throw e;
        }
        return c.redirect(`/staff/placements/${pid}?sparat=1`, 303);
      } catch (e) {
        return fail(c, e, pid);
      }
    });
  }
}
