/**
 * Demo mode: fictional accounts, shelters and about 500 consultations and cases over two years,
 * written on the first start of an empty database. Every name here is invented. The demo
 * accounts exist only while demo mode is on; otherwise they are disabled at start.
 */
import { randomUUID } from "node:crypto";
import { loadRegions } from "@stodkedjan/content";
import { type Db, type Role, schema } from "@stodkedjan/db";
import { eq, sql } from "drizzle-orm";
import { appendAudit } from "../audit/log.ts";
import { hashPassword } from "../auth/passwords.ts";
import { hashRecoveryCode } from "../auth/totp.ts";
import { FORM_TITLES } from "../cases/service.ts";
import { encryptField } from "../crypto/fields.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import { nameIndexRows } from "../persons/blind-index.ts";
import { followUpAad } from "../referrals/service.ts";
import { seedAmpDemo } from "./amp.ts";
import { seedCertification } from "./certification.ts";
import { random } from "./random.ts";
import { demoFollowUps, demoReferrals } from "./referrals.ts";
import { seedDemoYear } from "./year.ts";

export const DEMO_PASSWORD = "stodkedjan-demo";
/** A fixed secret so that a tester can add it to an authenticator app once. */
export const DEMO_TOTP_SECRET = "KRUGKIDROVUWG2ZAMJ2XO3DEEB3W64TLMVZA";

export interface DemoAccount {
  username: string;
  role: Role;
  regionId: string | null;
  password: string;
  totpSecret: string;
}

const REGIONS = ["nord", "mitt", "stockholm", "ost", "vast", "syd", "bergslagen"];
const ACCOUNTS: Omit<DemoAccount, "password" | "totpSecret">[] = [
  ...REGIONS.map((r) => ({ username: `koordinator.${r}@demo`, role: "coordinator" as const, regionId: r })),
  { username: "nationell@demo", role: "national", regionId: null },
  { username: "boende@demo", role: "shelter", regionId: null },
  { username: "iom@demo", role: "iom", regionId: null },
  { username: "forskare@demo", role: "researcher", regionId: null },
  { username: "redaktor@demo", role: "editor", regionId: null },
  { username: "admin@demo", role: "admin", regionId: null },
];

const REGION_NAMES = new Map(loadRegions().map((r) => [r.id, r.sv.name]));
const DEMO_NAMES: Record<Role, string> = {
  coordinator: "Demo-koordinator",
  national: "Demo Nationella teamet",
  shelter: "Demo Skyddat boende",
  iom: "Demo IOM",
  researcher: "Demo Forskare",
  editor: "Demo Redaktör",
  admin: "Demo Administratör",
};

const SHELTERS = [
  {
    id: "demo-skyddat-boende-norr",
    name: "Skyddat boende Norrsken (fiktivt)",
    regionId: "nord",
    accepts: ["women", "children"],
    forms: ["sexual", "labour"],
  },
  {
    id: "demo-skyddat-boende-stockholm",
    name: "Skyddat boende Mälaren (fiktivt)",
    regionId: "stockholm",
    accepts: ["women", "children", "families"],
    forms: ["sexual", "labour", "crime"],
  },
  {
    id: "demo-skyddat-boende-vast",
    name: "Skyddat boende Älvstaden (fiktivt)",
    regionId: "vast",
    accepts: ["women", "men"],
    forms: ["labour", "begging", "crime"],
  },
  {
    id: "demo-skyddat-boende-syd",
    name: "Skyddat boende Öresund (fiktivt)",
    regionId: "syd",
    accepts: ["women", "children"],
    forms: ["sexual", "forced-marriage"],
  },
  {
    id: "demo-skyddat-boende-bergslagen",
    name: "Skyddat boende Bergslagen (fiktivt)",
    regionId: "bergslagen",
    accepts: ["men"],
    forms: ["labour", "begging"],
  },
];

const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The region whose cumulative weight first exceeds `r` (0 ≤ r < 1). */
function weightedRegion(r: number, weights: Record<string, number>): string {
  let rest = r;
  for (const id of REGIONS) {
    rest -= weights[id] ?? 0;
    if (rest < 0) return id;
  }
  return "stockholm";
}

export async function setDemoAccountsEnabled(db: Db, enabled: boolean) {
  await db.update(schema.users).set({ disabled: !enabled }).where(eq(schema.users.demo, true));
}

