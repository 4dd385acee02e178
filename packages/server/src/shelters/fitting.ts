/**
 * Which shelters fit a person (ADR 0027), for the coordinator's referral form: certified today,
 * with a free place (capacity minus the placements there now, never a typed number), taking the
 * person's group and every form of exploitation of the case. The form offers these first; choosing
 * another shelter needs a coded reason, which is kept with the placement. Reads only the coded
 * fields it needs (the person's age group and gender, the case's forms): no case content leaves.
 */
import { type Db, schema } from "@stodkedjan/db";
import {
  freePlaces,
  isCertifiedOn,
  type ShelterChoiceReason,
  type ShelterMisfit,
  shelterMisfits,
} from "@stodkedjan/domain";
import { asc, eq, sql } from "drizzle-orm";
import { invalid } from "../cases/errors.ts";
import { occupiedPlaces } from "./service.ts";

export interface ShelterChoice {
  id: string;
  name: string;
  regionId: string;
  certifiedUntil: string | null;
  free: number;
  /** Why the shelter does not fit (empty: it fits). */
  misfits: ShelterMisfit[];
}

type Reader = Pick<Db, "select">;

/** The person's group and the case's forms: the coded fields the fit is decided on. */
async function caseFacts(db: Reader, caseId: string) {
  const [row] = await db
    .select({ ageGroup: schema.persons.ageGroup, gender: schema.persons.gender, forms: schema.cases.forms })
    .from(schema.cases)
    .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
    .where(eq(schema.cases.id, caseId));
  return row ?? null;
}

/**
 * The certified shelters for a placement in this case, fitting ones first (by most free places,
 * then name), then the others with why they do not fit. With accompanying children the person's
 * group includes families.
 */
export async function shelterChoices(
  db: Reader,
  caseId: string,
  day: string,
  withChildren = false,
): Promise<ShelterChoice[]> {
  const facts = await caseFacts(db, caseId);
  const shelters = await db
    .select()
    .from(schema.shelters)
    .where(sql`${schema.shelters.certifiedUntil} >= ${day}`)
    .orderBy(asc(schema.shelters.name));
  const taken = await occupiedPlaces(
    db,
    shelters.map((s) => s.id),
  );
  const choices = shelters
    .filter((s) => isCertifiedOn(s.certifiedUntil, day))
    .map((s): ShelterChoice => {
      const f = { ...s, occupied: taken.get(s.id) ?? 0 };
      return {
        id: s.id,
        name: s.name,
        regionId: s.regionId,
        certifiedUntil: s.certifiedUntil,
        free: freePlaces(f),
        misfits: facts
          ? shelterMisfits(
              f,
              { ...facts, withChildren },
              facts.forms.filter((f) => f !== "other"),
              day,
            )
          : [],
      };
    });
  const fits = choices.filter((c) => c.misfits.length === 0).sort((a, b) => b.free - a.free);
  return [...fits, ...choices.filter((c) => c.misfits.length > 0)];
}

/** Why the chosen shelter does not fit this case's person (empty: it fits). */
export async function misfitsOf(
  db: Reader,
  caseId: string,
  shelterId: string,
  day: string,
  withChildren: boolean,
) {
  const choice = (await shelterChoices(db, caseId, day, withChildren)).find((c) => c.id === shelterId);
  return choice?.misfits ?? [];
}

/**
 * The record of the choice kept with the placement when the shelter does not fit (undefined when
 * it fits); refused at the reason's field when `reasonRequired` (the referral form) and no reason.
 */
export function shelterChoiceRecord(
  misfits: ShelterMisfit[],
  reason: ShelterChoiceReason | null | undefined,
  reasonRequired: boolean,
) {
  if (misfits.length > 0 && !reason && reasonRequired)
    throw invalid("The shelter does not fit the person: say why it was chosen.", [
      {
        path: "shelterChoiceReason",
        message: "a reason is needed for a shelter that does not fit",
        code: "shelter-choice-reason",
      },
    ]);
  // Kept only for a shelter that did not fit: a fitting choice needs no explaining.
  return misfits.length > 0 ? { misfits, reason: reason ?? null } : undefined;
}
