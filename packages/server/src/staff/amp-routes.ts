/**
 * ÅMP pages (ADR 0028): IOM's list and applications at /staff/amp, the coordinator's side of an
 * application through its case at /staff/cases/:id/amp/:rid. Thin handlers: the form into the
 * service's input, the service (which checks the side, writes and audits), a redirect back to
 * the page; errors through the one mapping (`staff/errors.ts`), bad input back on the page.
 */
import type { Db } from "@stodkedjan/db";
import * as amp from "../amp/service.ts";
import { ServiceError } from "../cases/errors.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import { ampDetailTitle, ampDetailView, ampTitle, ampView } from "./amp-views.ts";
import { fail } from "./errors.ts";
import { formBody, str } from "./forms.ts";
import { langOf } from "./i18n.ts";
import { page, type StaffContext } from "./layout.ts";
import type { Router } from "./router.ts";

type Body = Awaited<ReturnType<typeof formBody>>;
const text = (b: Body, name: string) => str(b[name])?.trim() ?? "";
/** A whole-number field as a number when it is one, else as typed (the schema names the problem). */
const whole = (v: string) => (/^\d{1,12}$/.test(v) ? Number(v) : v);

/** Each form's fields, as the service's input. */
const INPUT: Record<string, (b: Body) => unknown> = {
  decision: (b) => {
    const decision = text(b, "decision");
    if (decision !== "approve")
      return Object.fromEntries(
        Object.entries(b)
          .filter(([k]) => ["decision", "message", "reason"].includes(k))
          .map(([k]) => [k, text(b, k)]),
      );
    const amounts = Object.fromEntries(
      Object.keys(b)
        .filter((k) => k.startsWith("amounts.") && text(b, k) !== "")
        .map((k) => [k.slice("amounts.".length), whole(text(b, k))]),
    );
    return { decision, approvedOn: text(b, "approvedOn"), amounts };
  },
  claims: (b) => ({ kind: text(b, "kind"), amountSek: whole(text(b, "amountSek")), on: text(b, "on") }),
  messages: (b) => ({ body: text(b, "body") }),
  phase: (b) => ({ phase: text(b, "phase"), on: text(b, "on") }),
  child: (b) => ({ guardian: text(b, "guardian") === "1", authority: text(b, "authority") === "1" }),
  followups: (b) => ({ on: text(b, "on"), kind: text(b, "kind"), body: text(b, "body") }),
  details: (b) => ({ returnCountry: text(b, "returnCountry") || null, child: text(b, "child") === "1" }),
  submit: (b) => (text(b, "answer") ? { answer: text(b, "answer") } : {}),
};

const WRITES = {
  decision: amp.decide,
  claims: amp.addClaim,
  messages: amp.addMessageTo,
  phase: amp.setPhase,
  child: amp.confirmChild,
  followups: amp.addIomFollowUp,
  details: amp.setDetails,
  submit: amp.submit,
} as const;
type Action = keyof typeof WRITES;
const IOM_ACTIONS: Action[] = ["decision", "claims", "messages", "phase", "child", "followups"];
const COORDINATOR_ACTIONS: Action[] = ["details", "submit", "messages", "phase", "child"];

export function mountAmp(router: Router, db: Db, keys: KeyRing) {
  const ctx = (c: StaffContext) => {
    const principal = c.get("principal");
    if (!principal) throw new ServiceError(403, "Not signed in");
    return { db, keys, principal };
  };
  const at = (c: StaffContext): amp.AmpAt => ({
    rid: c.req.param("rid") as string,
    caseId: c.req.param("id") ?? undefined,
  });
  const show = async (c: StaffContext) => {
    const lang = langOf(c);
    const d = await amp.getApplication(ctx(c), at(c));
    return page(c, ampDetailTitle(lang, d), ampDetailView(c, lang, d, c.req.query("sparat") === "1"));
  };
  const back = (where: amp.AmpAt) => (where.caseId ? `/staff/cases/${where.caseId}/referrals` : "/staff/amp");
  const write = (action: Action) => async (c: StaffContext) => {
    const where = at(c);
    try {
      await WRITES[action](ctx(c), where, INPUT[action]?.(await formBody(c)));
      const self = where.caseId ? `/staff/cases/${where.caseId}/amp/${where.rid}` : `/staff/amp/${where.rid}`;
      return c.redirect(`${self}?sparat=1`, 303);
    } catch (e) {
      return fail(c, e, back(where));
    }
  };

  router.get("/staff/amp", "amp.read", async (c) => {
    const lang = langOf(c);
    try {
      return page(c, ampTitle(lang), ampView(lang, await amp.listAmpApplications(ctx(c))));
    } catch (e) {
      return fail(c, e);
    }
  });
  router.get("/staff/amp/:rid", "amp.read", async (c) => {
    try {
      return await show(c);
    } catch (e) {
      return fail(c, e, "/staff/amp");
    }
  });
  for (const action of IOM_ACTIONS) router.post(`/staff/amp/:rid/${action}`, "amp.decide", write(action));

  router.get("/staff/cases/:id/amp/:rid", "case.list", async (c) => {
    try {
      return await show(c);
    } catch (e) {
      return fail(c, e, back(at(c)));
    }
  });
  for (const action of COORDINATOR_ACTIONS)
    router.post(`/staff/cases/:id/amp/:rid/${action}`, "case.list", write(action));
}