export async function seedDemo(db: Db, keys: KeyRing, now = new Date()): Promise<DemoAccount[]> {
  const accounts = ACCOUNTS.map((a) => ({ ...a, password: DEMO_PASSWORD, totpSecret: DEMO_TOTP_SECRET }));
  const [existing] = await db.select({ n: sql<number>`count(*)::int` }).from(schema.users);
  if ((existing?.n ?? 0) > 0) return accounts;

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const rnd = random(2026);
  const municipalities = await db
    .select()
    .from(schema.municipalities)
    .innerJoin(schema.counties, eq(schema.counties.code, schema.municipalities.countyCode));
  const byRegion = new Map<string, { code: string; name: string }[]>();
  for (const m of municipalities) {
    const list = byRegion.get(m.counties.regionId) ?? [];
    list.push({ code: m.municipalities.code, name: m.municipalities.name });
    byRegion.set(m.counties.regionId, list);
  }

  await db.transaction(async (tx) => {
    const shelters = SHELTERS.map((s, i) => ({
      ...s,
      operator: "Plattformen Civila Sverige mot människohandel (exempel)",
      capacity: 4 + Math.floor(rnd() * 8),
      // One certification runs out within the warning period, so the registry shows that state too.
      certifiedUntil: iso(new Date(now.getTime() + (i === SHELTERS.length - 1 ? 45 : 300) * 86_400_000)),
    }));
    for (const s of shelters) await tx.insert(schema.shelters).values(s);
    await seedCertification(tx, shelters);
    const userIds = new Map<string, string>();
    for (const a of accounts) {
      const id = randomUUID();
      userIds.set(a.username, id);
      await tx.insert(schema.users).values({
        id,
        username: a.username,
        // Names as people would be called, never an internal id ("syd", "iom") shown as text.
        displayName:
          a.role === "coordinator"
            ? `Demo-koordinator ${REGION_NAMES.get(a.regionId ?? "") ?? ""}`
            : DEMO_NAMES[a.role],
        // IOM's caseworkers work in English.
        language: a.role === "iom" ? "en" : "sv",
        role: a.role,
        regionId: a.regionId,
        shelterId: a.role === "shelter" ? "demo-skyddat-boende-stockholm" : null,
        passwordHash,
        totpSecretEnc: encryptField(keys, DEMO_TOTP_SECRET, `users.totp_secret:${id}`),
        totpEnabled: true,
        recoveryCodes: [hashRecoveryCode("demo0-00001")],
        demo: true,
      });
    }

    // About 500 consultations and cases over the last two years, more in the big city regions.
    const weights: Record<string, number> = {
      nord: 0.08,
      mitt: 0.12,
      stockholm: 0.24,
      ost: 0.12,
      vast: 0.18,
      syd: 0.18,
      bergslagen: 0.08,
    };
    const caseRows: (typeof schema.cases.$inferInsert)[] = [];
    const personRows: (typeof schema.persons.$inferInsert)[] = [];
    const nameRows: ReturnType<typeof nameIndexRows> = [];
    const stepRows: (typeof schema.caseSteps.$inferInsert)[] = [];
    const individuals: {
      id: string;
      regionId: string;
      openedOn: string;
      child: boolean;
      forms: string[];
      step: number;
    }[] = [];
    for (let i = 0; i < 520; i++) {
      const regionId = weightedRegion(rnd(), weights);
      const muni = pick(rnd, byRegion.get(regionId) ?? []);
      const opened = new Date(now.getTime() - Math.floor(rnd() * 730) * 86_400_000);
      const openedOn = iso(opened);
      const individual = rnd() < 0.35;
      const form = pick(rnd, [
        "sexual",
        "sexual",
        "labour",
        "labour",
        "begging",
        "crime",
        "forced-marriage",
        "other",
      ] as const);
      const forms = [form];
      const id = randomUUID();
      const ref = `ÄR-${openedOn.slice(0, 4)}-${String(i + 1).padStart(6, "0")}`;
      const createdBy = userIds.get(`koordinator.${regionId}@demo`);
      const ageDays = (now.getTime() - opened.getTime()) / 86_400_000;
      const closed = ageDays > 200 && rnd() < 0.7;
      if (!individual) {
        caseRows.push({
          id,
          ref,
          kind: "consultation",
          regionId,
          municipalityCode: muni.code,
          openedOn,
          status: "closed",
          closedOn: openedOn,
          closeReason: "support-completed",
          referringOrg: pick(rnd, [
            "social-services",
            "health-care",
            "police",
            "school",
            "migrationsverket",
            "civil-society",
            "employer",
          ] as const),
          forms,
          title: `Konsultation: ${FORM_TITLES[form]}, ${muni.name}`,
          consultationChannel: rnd() < 0.5 ? "support-line" : "coordinator",
          consultationTopic: pick(rnd, [
            "identification",
            "protection",
            "housing",
            "residence",
            "return",
            "children",
            "labour",
          ] as const),
          referredTo: pick(rnd, [
            "none",
            "regional-coordinator",
            "police",
            "social-services",
            "nsp",
          ] as const),
          adviceEnc: encryptField(keys, "Fiktiva råd om nästa steg (demo).", `cases.advice:${id}`),
          createdBy,
        });
        continue;
      }
      const child = rnd() < 0.3;
      const step = closed ? 6 : 1 + Math.floor(rnd() * 5);
      const personId = randomUUID();
      caseRows.push({
        id,
        ref,
        kind: "individual",
        regionId,
        municipalityCode: muni.code,
        openedOn,
        status: closed ? "closed" : "open",
        closedOn: closed ? iso(new Date(opened.getTime() + 150 * 86_400_000)) : null,
        closeReason: closed ? pick(rnd, ["support-completed", "returned-home", "no-contact"] as const) : null,
        referringOrg: pick(rnd, [
          "social-services",
          "health-care",
          "police",
          "migrationsverket",
          "civil-society",
        ] as const),
        forms,
        category:
          child && form === "sexual"
            ? "child-sexual-exploitation"
            : form === "begging"
              ? "human-exploitation"
              : "trafficking",
        step,
        title: `${FORM_TITLES[form]}, ${child ? "barn" : "vuxen"}, ${muni.name}`,
        personId,
        createdBy,
      });
      const name = `Fiktiv Person ${i + 1}`;
      nameRows.push(...nameIndexRows(keys, personId, name));
      personRows.push({
        id: personId,
        pseudonym: `P-${ref.slice(-6)}`,
        ageGroup: child ? "child" : "adult",
        birthYear: now.getUTCFullYear() - (child ? 12 + Math.floor(rnd() * 6) : 19 + Math.floor(rnd() * 35)),
        gender: pick(rnd, ["woman", "woman", "man", "unknown"] as const),
        citizenship: pick(rnd, ["RO", "BG", "NG", "TH", "UA", "VN", "SE", "UG"]),
        languages: [pick(rnd, ["ro", "bg", "en", "th", "uk", "vi", "sv"])],
        nameEnc: encryptField(keys, name, `persons.name:${personId}`),
      });
      stepRows.push({ caseId: id, step: 1, changedBy: createdBy ?? null, changedAt: opened });
      if (step > 1)
        stepRows.push({
          caseId: id,
          step,
          changedBy: createdBy ?? null,
          changedAt: new Date(opened.getTime() + 20 * 86_400_000),
        });
      if (!closed) individuals.push({ id, regionId, openedOn, child, forms: [...forms], step });
    }
    for (let i = 0; i < personRows.length; i += 100)
      await tx.insert(schema.persons).values(personRows.slice(i, i + 100));
    for (let i = 0; i < nameRows.length; i += 500)
      await tx.insert(schema.personNameIndex).values(nameRows.slice(i, i + 500));
    for (let i = 0; i < caseRows.length; i += 100)
      await tx.insert(schema.cases).values(caseRows.slice(i, i + 100));
    for (let i = 0; i < stepRows.length; i += 100)
      await tx.insert(schema.caseSteps).values(stepRows.slice(i, i + 100));
    const yearCases = await seedDemoYear(tx, {
      now,
      firstNumber: caseRows.length + 1,
      municipalities: byRegion,
      shelters: shelters.filter((s) => s.id !== "demo-skyddat-boende-stockholm"),
      coordinatorOf: (regionId) => userIds.get(`koordinator.${regionId}@demo`) ?? null,
    });
    await tx.execute(sql`select setval('case_ref_seq', ${caseRows.length + yearCases + 1})`);
    const referrals = demoReferrals(rnd, individuals, shelters, now);
    for (let i = 0; i < referrals.length; i += 100)
      await tx.insert(schema.referrals).values(referrals.slice(i, i + 100));
    const regionOf = new Map(individuals.map((c) => [c.id, c.regionId]));
    const followUps = demoFollowUps(
      rnd,
      referrals,
      now,
      (text, id) => encryptField(keys, text, followUpAad(id)),
      (caseId) => userIds.get(`koordinator.${regionOf.get(caseId)}@demo`) ?? null,
    );
    if (followUps.length) await tx.insert(schema.referralFollowups).values(followUps);
    await seedAmpDemo(tx as unknown as Db, keys, rnd, referrals, now, userIds, regionOf);
    await appendAudit(tx, {
      actor: null,
      action: "create",
      objectType: "demo",
      outcome: "ok",
      detail: { cases: caseRows.length, referrals: referrals.length, followUps: followUps.length },
    });
  });
  return accounts;
}
