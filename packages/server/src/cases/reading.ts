import { preparedPerDb, schema } from "@stodkedjan/db";
import { eq, getTableColumns, sql } from "drizzle-orm";
import { can, scopeOf } from "../access/policy.ts";
import { audit, historyOf } from "../audit/log.ts";
import { isUuid } from "../ids.ts";
import { type Ctx, dec } from "./context.ts";
import { forbidden } from "./errors.ts";
import { authorizeCase, denied, sharesColumn, toShares } from "./scope.ts";

const detailQuery = preparedPerDb((db) =>
  db
    .select({
      row: getTableColumns(schema.cases),
      shares: sharesColumn,
      municipalityName: sql<string | null>`(select m.name from municipalities m
        where m.code = "cases"."municipality_code")`,
      person: sql<PersonJson | null>`(select json_build_object('id', p.id, 'pseudonym', p.pseudonym,
          'ageGroup', p.age_group, 'birthYear', p.birth_year, 'gender', p.gender,
          'citizenship', p.citizenship, 'languages', p.languages, 'nameEnc', p.name_enc,
          'contactEnc', p.contact_enc, 'identityDocsEnc', p.identity_docs_enc,
          'socialServicesCode', p.social_services_code, 'guardianAppointed', p.guardian_appointed,
          'socialServicesName', (select m.name from municipalities m where m.code = p.social_services_code))
        from persons p where p.id = "cases"."person_id")`,
      takenByName: sql<string | null>`(select u.display_name from users u where u.id = "cases"."taken_by")`,
      transfer: sql<TransferJson | null>`(select json_build_object('id', t.id, 'toRegionId', t.to_region_id,
          'requestedAt', t.created_at) from case_transfers t where t.case_id = "cases"."id" and t.state = 'pending')`,
      steps: sql<StepJson[]>`(select coalesce(json_agg(json_build_object('step', x.step,
          'changedAt', x.changed_at, 'by', u.display_name) order by x.changed_at), '[]')
        from case_steps x left join users u on u.id = x.changed_by where x.case_id = "cases"."id")`,
      notes: sql<NoteJson[]>`(select coalesce(json_agg(json_build_object('id', n.id, 'bodyEnc', n.body_enc,
          'createdAt', n.created_at, 'by', u.display_name) order by n.created_at desc), '[]')
        from case_notes n left join users u on u.id = n.created_by where n.case_id = "cases"."id")`,
      attachments: sql<FileJson[]>`(select coalesce(json_agg(json_build_object('id', a.id,
          'filenameEnc', a.filename_enc, 'size', a.size, 'mime', a.mime, 'createdAt', a.created_at)
          order by a.created_at), '[]')
        from attachments a where a.case_id = "cases"."id")`,
      tasks: sql<TaskJson[]>`(select coalesce(json_agg(json_build_object('id', t.id, 'titleEnc', t.title_enc,
          'dueOn', t.due_on, 'doneAt', t.done_at, 'owner', o.display_name) order by t.due_on), '[]')
        from tasks t left join users o on o.id = t.owner_id where t.case_id = "cases"."id")`,
      reopenings: sql<ReopeningJson[]>`(select coalesce(json_agg(json_build_object('id', r.id,
          'reasonEnc', r.reason_enc, 'at', r.created_at, 'by', u.display_name) order by r.created_at), '[]')
        from case_reopenings r left join users u on u.id = r.reopened_by where r.case_id = "cases"."id")`,
    })
    .from(schema.cases)
    .where(eq(schema.cases.id, sql.placeholder("id")))
    .prepare("case_detail"),
);

/**
 * One case with everything its page shows, read in one statement: a case page is the most
 * frequent request of the day, and one round trip instead of nine keeps it fast under load.
 * The scope is checked on the result before anything is decrypted or returned.
 */
