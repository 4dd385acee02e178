/**
 * Demo data: a believable certification checklist for each demo shelter (ADR 0027). Each of NSP's
 * three criteria is assessed with its evidence, by a (fictional) assessor, about two years before
 * the certification ends; the earliest end is the registry's date, as the checklist decides it.
 * One criterion added by the national team is assessed at the shelters that take children.
 */
import { schema } from "@stodkedjan/db";
import { addDays, addYears } from "@stodkedjan/domain";

type Tx = Parameters<Parameters<import("@stodkedjan/db").Db["transaction"]>[0]>[0];

const EVIDENCE: Record<string, string> = {
  "staff-knowledge":
    "Utbildningsplan och intyg granskade: all personal har gått grundutbildning om människohandel och bemötande av brottsoffer med särskilda behov; två nyanställda går den i vår.",
  "needs-assessment":
    "Rutin och mall för behovsbedömning granskade; stickprov på avidentifierade bedömningar visade en bedömning i varje ärende inom första veckan.",
  "client-participation":
    "Intervjuer med personal och genomgång av planeringsmallen: klientens egna mål och synpunkter dokumenteras och planen följs upp tillsammans med klienten.",
  "c-rutiner-for-barn-som-medfoljer":
    "Skriftlig rutin för medföljande barn, samverkan med socialtjänsten och barnets egen kontaktperson granskade.",
};

/** The added criterion the demo shows, and its texts. */
const ADDED = {
  id: "c-rutiner-for-barn-som-medfoljer",
  textSv: "Boendet har rutiner för barn som medföljer en förälder",
  textEn: "The shelter has routines for children accompanying a parent",
};

export async function seedCertification(
  tx: Tx,
  shelters: { id: string; accepts: string[]; certifiedUntil: string | null }[],
) {
  await tx
    .insert(schema.certificationCriteria)
    .values({ ...ADDED, builtIn: false, position: 4 })
    .onConflictDoNothing();
  for (const s of shelters) {
    const until = s.certifiedUntil;
    if (!until) continue;
    const assessedOn = addYears(until, -2);
    const criteria = ["staff-knowledge", "needs-assessment", "client-participation"];
    if (s.accepts.includes("children") || s.accepts.includes("families")) criteria.push(ADDED.id);
    await tx.insert(schema.certificationAssessments).values(
      criteria.map((criterionId, i) => ({
        shelterId: s.id,
        criterionId,
        met: true,
        evidence: EVIDENCE[criterionId] ?? "",
        assessor:
          i % 2
            ? "Plattformens certifieringsgrupp (exempel)"
            : "Certifieringsgruppen, besök på plats (exempel)",
        assessedOn: addDays(assessedOn, i),
        // The needs assessment is the one to renew first: its end is the certification's.
        validUntil: criterionId === "needs-assessment" ? until : addDays(until, 180),
      })) as (typeof schema.certificationAssessments.$inferInsert)[],
    );
  }
}
