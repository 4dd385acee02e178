/**
 * Bulk data for the case benchmark: 100,000 cases over the 7 regions, written with multi-row
 * `INSERT … SELECT unnest(…)` batches (one array parameter per column). Every encrypted column
 * holds a real token made with the server's own `encryptField` and the AAD the service uses, so
 * reads decrypt exactly as in production.
 */
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { CATEGORIES, REFERRING_ORGS, TOPICS } from "../../packages/server/src/cases/schemas.ts";
import { FORM_TITLES } from "../../packages/server/src/cases/service.ts";
import { encryptField } from "../../packages/server/src/crypto/fields.ts";
import type { KeyRing } from "../../packages/server/src/crypto/keyring.ts";
import { random } from "../../packages/server/src/demo/random.ts";
import { nameIndexRows } from "../../packages/server/src/persons/blind-index.ts";

export const pick = <T>(rnd: () => number, items: readonly T[]): T =>
  items[Math.floor(rnd() * items.length)] as T;

const FORMS = Object.keys(FORM_TITLES);
const REFERRED = ["none", "regional-coordinator", "police", "social-services", "nsp", "migrationsverket"];
const REASONS = ["support-completed", "returned-home", "moved", "declined-support", "no-contact", "other"];
const GENDERS = ["woman", "man", "non-binary", "unknown"];
const CITIZENSHIPS = ["RO", "BG", "NG", "TH", "VN", "UA", "SE", "PL", "SY", "AF", "MA", "ER", null];
const LANGUAGES = ["ro", "bg", "en", "th", "vi", "uk", "sv", "pl", "ar", "fa", "fr", "ti"];

export interface Municipality {
  code: string;
  name: string;
  regionId: string;
}

export interface LoadedCases {
  cases: number;
  persons: number;
  steps: number;
  notes: number;
  tasks: number;
  shares: number;
  /** Per region: individual cases that are open and have a person, steps, a note and a task. */
  fullCases: Map<string, string[]>;
}

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

class Columns {
  readonly data: Record<string, unknown[]> = {};
  readonly names: string[];
  constructor(names: string[]) {
    this.names = names;
    for (const n of names) this.data[n] = [];
  }
  push(row: Record<string, unknown>) {
    for (const n of this.names) (this.data[n] as unknown[]).push(row[n] ?? null);
  }
  get length() {
    return (this.data[this.names[0] as string] as unknown[]).length;
  }
  clear() {
    for (const n of this.names) this.data[n] = [];
  }
}

/** `insert into t (a, b) select * from unnest($1::uuid[], $2::text[])`, casting array literals per row. */
async function insertBatch(
  client: pg.Client,
  table: string,
  types: Record<string, string>,
  columns: Columns,
): Promise<void> {
  if (columns.length === 0) return;
  const names = columns.names;
  const params = names.map((n) => {
    const t = types[n] as string;
    // An array column travels as text literals ('{a,b}') and is cast per row: unnest would flatten a 2-D array.
    return t.endsWith("[]") ? (columns.data[n] as (string[] | null)[]).map(pgArray) : columns.data[n];
  });
  const selects = names.map((n, i) => {
    const t = types[n] as string;
    return t.endsWith("[]") ? `c${i}::${t}` : `c${i}`;
  });
  const unnest = names.map((n, i) => {
    const t = types[n] as string;
    return `$${i + 1}::${t.endsWith("[]") ? "text" : t}[]`;
  });
  await client.query(
    `insert into ${table} (${names.map((n) => `"${n}"`).join(", ")})
     select ${selects.join(", ")} from unnest(${unnest.join(", ")}) as u(${names.map((_, i) => `c${i}`).join(", ")})`,
    params,
  );
  columns.clear();
}

const pgArray = (items: string[] | null) =>
  items === null ? null : `{${items.map((s) => `"${s.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;

/**
 * Loads `total` cases. `users` maps each region to the coordinator ids that created and changed them.
 * Writes in batches of `batch` rows per table, with the indexes in place (as in production).
 */
