/** Demo referrals for the open individual cases, chosen so that every kind of clock is running somewhere. */

import type { schema } from "@stodkedjan/db";
import { addDays, REFERRAL_TYPES } from "@stodkedjan/domain";

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
  shelters: { id: string; regionId: string }[],
  now: Date,
): Insert[] {
  const today = now.toISOString().slice(0, 10);
  const rows: Insert[] = [];
  const ago = (days: number) => addDays(today, -days);
  for (const c of open) {
    const r = rnd();
    if (r < 0.3) {
      const shelter =
        shelters.find((s) => s.regionId === c.regionId) ?? shelters[Math.floor(rnd() * shelters.length)];
      const start = ago(Math.floor(rnd() * 100));
      rows.push({
        caseId: c.id,
        type: "nsp-placement",
        status: "placed",
        shelterId: shelter?.id ?? null,
        data: { start, end: null, extensionReason: null },
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
  return rows.filter((row) => (REFERRAL_TYPES as readonly string[]).includes(row.type));
}
