/**
 * A child's case records the responsible social services (a municipality's) and whether a
 * guardian (god man) has been appointed; the case page asks for them while neither is recorded.
 */

import { schema } from "@stodkedjan/db";
import { eq } from "drizzle-orm";
import type { Ctx } from "./context.ts";
import { municipalityName } from "./context.ts";
import { conflict, invalid, ServiceError } from "./errors.ts";
import { change } from "./scope.ts";

export function recordChildCare(
  ctx: Ctx,
  caseId: string,
  input: { socialServicesCode?: string; guardianAppointed: "yes" | "no" | "unknown" },
) {
  return change(ctx, caseId, "child-care", async (tx) => {
    const [person] = await tx
      .select({ id: schema.persons.id, ageGroup: schema.persons.ageGroup })
      .from(schema.cases)
      .innerJoin(schema.persons, eq(schema.persons.id, schema.cases.personId))
      .where(eq(schema.cases.id, caseId));
    if (person?.ageGroup !== "child")
      throw conflict("Social services and guardian are recorded for a child's case.");
    // An unknown municipality is a problem of the form's own field, not of the case's municipality.
    if (input.socialServicesCode)
      await municipalityName(tx, input.socialServicesCode).catch((e: unknown) => {
        throw e instanceof ServiceError
          ? invalid(
              e.message,
              e.issues.map((i) => ({ ...i, path: "socialServicesCode" })),
            )
          : e;
      });
    await tx
      .update(schema.persons)
      .set({
        socialServicesCode: input.socialServicesCode ?? null,
        guardianAppointed: input.guardianAppointed === "unknown" ? null : input.guardianAppointed === "yes",
      })
      .where(eq(schema.persons.id, person.id));
  });
}
