/** Demo referrals for the open individual cases, chosen so that every kind of clock is running somewhere. */

import { randomUUID } from "node:crypto";
import type { schema } from "@stodkedjan/db";
import {
  type AmpFollowUp,
  addDays,
  ampFollowUpProblems,
  daysBetween,
  NSP_PLACEMENT_NEEDS,
  REFERRAL_TYPES,
  swedishToday,
} from "@stodkedjan/domain";

interface OpenCase {
  id: string;
  regionId: string;
  openedOn: string;
  child: boolean;
  forms: string[];
  step: number;
}

type Insert = typeof schema.referrals.$inferInsert;

export function demoReferrals(
  rnd: () => number,
  open: OpenCase[],
  shelters: { id: string; regionId: string; capacity: number }[],
  now: Date,
): Insert[] {
  const today = swedishToday(now);
  const rows: Insert[] = [];
  const ago = (days: number) => addDays(today, -days);
  const occupied = new Map<string, number>();
  const hasRoom = (s: { id: string; capacity: number }) => (occupied.get(s.id) ?? 0) < s.capacity;
  for (const c of open) {
    const r = rnd();
    if (r < 0.3) {
      // The region's own shelter, another with a free place, or a request waiting for one.
      const own = shelters.find((s) => s.regionId === c.regionId);
      const shelter = own && hasRoom(own) ? own : (shelters.find(hasRoom) ?? own ?? shelters[0]);
      const placed = shelter !== undefined && hasRoom(shelter);
      if (placed) occupied.set(shelter.id, (occupied.get(shelter.id) ?? 0) + 1);
      const start = ago(Math.floor(rnd() * 100));
      // Coded needs for the shelter; a waiting request was made in the last few days.
      const needs = NSP_PLACEMENT_NEEDS.filter(() => rnd() < 0.2);
      rows.push({
        caseId: c.id,
        type: "nsp-placement",
        status: placed ? "placed" : "requested",
        shelterId: shelter?.id ?? null,
        data: placed
          ? {
              start,
              end: null,
              extensionReason: null,
              needs,
              referredOn: addDays(start, -1),
              answeredOn: start,
            }
          : { start: null, end: null, extensionReason: null, needs, referredOn: ago(Math.floor(rnd() * 4)) },
      });
    } else if (r < 0.45) {
      const approved = rnd() < 0.6;
      const submittedOn = ago(40 + Math.floor(rnd() * 600));
      rows.push({
        caseId: c.id,
        type: "amp",
        status: approved ? "approved" : "submitted",
        data: approved
          ? {
              submittedOn,
              approvedOn: addDays(submittedOn, 20),
              phase: "reintegration",
              items: [
                { kind: "travel", amountSek: 4500 },
                { kind: "housing", amountSek: 18000 },
              ],
            }
          : { submittedOn: ago(Math.floor(rnd() * 45)), approvedOn: null, phase: null, items: [] },
      });
    } else if (r < 0.6) {
      const granted = rnd() < 0.7;
      const submittedOn = ago(10 + Math.floor(rnd() * 30));
      rows.push({
        caseId: c.id,
        type: "reflection",
        status: granted ? "granted" : "submitted",
        data: {
          applicant: rnd() < 0.6 ? "social-welfare-board" : "preliminary-investigation-leader",
          submittedOn,
          decidedOn: granted ? addDays(submittedOn, 5) : null,
          permitStart: granted ? addDays(submittedOn, 6) : null,
        },
      });
    } else if (r < 0.75) {
      rows.push({
        caseId: c.id,
        type: "other",
        status: "sent",
        data: {
          kind: c.forms.includes("sexual") ? "mika" : "legal-counsel",
          sentOn: ago(Math.floor(rnd() * 30)),
          answeredOn: null,
        },
      });
    }
  }
  return rows
    .filter((row) => (REFERRAL_TYPES as readonly string[]).includes(row.type))
    .map((row) => ({ id: randomUUID(), ...row }));
}

type FollowUpInsert = typeof schema.referralFollowups.$inferInsert;

/** Invented texts, marked as demo data. */
const FOLLOW_UP_TEXTS: Record<"iom-contact" | "reintegration-check", string[]> = {
  "iom-contact": [
    "Samtal med IOM:s handläggare: resan är bokad och ledsagare ordnad. (Fiktiv demotext.)",
    "IOM bekräftar beviljat stöd och ber om kopia av pass. (Fiktiv demotext.)",
  ],
  "reintegration-check": [
    "Uppföljning via IOM: boendet är ordnat och personen har börjat en yrkesutbildning. (Fiktiv demotext.)",
    "Kontakt via IOM: personen mår bättre, söker arbete och har fått vård. (Fiktiv demotext.)",
  ],
};

/**
 * One or two follow-up entries on most approved ÅMP applications: a contact with IOM soon after
 * the approval and, on some, a check of the reintegration later on. Only entries the rules accept
 * are made; `encrypt` seals each text with its row-bound AAD, `authorOf` names the case's coordinator.
 */
export function demoFollowUps(
  rnd: () => number,
  referrals: Insert[],
  now: Date,
  encrypt: (text: string, id: string) => string,
  authorOf: (caseId: string) => string | null,
): FollowUpInsert[] {
  const today = swedishToday(now);
  const rows: FollowUpInsert[] = [];
  const pick = (list: string[]) => list[Math.floor(rnd() * list.length)] ?? list[0] ?? "";
  for (const r of referrals) {
    if (r.type !== "amp" || r.status !== "approved" || !r.id || rnd() < 0.3) continue;
    const app = r.data as { submittedOn: string; approvedOn: string; phase: "reintegration" };
    const span = Math.max(0, daysBetween(app.approvedOn, today));
    const entries: AmpFollowUp[] = [
      { kind: "iom-contact", on: addDays(app.approvedOn, Math.floor(rnd() * Math.min(span, 14))) },
    ];
    if (rnd() < 0.6) {
      entries.push({
        kind: "reintegration-check",
        on: addDays(app.approvedOn, Math.floor(span / 2 + (rnd() * span) / 2)),
      });
    }
    for (const entry of entries) {
      if (ampFollowUpProblems({ status: "approved", ...app }, entry, today).length) continue;
      const id = randomUUID();
      rows.push({
        id,
        referralId: r.id,
        caseId: r.caseId,
        on: entry.on,
        kind: entry.kind,
        bodyEnc: encrypt(pick(FOLLOW_UP_TEXTS[entry.kind as keyof typeof FOLLOW_UP_TEXTS]), id),
        createdBy: authorOf(r.caseId),
      });
    }
  }
  return rows;
}
