/**
 * The believable demo year: the last complete calendar year filled out to the magnitudes the
 * agency reports (about 490 individual cases and many more consultations across the seven
 * regions, 18 adults and 20 children in NSP of whom 8 in the home country, about 60 ÅMP
 * participants, reflection periods applied for and granted), so the national pages and the
 * annual report have something to show. Every case is closed by now and every referral finished,
 * so nothing here adds a task, a deadline, an open case or a waiting application to anyone's
 * start page. Names and free text are left out (the persons carry a pseudonym only), which keeps
 * the first start fast: everything is written in a few bulk inserts. Seeded: the same every time.
 */
import { randomUUID } from "node:crypto";
import { type Db, schema } from "@stodkedjan/db";
import { addDays, swedishToday } from "@stodkedjan/domain";
import { FORM_TITLES } from "../cases/service.ts";
import { random } from "./random.ts";

type Tx = Pick<Db, "insert">;

export interface DemoYearInput {
  now: Date;
  /** The first case number to use (the numbers continue the other demo cases'). */
  firstNumber: number;
  /** Municipalities per region. */
  municipalities: Map<string, { code: string; name: string }[]>;
  /**
   * The shelters to place people in (the region's own first). The demo shelter account's own
   * shelter is left out by the caller, so its list stays the one the partner journeys know.
   */
  shelters: { id: string; regionId: string }[];
  /** The coordinator account of each region, as the cases' author. */
  coordinatorOf: (regionId: string) => string | null;
}

/** New individual cases and consultations in the year (with the other demo cases, about 490 individual). */
export const DEMO_YEAR_INDIVIDUAL = 400;
export const DEMO_YEAR_CONSULTATIONS = 700;

