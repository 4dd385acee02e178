/**
 * The reference for `cases.throughput_ratio`: a bare `node:http` server that answers the same two
 * requests as the API (`GET /api/v1/cases` and `GET /api/v1/cases/{id}`) with the same SQL text
 * the service sends through Drizzle (captured from the real server), through `pg` with the same pool
 * size and array row mode, and with the same JSON shape. It has no auth (the region comes from an
 * `x-region` header), no session or case-scope lookups, no audit entry, no schema validation or
 * OpenAPI router, no security headers, and returns encrypted fields as stored (no decryption).
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
const SHARE_COLUMNS = [
  "id",
  "caseId",
  "regionId",
  "mode",
  "createdBy",
  "createdAt",
  "revokedAt",
  "revokedBy",
] as const;

const SQL = {
  list: `select "id", "ref", "kind", "title", "status", "step", "opened_on", "region_id" from "cases" where (("cases"."region_id" = $1 or "cases"."id" in (select "case_id" from "case_shares" where ("case_shares"."region_id" = $2 and "case_shares"."revoked_at" is null)))`,
  case: `select "id", "ref", "kind", "region_id", "municipality_code", "status", "opened_on", "closed_on", "close_reason", "referring_org", "forms", "category", "step", "title", "consultation_channel", "consultation_topic", "referred_to", "advice_enc", "created_by", "created_at", "updated_at", "search" from "cases" where "cases"."id" = $1`,
  shares: `select "id", "case_id", "region_id", "mode", "created_by", "created_at", "revoked_at", "revoked_by" from "case_shares" where ("case_shares"."case_id" = $1 and "case_shares"."revoked_at" is null)`,
  person: `select "id", "case_id", "pseudonym", "age_group", "birth_year", "gender", "citizenship", "languages", "name_enc", "contact_enc", "identity_docs_enc" from "persons" where "persons"."case_id" = $1`,
  steps: `select "case_steps"."step", "case_steps"."changed_at", "users"."display_name" from "case_steps" left join "users" on "users"."id" = "case_steps"."changed_by" where "case_steps"."case_id" = $1 order by "case_steps"."changed_at" asc`,
  notes: `select "case_notes"."id", "case_notes"."body_enc", "case_notes"."created_at", "users"."display_name" from "case_notes" left join "users" on "users"."id" = "case_notes"."created_by" where "case_notes"."case_id" = $1 order by "case_notes"."created_at" desc`,
  attachments: `select "id", "filename_enc", "size", "mime", "created_at" from "attachments" where "attachments"."case_id" = $1 order by "attachments"."created_at" asc`,
  municipality: `select "name" from "municipalities" where "municipalities"."code" = $1`,
  tasks: `select "id", "case_id", "title_enc", "due_on", "owner_id", "done_at", "created_at" from "tasks" where "tasks"."case_id" = $1 order by "tasks"."due_on" asc`,
};

/** The list query exactly as `listCases` builds it, with the filters in the same order. */
function listQuery(region: string, q: URLSearchParams): { text: string; values: unknown[] } {
  const values: unknown[] = [region, region];
  const where: string[] = [];
  const p = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const status = q.get("status") ?? "open";
  const kind = q.get("kind") ?? "all";
  if (status !== "all") where.push(`"cases"."status" = ${p(status)}`);
  if (kind !== "all") where.push(`"cases"."kind" = ${p(kind)}`);
  const step = q.get("step");
  if (step) where.push(`"cases"."step" = ${p(Number(step))}`);
  const form = q.get("form");
  if (form) where.push(`${p(form)} = any("cases"."forms")`);
  const ageGroup = q.get("ageGroup");
  if (ageGroup)
    where.push(
      `"cases"."id" in (select "case_id" from "persons" where "persons"."age_group" = ${p(ageGroup)})`,
    );
  const words =
    (q.get("q") ?? "")
      .trim()
      .toLowerCase()
      .match(/[\p{L}\p{N}-]+/gu) ?? [];
  const tsquery = words
    .map((w) => `${w.replace(/[^\p{L}\p{N}]/gu, "")}:*`)
    .filter((w) => w !== ":*")
    .join(" & ");
  if (tsquery) where.push(`"cases"."search" @@ to_tsquery('swedish', ${p(tsquery)})`);
  const page = Number(q.get("page") ?? 1);
  let text = `${SQL.list}${where.map((w) => ` and ${w}`).join("")}) order by "cases"."opened_on" desc, "cases"."ref" desc limit ${p(51)}`;
  if (page > 1) text += ` offset ${p((page - 1) * 50)}`;
  return { text, values };
}

export async function startBareServer(databaseUrl: string, poolSize: number) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const rows = async (text: string, values: unknown[]) =>
    (await pool.query<unknown[]>({ text, values, rowMode: "array", types: queryTypes })).rows;

  async function list(region: string, q: URLSearchParams) {
    const { text, values } = listQuery(region, q);
    const result = (await rows(text, values)).map((r) => ({
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
    const [row] = await rows(SQL.case, [id]);
    if (!row) return null;
    const c = Object.fromEntries(CASE_COLUMNS.map((name, i) => [name, row[i]])) as Record<string, unknown>;
    c.createdAt = stamp(c.createdAt as string);
    c.updatedAt = stamp(c.updatedAt as string);
    const shares = (await rows(SQL.shares, [id])).map((r) => {
      const s = Object.fromEntries(SHARE_COLUMNS.map((name, i) => [name, r[i]])) as Record<string, unknown>;
      s.createdAt = stamp(s.createdAt as string);
      s.revokedAt = stamp(s.revokedAt as string | null);
      return s;
    });
    if (c.regionId !== region && !shares.some((s) => s.regionId === region)) return null;
    const [p] = await rows(SQL.person, [id]);
    const steps = (await rows(SQL.steps, [id])).map((r) => ({
      step: r[0],
      changedAt: stamp(r[1] as string),
      by: r[2],
    }));
    const notes = (await rows(SQL.notes, [id])).map((r) => ({
      id: r[0],
      createdAt: stamp(r[2] as string),
      by: r[3],
      body: r[1],
    }));
    const attachments = (await rows(SQL.attachments, [id])).map((r) => ({
      id: r[0],
      size: r[2],
      mime: r[3],
      createdAt: stamp(r[4] as string),
      filename: r[1],
    }));
    const tasks = (await rows(SQL.tasks, [id])).map((r) => ({
      id: r[0],
      dueOn: r[3],
      done: r[5] !== null,
      title: r[2],
    }));
    const { adviceEnc, search: _search, ...fields } = c;
    const [place] = c.municipalityCode ? await rows(SQL.municipality, [c.municipalityCode]) : [];
    return {
      ...fields,
      municipalityName: place?.[0] ?? null,
      advice: adviceEnc,
      shares,
      person: p
        ? {
            id: p[0],
            pseudonym: p[2],
            ageGroup: p[3],
            birthYear: p[4],
            gender: p[5],
            citizenship: p[6],
            languages: p[7],
            name: p[8],
            contact: p[9],
            identityDocuments: p[10],
          }
        : null,
      steps,
      notes,
      attachments,
      tasks,
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
