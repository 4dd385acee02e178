/** A case's tasks: given to a coordinator who works the case, with a due date, marked done. */

import { randomUUID } from "node:crypto";
import { type Db, schema } from "@stodkedjan/db";
import { and, eq, sql } from "drizzle-orm";
import { can, scopeOf } from "../access/policy.ts";
import { encryptField } from "../crypto/fields.ts";
import { isUuid } from "../ids.ts";
import { type Ctx, userId } from "./context.ts";
import { invalid, notFound } from "./errors.ts";
import { activeShares, authorizeCase, change } from "./scope.ts";

/** The coordinators who may work a case (its region's, and those of regions it is shared with). */
async function caseWorkers(db: Db, row: typeof schema.cases.$inferSelect, caseId: string) {
  const scope = scopeOf(row.regionId, await activeShares(db, caseId));
  const users = await db
    .select({ id: schema.users.id, name: schema.users.displayName, regionId: schema.users.regionId })
    .from(schema.users)
    .where(and(eq(schema.users.role, "coordinator"), eq(schema.users.disabled, false)))
    .orderBy(schema.users.displayName);
  return users.filter((u) =>
    can(
      { kind: "user", id: u.id, role: "coordinator", regionId: u.regionId, shelterId: null, name: u.name },
      "case.write",
      scope,
    ),
  );
}

/** Who a task of the case can be given to, for the task form. */
export async function taskOwners(ctx: Ctx, caseId: string) {
  const { row } = await authorizeCase(ctx, caseId, "case.write");
  return caseWorkers(ctx.db, row, caseId);
}

/** A task with a due date, owned by the one who adds it or by another coordinator who may work the case. */
export function addTask(ctx: Ctx, caseId: string, title: string, dueOn: string, ownerId?: string) {
  return change(ctx, caseId, "task", async (tx, row) => {
    if (ownerId !== undefined && !(await caseWorkers(tx, row, caseId)).some((u) => u.id === ownerId))
      throw invalid("The task's owner must be a coordinator who works this case.", [
        {
          path: "ownerId",
          message: "choose a coordinator of the case's region, or of a region it is shared with",
          code: "task-owner",
        },
      ]);
    const id = randomUUID();
    await tx.insert(schema.tasks).values({
      id,
      caseId,
      titleEnc: encryptField(ctx.keys, title, `tasks.title:${id}`),
      dueOn,
      ownerId: ownerId ?? userId(ctx),
    });
    return { id };
  });
}

/** Marks a task done; done again, it keeps the time it was first done. */
export function completeTask(ctx: Ctx, caseId: string, taskId: string) {
  return change(ctx, caseId, "task-done", async (tx) => {
    if (!isUuid(taskId)) throw notFound();
    const [task] = await tx
      .update(schema.tasks)
      .set({ doneAt: sql`coalesce(${schema.tasks.doneAt}, ${ctx.now ?? new Date()})` })
      .where(and(eq(schema.tasks.id, taskId), eq(schema.tasks.caseId, caseId)))
      .returning({ id: schema.tasks.id });
    if (!task) throw notFound();
  });
}