/** A value drawn by weight. */
function weighted<T extends string>(rnd: () => number, weights: Readonly<Record<T, number>>): T {
  const entries = Object.entries(weights) as [T, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = rnd() * total;
  for (const [value, w] of entries) {
    r -= w;
    if (r < 0) return value;
  }
  return (entries.at(-1) as [T, number])[0];
}

const REGION_WEIGHTS = { nord: 8, mitt: 12, stockholm: 24, ost: 12, vast: 18, syd: 18, bergslagen: 8 };
const FORM_WEIGHTS = { sexual: 45, labour: 30, begging: 8, crime: 8, "forced-marriage": 4, other: 5 };
const REFERRING = {
  "social-services": 30,
  police: 25,
  "civil-society": 15,
  "health-care": 10,
  migrationsverket: 10,
  school: 4,
  employer: 2,
  other: 4,
};
const GENDER = { woman: 60, man: 35, "non-binary": 2, unknown: 3 };
const CITIZENSHIP = {
  RO: 22,
  NG: 14,
  BG: 10,
  TH: 8,
  SE: 10,
  UA: 8,
  VN: 6,
  UG: 4,
  CN: 5,
  AL: 4,
  MA: 4,
  PL: 5,
};
const LANGUAGE: Record<string, string> = {
  RO: "ro",
  NG: "en",
  BG: "bg",
  TH: "th",
  SE: "sv",
  UA: "uk",
  VN: "vi",
  UG: "en",
  CN: "zh",
  AL: "sq",
  MA: "ar",
  PL: "pl",
};
const CONSULTATION_TOPICS = {
  identification: 30,
  protection: 12,
  housing: 12,
  residence: 12,
  return: 8,
  children: 14,
  labour: 12,
};
const REFERRED_TO = { none: 30, "regional-coordinator": 35, police: 10, "social-services": 20, nsp: 5 };

export async function seedDemoYear(tx: Tx, input: DemoYearInput): Promise<number> {
  const rnd = random(2025);
  const today = swedishToday(input.now);
  const year = Number(today.slice(0, 4)) - 1;
  const yesterday = addDays(today, -1);
  const dayOfYear = (n: number) => addDays(`${year}-01-01`, n);
  const min = (a: string, b: string) => (a < b ? a : b);
  const at = (day: string) => new Date(`${day}T10:00:00Z`);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;

  const cases: (typeof schema.cases.$inferInsert)[] = [];
  const persons: (typeof schema.persons.$inferInsert)[] = [];
  const steps: (typeof schema.caseSteps.$inferInsert)[] = [];
  const referrals: (typeof schema.referrals.$inferInsert)[] = [];
  let number = input.firstNumber;
  const ref = () => `ÄR-${year}-${String(number++).padStart(6, "0")}`;

  for (let i = 0; i < DEMO_YEAR_CONSULTATIONS; i++) {
    const regionId = weighted(rnd, REGION_WEIGHTS);
    const muni = pick(input.municipalities.get(regionId) ?? []);
    const openedOn = dayOfYear(Math.floor(rnd() * 365));
    const form = weighted(rnd, FORM_WEIGHTS);
    cases.push({
      id: randomUUID(),
      ref: ref(),
      kind: "consultation",
      regionId,
      municipalityCode: muni.code,
      openedOn,
      status: "closed",
      closedOn: openedOn,
      closeReason: "answered",
      referringOrg: weighted(rnd, REFERRING),
      forms: [form],
      title: `Konsultation: ${FORM_TITLES[form]}, ${muni.name}`,
      consultationChannel: rnd() < 0.55 ? "support-line" : "coordinator",
      consultationTopic: weighted(rnd, CONSULTATION_TOPICS),
      referredTo: weighted(rnd, REFERRED_TO),
      createdBy: input.coordinatorOf(regionId),
    });
  }

  // NSP to the agency's proportions: about 18 adults placed, 12 children placed, 8 children given
  // support in their home country; ÅMP about 60 approved returns; reflection periods for some.
  let nspAdults = 0;
  let nspChildren = 0;
  let nspHome = 0;
  for (let i = 0; i < DEMO_YEAR_INDIVIDUAL; i++) {
    const id = randomUUID();
    const personId = randomUUID();
    const regionId = weighted(rnd, REGION_WEIGHTS);
    const muni = pick(input.municipalities.get(regionId) ?? []);
    const openedOn = dayOfYear(Math.floor(rnd() * 365));
    const child = rnd() < 0.2;
    const form = weighted(rnd, FORM_WEIGHTS);
    const forms = form === "labour" && rnd() < 0.15 ? ["labour", "crime"] : [form];
    const category =
      child && form === "sexual"
        ? "child-sexual-exploitation"
        : form === "sexual"
          ? rnd() < 0.4
            ? "prostitution"
            : "trafficking"
          : (form === "labour" || form === "begging") && rnd() < 0.35
            ? "human-exploitation"
            : "trafficking";
    const gender = weighted(rnd, GENDER);
    const citizenship = weighted(rnd, CITIZENSHIP);
    const returned = citizenship !== "SE" && rnd() < 0.19;
    const step = returned ? 6 : Math.min(5, 1 + Math.floor(rnd() * 5));
    const closedOn = min(addDays(openedOn, 20 + Math.floor(rnd() * 220)), yesterday);
    const createdBy = input.coordinatorOf(regionId);
    const ref_ = ref();
    persons.push({
      id: personId,
      pseudonym: `P-${ref_.slice(-6)}`,
      ageGroup: child ? "child" : "adult",
      birthYear: year - (child ? 9 + Math.floor(rnd() * 9) : 18 + Math.floor(rnd() * 40)),
      gender,
      citizenship,
      languages: [LANGUAGE[citizenship] ?? "en"],
    });
    cases.push({
      id,
      ref: ref_,
      kind: "individual",
      regionId,
      municipalityCode: muni.code,
      openedOn,
      status: "closed",
      closedOn,
      closeReason: returned
        ? "returned-home"
        : weighted(rnd, { "support-completed": 55, moved: 12, "declined-support": 13, "no-contact": 20 }),
      referringOrg: weighted(rnd, REFERRING),
      forms,
      category,
      step,
      title: `${FORM_TITLES[form]}, ${child ? "barn" : "vuxen"}, ${muni.name}`,
      personId,
      createdBy,
    });
    for (let s = 1; s <= step; s++)
      if (s === 1 || s === step || rnd() < 0.5)
        steps.push({
          caseId: id,
          step: s,
          changedBy: createdBy,
          changedAt: at(min(addDays(openedOn, (s - 1) * 10), closedOn)),
        });

    const referral = (
      type: string,
      status: string,
      on: string,
      data: Record<string, unknown>,
      shelterId?: string,
    ) =>
      referrals.push({
        id: randomUUID(),
        caseId: id,
        type: type as never,
        status,
        shelterId: shelterId ?? null,
        data,
        createdBy,
        createdAt: at(on),
      });
    const span = (days: number) => min(addDays(openedOn, days), closedOn);

    // A shelter: the region's own, else another; never beyond the case's closing.
    const placeable = !returned && rnd() < (child ? 0.25 : 0.1);
    if (placeable && (child ? nspChildren < 12 : nspAdults < 18)) {
      if (child) nspChildren++;
      else nspAdults++;
      const shelter = input.shelters.find((s) => s.regionId === regionId) ?? pick(input.shelters);
      const start = span(3);
      referral(
        "nsp-placement",
        "exited",
        addDays(start, -1) < openedOn ? openedOn : addDays(start, -1),
        {
          start,
          end: min(addDays(start, 20 + Math.floor(rnd() * 70)), closedOn),
          extensionReason: null,
          needs: [],
          referredOn: addDays(start, -1) < openedOn ? openedOn : addDays(start, -1),
          answeredOn: start,
        },
        shelter?.id,
      );
    } else if (placeable && rnd() < 0.3) {
      referral("nsp-placement", "declined", openedOn, {
        start: null,
        end: null,
        extensionReason: null,
        needs: [],
        referredOn: openedOn,
        answeredOn: span(2),
      });
    }
    if (child && citizenship !== "SE" && nspHome < 8 && rnd() < 0.5) {
      nspHome++;
      const start = span(30);
      referral("nsp-support", "completed", span(25), {
        kind: "reintegration",
        start,
        end: closedOn,
        inHomeCountry: true,
      });
    } else if (!child && rnd() < 0.05) {
      referral("nsp-support", "completed", span(10), {
        kind: pick(["rehabilitation", "exit-support", "one-off"]),
        start: span(12),
        end: closedOn,
        inHomeCountry: false,
      });
    }
    if (returned) {
      const submittedOn = span(10);
      const approvedOn = min(addDays(submittedOn, 14 + Math.floor(rnd() * 14)), closedOn);
      referral("amp", "approved", submittedOn, {
        submittedOn,
        approvedOn,
        // The person returns to the country of their citizenship.
        returnCountry: citizenship,
        phase: "completed",
        items: [
          { kind: "travel", amountSek: 3000 + Math.floor(rnd() * 5000) },
          { kind: "financial", amountSek: 10000 + Math.floor(rnd() * 15000) },
        ],
      });
    } else if (citizenship !== "SE" && rnd() < 0.02) {
      const submittedOn = span(10);
      referral("amp", "refused", submittedOn, {
        submittedOn,
        returnCountry: citizenship,
        approvedOn: null,
        phase: null,
        items: [],
      });
    }
    if (citizenship !== "SE" && rnd() < 0.1) {
      const submittedOn = span(5);
      const granted = rnd() < 0.8;
      referral("reflection", granted ? "granted" : "rejected", submittedOn, {
        applicant: rnd() < 0.7 ? "social-welfare-board" : "preliminary-investigation-leader",
        submittedOn,
        decidedOn: min(addDays(submittedOn, 4), closedOn),
        permitStart: granted ? min(addDays(submittedOn, 5), closedOn) : null,
      });
    }
  }

  for (let i = 0; i < persons.length; i += 500)
    await tx.insert(schema.persons).values(persons.slice(i, i + 500));
  for (let i = 0; i < cases.length; i += 500) await tx.insert(schema.cases).values(cases.slice(i, i + 500));
  for (let i = 0; i < steps.length; i += 1000)
    await tx.insert(schema.caseSteps).values(steps.slice(i, i + 1000));
  for (let i = 0; i < referrals.length; i += 500)
    await tx.insert(schema.referrals).values(referrals.slice(i, i + 500));
  return cases.length;
}