export async function getCase(ctx: Ctx, caseId: string) {
  const [found] = isUuid(caseId) ? await detailQuery(ctx.db).execute({ id: caseId }) : [];
  const shares = found ? toShares(found.shares) : [];
  if (!found || !can(ctx.principal, "case.read", scopeOf(found.row.regionId, shares)))
    throw await denied(ctx, caseId, !!found, "case.read");
  const { row, person } = found;
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "read",
    objectType: "case",
    objectId: caseId,
    outcome: "ok",
    detail: person ? { person: person.pseudonym } : null,
  });
  const { adviceEnc, search: _search, ...caseFields } = row;
  return {
    ...caseFields,
    municipalityName: found.municipalityName,
    takenByName: found.takenByName,
    pendingTransfer: found.transfer
      ? { ...found.transfer, requestedAt: new Date(found.transfer.requestedAt) }
      : null,
    advice: dec(ctx, adviceEnc, `cases.advice:${caseId}`),
    shares,
    person: person
      ? {
          id: person.id,
          pseudonym: person.pseudonym,
          ageGroup: person.ageGroup,
          birthYear: person.birthYear,
          gender: person.gender,
          citizenship: person.citizenship,
          languages: person.languages,
          name: dec(ctx, person.nameEnc, `persons.name:${person.id}`),
          contact: dec(ctx, person.contactEnc, `persons.contact:${person.id}`),
          identityDocuments: dec(ctx, person.identityDocsEnc, `persons.identity_docs:${person.id}`),
          socialServicesCode: person.socialServicesCode,
          socialServicesName: person.socialServicesName,
          guardianAppointed: person.guardianAppointed,
        }
      : null,
    steps: found.steps.map((x) => ({ step: x.step, changedAt: new Date(x.changedAt), by: x.by })),
    notes: found.notes.map((n) => ({
      id: n.id,
      createdAt: new Date(n.createdAt),
      by: n.by,
      body: dec(ctx, n.bodyEnc, `case_notes.body:${n.id}`),
    })),
    attachments: found.attachments.map((f) => ({
      id: f.id,
      size: f.size,
      mime: f.mime,
      createdAt: new Date(f.createdAt),
      filename: dec(ctx, f.filenameEnc, `attachments.filename:${f.id}`),
    })),
    tasks: found.tasks.map((t) => ({
      id: t.id,
      dueOn: t.dueOn,
      done: t.doneAt !== null,
      owner: t.owner,
      title: dec(ctx, t.titleEnc, `tasks.title:${t.id}`),
    })),
    reopenings: found.reopenings.map((r) => ({
      id: r.id,
      at: new Date(r.at),
      by: r.by,
      reason: dec(ctx, r.reasonEnc, `case_reopenings.reason:${r.id}`),
    })),
  };
}

type Person = typeof schema.persons.$inferSelect;
type PersonJson = Person & { socialServicesName: string | null };
type TransferJson = { id: string; toRegionId: string; requestedAt: string };
type StepJson = { step: number; changedAt: string; by: string | null };
type NoteJson = { id: string; bodyEnc: string; createdAt: string; by: string | null };
type FileJson = { id: string; filenameEnc: string; size: number; mime: string; createdAt: string };
type ReopeningJson = { id: string; reasonEnc: string; at: string; by: string | null };
type TaskJson = { id: string; titleEnc: string; dueOn: string; doneAt: string | null; owner: string | null };
export type CaseDetail = Awaited<ReturnType<typeof getCase>>;

/**
 * Who read or changed a case, newest first: a coordinator's for cases they may read, the national
 * team's for any case. Reading it is itself a read of the case, and audited.
 */
export async function caseHistory(ctx: Ctx, caseId: string) {
  if (!can(ctx.principal, "case.history")) throw forbidden();
  if (ctx.principal.role === "coordinator") await authorizeCase(ctx, caseId, "case.read");
  const rows = await historyOf(ctx.db, "case", caseId);
  await audit(ctx.db, {
    actor: ctx.principal,
    action: "read",
    objectType: "case",
    objectId: caseId,
    outcome: "ok",
    detail: { part: "access-history", count: rows.length },
  });
  return rows;
}