export async function loadCases(
  client: pg.Client,
  keys: KeyRing,
  municipalities: Municipality[],
  users: Map<string, string[]>,
  total = 100_000,
  batch = 5_000,
): Promise<LoadedCases> {
  const rnd = random(20261123);
  const regions = [...users.keys()].sort();
  const byRegion = new Map<string, Municipality[]>();
  for (const m of municipalities) byRegion.set(m.regionId, [...(byRegion.get(m.regionId) ?? []), m]);
  const end = Date.UTC(2026, 10, 20);
  const start = Date.UTC(2019, 0, 1);

  const cases = new Columns([
    "id",
    "ref",
    "kind",
    "region_id",
    "municipality_code",
    "status",
    "opened_on",
    "closed_on",
    "close_reason",
    "referring_org",
    "forms",
    "category",
    "step",
    "title",
    "consultation_channel",
    "consultation_topic",
    "referred_to",
    "advice_enc",
    "person_id",
    "created_by",
    "created_at",
    "updated_at",
  ]);
  const caseTypes: Record<string, string> = {
    id: "uuid",
    ref: "text",
    kind: "text",
    region_id: "text",
    municipality_code: "text",
    status: "text",
    opened_on: "date",
    closed_on: "date",
    close_reason: "text",
    referring_org: "text",
    forms: "text[]",
    category: "text",
    step: "smallint",
    title: "text",
    consultation_channel: "text",
    consultation_topic: "text",
    referred_to: "text",
    advice_enc: "text",
    person_id: "uuid",
    created_by: "uuid",
    created_at: "timestamptz",
    updated_at: "timestamptz",
  };
  const persons = new Columns([
    "id",
    "pseudonym",
    "age_group",
    "birth_year",
    "gender",
    "citizenship",
    "languages",
    "name_enc",
    "contact_enc",
  ]);
  const personTypes: Record<string, string> = {
    id: "uuid",
    pseudonym: "text",
    age_group: "text",
    birth_year: "int",
    gender: "text",
    citizenship: "text",
    languages: "text[]",
    name_enc: "text",
    contact_enc: "text",
  };
  const steps = new Columns(["id", "case_id", "step", "changed_by", "changed_at"]);
  const stepTypes = {
    id: "uuid",
    case_id: "uuid",
    step: "smallint",
    changed_by: "uuid",
    changed_at: "timestamptz",
  };
  const notes = new Columns(["id", "case_id", "body_enc", "created_by", "created_at"]);
  const noteTypes = {
    id: "uuid",
    case_id: "uuid",
    body_enc: "text",
    created_by: "uuid",
    created_at: "timestamptz",
  };
  const tasks = new Columns(["id", "case_id", "title_enc", "due_on", "owner_id", "done_at", "created_at"]);
  const taskTypes = {
    id: "uuid",
    case_id: "uuid",
    title_enc: "text",
    due_on: "date",
    owner_id: "uuid",
    done_at: "timestamptz",
    created_at: "timestamptz",
  };
  const shares = new Columns([
    "id",
    "case_id",
    "opened_on",
    "region_id",
    "mode",
    "created_by",
    "created_at",
    "revoked_at",
  ]);
  const shareTypes = {
    id: "uuid",
    case_id: "uuid",
    opened_on: "date",
    region_id: "text",
    mode: "text",
    created_by: "uuid",
    created_at: "timestamptz",
    revoked_at: "timestamptz",
  };

  const nameIndex = new Columns(["person_id", "kind", "kid", "hash"]);
  const nameIndexTypes: Record<string, string> = {
    person_id: "uuid",
    kind: "text",
    kid: "text",
    hash: "text",
  };

  const counts = { persons: 0, steps: 0, notes: 0, tasks: 0, shares: 0 };
  const fullCases = new Map<string, string[]>(regions.map((r) => [r, []]));

  const flush = async (force: boolean) => {
    if (!force && cases.length < batch) return;
    await insertBatch(client, "persons", personTypes, persons);
    await insertBatch(client, "person_name_index", nameIndexTypes, nameIndex);
    await insertBatch(client, "cases", caseTypes, cases);
    await insertBatch(client, "case_steps", stepTypes, steps);
    await insertBatch(client, "case_notes", noteTypes, notes);
    await insertBatch(client, "tasks", taskTypes, tasks);
    await insertBatch(client, "case_shares", shareTypes, shares);
  };

  for (let i = 0; i < total; i++) {
    const regionId = regions[i % regions.length] as string;
    const coordinators = users.get(regionId) as string[];
    const place = pick(rnd, byRegion.get(regionId) as Municipality[]);
    const id = randomUUID();
    // Newer years hold more cases; a quarter of the cases are open, mostly recent ones.
    const opened = start + Math.floor(Math.sqrt(rnd()) * (end - start));
    const open = opened > end - 730 * DAY ? rnd() < 0.55 : rnd() < 0.05;
    const closed = open ? null : Math.min(end, opened + Math.floor((10 + rnd() * 300) * DAY));
    const individual = rnd() < 0.4;
    const nForms = rnd() < 0.8 ? 1 : 2;
    const forms = [...new Set(Array.from({ length: nForms }, () => pick(rnd, FORMS)))];
    const formTitle = forms.map((f) => FORM_TITLES[f]).join(", ");
    const createdBy = pick(rnd, coordinators);
    const openedAt = new Date(opened + 9 * 3_600_000 + Math.floor(rnd() * 8 * 3_600_000));
    const ref = `ÄR-${new Date(opened).getUTCFullYear()}-${String(i + 1).padStart(6, "0")}`;
    const step = individual ? 1 + Math.floor(rnd() * 6) : null;
    const child = rnd() < 0.3;
    const personId = individual ? randomUUID() : null;
    cases.push({
      id,
      ref,
      kind: individual ? "individual" : "consultation",
      region_id: regionId,
      municipality_code: place.code,
      status: open ? "open" : "closed",
      opened_on: iso(opened),
      closed_on: closed === null ? null : iso(closed),
      close_reason: closed === null ? null : pick(rnd, REASONS),
      referring_org: pick(rnd, REFERRING_ORGS),
      forms,
      category: individual ? pick(rnd, CATEGORIES) : null,
      step,
      title: individual
        ? `${formTitle}, ${child ? "barn" : "vuxen"}, ${place.name}`
        : `Konsultation: ${formTitle}, ${place.name}`,
      consultation_channel: individual ? null : rnd() < 0.5 ? "support-line" : "coordinator",
      consultation_topic: individual ? null : pick(rnd, TOPICS),
      referred_to: individual ? null : pick(rnd, REFERRED),
      advice_enc:
        !individual && rnd() < 0.5
          ? encryptField(
              keys,
              `Rådde anmälaren att kontakta socialtjänsten i ${place.name} och att dokumentera arbetsvillkoren. Ärende ${ref}.`,
              `cases.advice:${id}`,
            )
          : null,
      person_id: personId,
      created_by: createdBy,
      created_at: openedAt,
      updated_at: openedAt,
    });
    let hasNote = false;
    let hasTask = false;
    if (personId) {
      const name = `Testperson ${i + 1} Fiktiv`;
      for (const row of nameIndexRows(keys, personId, name))
        nameIndex.push({ ...row, person_id: row.personId });
      const birthYear = child ? 2026 - 10 - Math.floor(rnd() * 7) : 2026 - 19 - Math.floor(rnd() * 45);
      persons.push({
        id: personId,
        pseudonym: `P-${ref.slice(-6)}`,
        age_group: child ? "child" : "adult",
        birth_year: birthYear,
        gender: pick(rnd, GENDERS),
        citizenship: pick(rnd, CITIZENSHIPS),
        languages: [pick(rnd, LANGUAGES), ...(rnd() < 0.4 ? [pick(rnd, LANGUAGES)] : [])],
        name_enc: encryptField(keys, name, `persons.name:${personId}`),
        contact_enc:
          rnd() < 0.5
            ? encryptField(
                keys,
                `070-${String(1_000_000 + i).slice(-7)}, via tolk`,
                `persons.contact:${personId}`,
              )
            : null,
      });
      counts.persons++;
      // 1–3 step changes ending at the current step.
      const n = Math.min(step as number, 1 + Math.floor(rnd() * 3));
      for (let k = 0; k < n; k++) {
        steps.push({
          id: randomUUID(),
          case_id: id,
          step: (step as number) - (n - 1 - k),
          changed_by: pick(rnd, coordinators),
          changed_at: new Date(openedAt.getTime() + k * 9 * DAY),
        });
        counts.steps++;
      }
    }
    if (rnd() < (individual ? 0.7 : 0.1)) {
      const noteId = randomUUID();
      notes.push({
        id: noteId,
        case_id: id,
        body_enc: encryptField(
          keys,
          `Samtal med handläggare på socialtjänsten. Personen har fått skyddat boende och tolk. Nästa uppföljning om två veckor. (${ref})`,
          `case_notes.body:${noteId}`,
        ),
        created_by: pick(rnd, coordinators),
        created_at: new Date(openedAt.getTime() + 2 * DAY),
      });
      counts.notes++;
      hasNote = true;
    }
    if (rnd() < (individual ? 0.6 : 0.05)) {
      const taskId = randomUUID();
      tasks.push({
        id: taskId,
        case_id: id,
        title_enc: encryptField(keys, `Följ upp ansökan om betänketid för ${ref}`, `tasks.title:${taskId}`),
        due_on: iso(opened + 30 * DAY),
        owner_id: pick(rnd, coordinators),
        done_at: open ? null : new Date(opened + 25 * DAY),
        created_at: new Date(openedAt.getTime() + DAY),
      });
      counts.tasks++;
      hasTask = true;
    }
    // About 1 % of cases are shared with another region, some of those shares since revoked.
    if (rnd() < 0.01) {
      const other = regions[(i + 1 + Math.floor(rnd() * (regions.length - 1))) % regions.length] as string;
      shares.push({
        id: randomUUID(),
        case_id: id,
        opened_on: iso(opened),
        region_id: other,
        mode: "joint", // a transfer would take the case from the region the load reads it as
        created_by: createdBy,
        created_at: new Date(openedAt.getTime() + 3 * DAY),
        revoked_at: rnd() < 0.3 ? new Date(openedAt.getTime() + 60 * DAY) : null,
      });
      counts.shares++;
    }
    if (open && individual && hasNote && hasTask) (fullCases.get(regionId) as string[]).push(id);
    await flush(false);
  }
  await flush(true);
  await client.query("select setval('case_ref_seq', $1)", [total]);
  return { cases: total, ...counts, fullCases };
}
