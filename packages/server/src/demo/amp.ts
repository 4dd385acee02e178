/**
 * ÅMP in the demo (ADR 0028): the demo's applications get a return country, phases with dates,
 * claims paid within each item's balance and window, messages between the coordinator and IOM,
 * one application where IOM has asked for more, and a child's return waiting for both sides'
 * confirmation of the guardian and the receiving authority. A child's application is flagged for
 * the child routine, as the service flags it; a child's return under way has both confirmations.
 * All texts are fictional.
 */
import { randomUUID } from "node:crypto";
import { type Db, schema } from "@stodkedjan/db";
import {
  type AmpClaim,
  type AmpReferral,
  addDays,
  ampClaimProblem,
  daysBetween,
  swedishToday,
} from "@stodkedjan/domain";
import { eq } from "drizzle-orm";
import { ampMessageAad } from "../amp/service.ts";
import { encryptField } from "../crypto/fields.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import { childCasesOn } from "../referrals/service.ts";

/** Return countries as the programme sees them: Romania and Bulgaria most often (berry picking, begging). */
const COUNTRIES = ["RO", "RO", "RO", "BG", "BG", "NG", "TH", "UA", "VN", "PL"];

type Referral = typeof schema.referrals.$inferInsert;

export async function seedAmpDemo(
  tx: Db,
  keys: KeyRing,
  rnd: () => number,
  referrals: Referral[],
  now: Date,
  userIds: Map<string, string>,
  regionOf: Map<string, string>,
) {
  const today = swedishToday(now);
  const iom = userIds.get("iom@demo") ?? null;
  const claims: (typeof schema.ampClaims.$inferInsert)[] = [];
  const messages: (typeof schema.ampMessages.$inferInsert)[] = [];
  const message = (
    r: Referral,
    side: "coordinator" | "iom",
    kind: "message" | "info-request" | "answer",
    body: string,
  ) => {
    const id = randomUUID();
    messages.push({
      id,
      referralId: r.id as string,
      caseId: r.caseId,
      kind,
      side,
      bodyEnc: encryptField(keys, `${body} (Fiktiv demotext.)`, ampMessageAad(id)),
      createdBy: side === "iom" ? iom : (userIds.get(`koordinator.${regionOf.get(r.caseId)}@demo`) ?? null),
    });
  };
  const ampCases = referrals.filter((r) => r.type === "amp").map((r) => r.caseId);
  const children = await childCasesOn(tx, ampCases, today);
  let askedForMore = false;
  let childWaiting = false;
  for (const r of referrals) {
    if (r.type !== "amp" || !r.id) continue;
    const app = { ...(r.data as object), type: "amp", status: r.status } as AmpReferral;
    // The demo year's applications carry the person's citizenship already (drawn all the same, so
    // the rest of the demo's draws stay as they were).
    const drawn = COUNTRIES[Math.floor(rnd() * COUNTRIES.length)] ?? "RO";
    app.returnCountry = app.returnCountry ?? drawn;
    app.child = children.has(r.caseId);
    if (app.status === "submitted" && !askedForMore) {
      // IOM has asked for more on one application: the coordinator's answer is due.
      askedForMore = true;
      app.status = "info-requested";
      // Asked a few days after the submission: the coordinator's answer is due two weeks on.
      if (app.submittedOn)
        app.infoRequestedOn = addDays(app.submittedOn, Math.min(3, daysBetween(app.submittedOn, today)));
      message(r, "iom", "info-request", "Finns det en anhörig som kan ta emot personen vid ankomsten?");
    } else if (app.status === "submitted" && (app.child || !childWaiting)) {
      // A child's return, submitted: both sides still to confirm guardian and receiving authority
      // (if no child's application is submitted, an adult's flagged for an accompanying child).
      childWaiting = true;
      app.child = true;
      app.childConfirmations = {};
      message(r, "coordinator", "message", "Barnets vårdnadshavare är kontaktad via socialtjänsten.");
    } else if (app.status === "approved" && app.approvedOn) {
      const approvedOn = app.approvedOn;
      const span = Math.max(3, daysBetween(approvedOn, today));
      const pre = addDays(approvedOn, 1);
      const travel = addDays(approvedOn, Math.min(span - 2, 10));
      const home = addDays(approvedOn, Math.min(span - 1, 12));
      app.phaseDates = { "pre-departure": pre, travel, reintegration: home };
      app.phase = "reintegration";
      // A child's journey began only after both sides had confirmed.
      if (app.child)
        app.childConfirmations = { coordinator: { on: pre, by: null }, iom: { on: pre, by: null } };
      // Paid so far: the journey, and part of the housing support month by month.
      const paid: AmpClaim[] = [];
      const pay = (c: AmpClaim) => {
        if (c.on > today || ampClaimProblem(app, paid, c) !== null) return;
        paid.push(c);
        claims.push({ referralId: r.id as string, caseId: r.caseId, ...c, createdBy: iom });
      };
      pay({ kind: "travel", amountSek: 4500, on: travel });
      for (let month = 1; month <= 6; month++)
        pay({ kind: "housing", amountSek: 3000, on: addDays(home, 30 * month) });
      message(r, "iom", "message", "Resan är bokad och personen möts av IOM:s kontor vid ankomsten.");
    }
    const { type: _t, status, ...data } = app;
    r.status = status;
    r.data = data;
    await tx.update(schema.referrals).set({ status, data }).where(eq(schema.referrals.id, r.id));
  }
  if (claims.length) await tx.insert(schema.ampClaims).values(claims);
  if (messages.length) await tx.insert(schema.ampMessages).values(messages);
  return { claims: claims.length, messages: messages.length };
}
