/**
 * The reference for `cases.throughput_ratio`: a bare `node:http` server that answers the same two
 * requests as the API (`GET /api/v1/cases` and `GET /api/v1/cases/{id}`) with the same SQL text
 * the service sends through Drizzle (captured from the real server), prepared the same way, through
 * `pg` with the same pool size and array row mode, and with the same JSON shape. It has no auth (the
 * region comes from an `x-region` header), so no session lookup, no audit entry, no schema
 * validation or OpenAPI router, no security headers, and returns encrypted fields as stored (no
 * decryption) and timestamps inside JSON columns as PostgreSQL writes them.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";

const { types } = pg;
/** As Drizzle's node-postgres driver: dates and timestamps arrive as text, the rest as pg parses them. */
const RAW = new Set([
  types.builtins.TIMESTAMPTZ,
  types.builtins.TIMESTAMP,
  types.builtins.DATE,
  types.builtins.INTERVAL,
  1231,
  1115,
  1185,
  1187,
  1182,
]);
const queryTypes = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    RAW.has(oid) ? (v: string) => v : types.getTypeParser(oid, format as "text"),
};
/** As Drizzle maps a `timestamp with time zone` column in date mode. */
const stamp = (v: string | null) => (v === null ? null : new Date(v));

const CASE_COLUMNS = [
  "id",
  "ref",
  "kind",
  "regionId",
  "municipalityCode",
  "status",
  "openedOn",
  "closedOn",
  "closeReason",
  "referringOrg",
  "forms",
  "category",
  "step",
  "title",
  "consultationChannel",
  "consultationTopic",
  "referredTo",
  "adviceEnc",
  "createdBy",
  "createdAt",
  "updatedAt",
  "search",
] as const;

/** The service's one-statement case read (`getCase`), as Drizzle renders it. */
const CASE_SQL = `select "id", "ref", "kind", "region_id", "municipality_code", "status", "opened_on", "closed_on", "close_reason", "referring_org", "forms", "category", "step", "title", "consultation_channel", "consultation_topic", "referred_to", "advice_enc", "created_by", "created_at", "updated_at", "search", (select coalesce(json_agg(json_build_object(
    'id', s.id, 'caseId', s.case_id, 'regionId', s.region_id, 'mode', s.mode, 'createdBy', s.created_by,
    'createdAt', s.created_at, 'revokedAt', s.revoked_at, 'revokedBy', s.revoked_by) order by s.created_at), '[]')
  from case_shares s where s.case_id = "cases"."id" and s.revoked_at is null), (select m.name from municipalities m
        where m.code = "cases"."municipality_code"), (select json_build_object('id', p.id, 'pseudonym', p.pseudonym,
          'ageGroup', p.age_group, 'birthYear', p.birth_year, 'gender', p.gender,
          'citizenship', p.citizenship, 'languages', p.languages, 'nameEnc', p.name_enc,
          'contactEnc', p.contact_enc, 'identityDocsEnc', p.identity_docs_enc)
        from persons p where p.id = "cases"."person_id"), (select coalesce(json_agg(json_build_object('step', x.step,
          'changedAt', x.changed_at, 'by', u.display_name) order by x.changed_at), '[]')
        from case_steps x left join users u on u.id = x.changed_by where x.case_id = "cases"."id"), (select coalesce(json_agg(json_build_object('id', n.id, 'bodyEnc', n.body_enc,
          'createdAt', n.created_at, 'by', u.display_name) order by n.created_at desc), '[]')
        from case_notes n left join users u on u.id = n.created_by where n.case_id = "cases"."id"), (select coalesce(json_agg(json_build_object('id', a.id,
          'filenameEnc', a.filename_enc, 'size', a.size, 'mime', a.mime, 'createdAt', a.created_at)
          order by a.created_at), '[]')
        from attachments a where a.case_id = "cases"."id"), (select coalesce(json_agg(json_build_object('id', t.id, 'titleEnc', t.title_enc,
          'dueOn', t.due_on, 'doneAt', t.done_at, 'owner', o.display_name) order by t.due_on), '[]')
        from tasks t left join users o on o.id = t.owner_id where t.case_id = "cases"."id") from "cases" where "cases"."id" = $1`;

const LIST_COLUMNS = `"id", "ref", "kind", "title", "status", "step", "opened_on", "region_id"`;
const SHARED_LIST_COLUMNS = LIST_COLUMNS.replace(/"([a-z_]+)"/g, '"cases"."$1"');
const ORDER = `order by "cases"."opened_on" desc, "cases"."ref" desc`;

/**
 * The list query exactly as `listCases` builds it: the region's own cases as a CTE that bounds
 * the shared part, coded filters as literals, the region and a search term as parameters.
 */
function listQuery(region: string, q: URLSearchParams): { name?: string; text: string; values: unknown[] } {
  const values: unknown[] = [];
  const p = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const status = q.get("status") ?? "open";
  const kind = q.get("kind") ?? "all";
  const step = q.get("step");
  const form = q.get("form");
  const ageGroup = q.get("ageGroup");
  const words =
    (q.get("q") ?? "")
      .trim()
      .toLowerCase()
      .match(/[\p{L}\p{N}-]+/gu) ?? [];
  const tsquery = words
    .map((w) => `${w.replace(/[^\p{L}\p{N}]/gu, "")}:*`)
    .filter((w) => w !== ":*")
    .join(" & ");
  const literal = (v: string) => (/^[a-z0-9-]+$/.test(v) ? `'${v}'` : "null");
  const filters = () => {
    const where: string[] = [];
    if (status !== "all") where.push(`"cases"."status" = ${literal(status)}`);
    if (kind !== "all") where.push(`"cases"."kind" = ${literal(kind)}`);
    if (step) where.push(`"cases"."step" = ${Number(step)}`);
    if (form) where.push(`${literal(form)} = any("cases"."forms")`);
    if (ageGroup)
      where.push(
        `exists (select 1 from persons a where a.id = "cases"."person_id" and a.age_group = ${literal(ageGroup)})`,
      );
    if (tsquery) where.push(`"cases"."search" @@ to_tsquery('swedish', ${p(tsquery)})`);
    return where.map((w) => ` and ${w}`).join("");
  };
  const page = Number(q.get("page") ?? 1);
  const depth = page * 50 + 1;
  const own = `with "own" as (select ${LIST_COLUMNS} from "cases" where ("cases"."region_id" = ${p(region)} and not exists (select 1 from case_shares t where t.case_id = "cases"."id"
            and t.mode = 'transfer' and t.revoked_at is null)${filters()}) ${ORDER} limit ${depth})`;
  const shared = `(select ${SHARED_LIST_COLUMNS} from "case_shares" inner join "cases" on "cases"."id" = "case_shares"."case_id" where ("case_shares"."region_id" = ${p(region)} and "case_shares"."revoked_at" is null and "case_shares"."opened_on" >= (select case when count(*) < ${depth} then '-infinity'::date
    else min("own"."opened_on") end from "own")${filters()}) ${ORDER} limit ${depth})`;
  const text = `${own} select ${LIST_COLUMNS} from ((select ${LIST_COLUMNS} from "own") union all ${shared}) "cases" ${ORDER} limit 51 offset ${(page - 1) * 50}`;
  // Prepared as the service prepares them: first pages without a text search, one per filter combination.
  const key = [status, kind, step ?? "", form ?? "", ageGroup ?? ""].join("_");
  return { name: page === 1 && !tsquery ? `bare_list_${key}` : undefined, text, values };
}

export async function startBareServer(databaseUrl: string, poolSize: number) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });

  async function list(region: string, q: URLSearchParams) {
    const { name, text, values } = listQuery(region, q);
    const result = (
      await pool.query<unknown[]>({ name, text, values, rowMode: "array", types: queryTypes })
    ).rows.map((r) => ({
      id: r[0],
      ref: r[1],
      kind: r[2],
      title: r[3],
      status: r[4],
      step: r[5],
      openedOn: r[6],
      regionId: r[7],
    }));
    return { rows: result.slice(0, 50), more: result.length > 50 };
  }

  async function detail(region: string, id: string) {
    const [row] = (
      await pool.query<unknown[]>({
        name: "bare_case",
        text: CASE_SQL,
        values: [id],
        rowMode: "array",
        types: queryTypes,
      })
    ).rows;
    if (!row) return null;
    const c = Object.fromEntries(CASE_COLUMNS.map((name, i) => [name, row[i]])) as Record<string, unknown>;
    const [shares, municipalityName, p, steps, notes, files, tasks] = row.slice(CASE_COLUMNS.length) as [
      { regionId: string }[],
      string | null,
      Record<string, unknown> | null,
      Record<string, unknown>[],
      Record<string, unknown>[],
      Record<string, unknown>[],
      Record<string, unknown>[],
    ];
    if (c.regionId !== region && !shares.some((s) => s.regionId === region)) return null;
    c.createdAt = stamp(c.createdAt as string);
    c.updatedAt = stamp(c.updatedAt as string);
    const { adviceEnc, search: _search, ...fields } = c;
    return {
      ...fields,
      municipalityName,
      advice: adviceEnc,
      shares,
      person: p
        ? {
            id: p.id,
            pseudonym: p.pseudonym,
            ageGroup: p.ageGroup,
            birthYear: p.birthYear,
            gender: p.gender,
            citizenship: p.citizenship,
            languages: p.languages,
            name: p.nameEnc,
            contact: p.contactEnc,
            identityDocuments: p.identityDocsEnc,
          }
        : null,
      steps,
      notes: notes.map((n) => ({ id: n.id, createdAt: n.createdAt, by: n.by, body: n.bodyEnc })),
      attachments: files.map((f) => ({
        id: f.id,
        size: f.size,
        mime: f.mime,
        createdAt: f.createdAt,
        filename: f.filenameEnc,
      })),
      tasks: tasks.map((t) => ({
        id: t.id,
        dueOn: t.dueOn,
        done: t.doneAt !== null,
        owner: t.owner,
        title: t.titleEnc,
      })),
    };
  }

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://bare");
      const region = String(req.headers["x-region"] ?? "");
      let body: unknown = null;
      if (url.pathname === "/api/v1/cases") body = await list(region, url.searchParams);
      else {
        const m = /^\/api\/v1\/cases\/([0-9a-f-]{36})$/.exec(url.pathname);
        if (m) body = await detail(region, m[1] as string);
      }
      const json = JSON.stringify(body ?? { title: "Not found" });
      res.writeHead(body ? 200 : 404, { "content-type": "application/json" });
      res.end(json);
    } catch (e) {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(e));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
