/**
 * The database schema. This issue stores the directory (regions, counties, municipalities and
 * coordinators), seeded from content/regions.yaml; case coordination builds on it.
 */
import { type SQL, sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  char,
  check,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const regions = pgTable("regions", {
  id: text("id").primaryKey(),
  nameSv: text("name_sv").notNull(),
  nameEn: text("name_en").notNull(),
});

export const counties = pgTable("counties", {
  code: char("code", { length: 2 }).primaryKey(),
  name: text("name").notNull(),
  regionId: text("region_id")
    .notNull()
    .references(() => regions.id),
});

export const municipalities = pgTable("municipalities", {
  code: char("code", { length: 4 }).primaryKey(),
  name: text("name").notNull(),
  countyCode: char("county_code", { length: 2 })
    .notNull()
    .references(() => counties.code),
});

/** Contact details are public work contacts, not case data; placeholders until the agency fills them in. */
export const coordinators = pgTable(
  "coordinators",
  {
    id: text("id").primaryKey(),
    regionId: text("region_id")
      .notNull()
      .references(() => regions.id),
    name: text("name").notNull(),
    hostMunicipality: text("host_municipality").notNull(),
    focus: text("focus", { enum: ["all", "children", "adults"] }).notNull(),
    phone: text("phone").notNull(),
    email: text("email").notNull(),
    placeholder: boolean("placeholder").notNull(),
  },
  (t) => [check("coordinators_focus", sql`${t.focus} in ('all', 'children', 'adults')`)],
);

// ---------------------------------------------------------------------------------------------
// Case coordination. Names, contact details, identity documents and all free text are stored
// only as field-encrypted tokens (columns ending in _enc, AES-256-GCM with a key id, see
// packages/server/src/crypto). Everything else is coded, so statistics and search never need
// to decrypt anything.
// ---------------------------------------------------------------------------------------------

export const ROLES = ["coordinator", "national", "shelter", "iom", "researcher", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => Buffer.from(v),
});
const created = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const shelters = pgTable("shelters", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  operator: text("operator").notNull(),
  regionId: text("region_id")
    .notNull()
    .references(() => regions.id),
  capacity: integer("capacity").notNull(),
  accepts: text("accepts").array().notNull(),
  forms: text("forms").array().notNull(),
  /**
   * The last day the certification holds. For a shelter with a certification checklist it is the
   * checklist's result, rewritten with every change to it (ADR 0027); null: not certified.
   */
  certifiedUntil: date("certified_until"),
  /** The day the national team withdrew the certification; cleared when new assessments certify again. */
  certificationWithdrawnOn: date("certification_withdrawn_on"),
  certificationWithdrawnReason: text("certification_withdrawn_reason"),
});

/**
 * The criteria of NSP's certification (ADR 0027): the three from NSP's own rules (built in) and
 * those the national team adds. A criterion is retired, never deleted, so old assessments keep it.
 */
export const certificationCriteria = pgTable("certification_criteria", {
  id: text("id").primaryKey(),
  textSv: text("text_sv").notNull(),
  textEn: text("text_en").notNull(),
  builtIn: boolean("built_in").notNull().default(false),
  retiredOn: date("retired_on"),
  position: integer("position").notNull(),
  createdAt: created(),
});

/** One assessment of one criterion at one shelter: met or not, the evidence, who assessed it and when. */
export const certificationAssessments = pgTable(
  "certification_assessments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    shelterId: text("shelter_id")
      .notNull()
      .references(() => shelters.id),
    criterionId: text("criterion_id")
      .notNull()
      .references(() => certificationCriteria.id),
    met: boolean("met").notNull(),
    evidence: text("evidence").notNull(),
    assessor: text("assessor").notNull(),
    assessedOn: date("assessed_on").notNull(),
    /** The last day this assessment holds (the renewal falls due after it). */
    validUntil: date("valid_until").notNull(),
    recordedBy: uuid("recorded_by").references(() => users.id),
    createdAt: created(),
  },
  (t) => [
    check("certification_assessments_valid", sql`${t.validUntil} >= ${t.assessedOn}`),
    index("certification_assessments_shelter").on(t.shelterId, t.criterionId, t.assessedOn),
  ],
);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    username: text("username").notNull().unique(),
    displayName: text("display_name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    regionId: text("region_id").references(() => regions.id),
    shelterId: text("shelter_id").references(() => shelters.id),
    passwordHash: text("password_hash"),
    /** The TOTP secret, field-encrypted; null until enrolled. */
    totpSecretEnc: text("totp_secret_enc"),
    totpEnabled: boolean("totp_enabled").notNull().default(false),
    /** The last 30-second step whose code was accepted: a code is never accepted twice. */
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
    /** SHA-256 hashes of unused recovery codes. */
    recoveryCodes: text("recovery_codes").array().notNull().default(sql`'{}'::text[]`),
    oidcSubject: text("oidc_subject").unique(),
    /** SHA-256 of the one-time enrolment link's secret; null once used (or for accounts made otherwise). */
    enrolmentHash: text("enrolment_hash").unique(),
    enrolmentExpiresAt: timestamp("enrolment_expires_at", { withTimezone: true }),
    demo: boolean("demo").notNull().default(false),
    disabled: boolean("disabled").notNull().default(false),
    /** The staff pages' language for this user (IOM's caseworkers work in English). */
    language: text("language", { enum: ["sv", "en"] })
      .notNull()
      .default("sv"),
    /** The last completed sign-in: an account unused for 90 days is flagged to the admin. */
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
    createdAt: created(),
  },
  (t) => [
    check(
      "users_role",
      sql`${t.role} in ('coordinator','national','shelter','iom','researcher','editor','admin')`,
    ),
    check("users_coordinator_region", sql`${t.role} <> 'coordinator' or ${t.regionId} is not null`),
    check("users_language", sql`${t.language} in ('sv','en')`),
  ],
);

/** Server-side sessions: the cookie holds a random id; only its SHA-256 is stored. */
/**
 * A staff form posted after its session had ended, kept for a short time to be completed after
 * signing in again (ADR 0022): the browser holds only a random id (its hash is here), the form's
 * fields are encrypted, and only the user it is bound to can take it.
 */
export const formDrafts = pgTable(
  "form_drafts",
  {
    id: uuid("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The staff address the form was posted to. */
    path: text("path").notNull(),
    /** The form's text fields as JSON `[name, value][]`, encrypted (AAD `form_drafts.body:<id>`). */
    bodyEnc: text("body_enc").notNull(),
    /** How many files the form carried; files are not kept, and the page says so. */
    droppedFiles: integer("dropped_files").notNull().default(0),
    createdAt: created(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("form_drafts_expires").on(t.expiresAt)],
);

export const sessions = pgTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** false between the password and the second factor. */
    verified: boolean("verified").notNull().default(false),
    csrfToken: text("csrf_token").notNull(),
    createdAt: created(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

/** Failed sign-ins per account and per address, for throttling. */
export const loginThrottle = pgTable("login_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});

/**
 * A request for a token, an account, or a change of an account's role or region, whose role reads
 * case or partner data: made by an admin, approved or refused by a national-team user who is not
 * the requester (ADR 0010).
 */
export const accessRequests = pgTable(
  "access_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: ["token", "account", "role"] }).notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    regionId: text("region_id").references(() => regions.id),
    /** The token's system and owner, or the account holder's name. */
    name: text("name").notNull(),
    /** Why it is needed: shown to the approver, written into the audit log and onto the token. */
    purpose: text("purpose").notNull(),
    /** Accounts: the username (an e-mail address). */
    username: text("username"),
    /** Tokens: how long the token is valid once issued. */
    validDays: integer("valid_days"),
    /** Role changes: the account whose role and region change. */
    userId: uuid("user_id").references(() => users.id),
    requestedBy: uuid("requested_by")
      .notNull()
      .references(() => users.id),
    requestedAt: created(),
    status: text("status", { enum: ["pending", "approved", "refused"] })
      .notNull()
      .default("pending"),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    refusalReason: text("refusal_reason"),
  },
  (t) => [
    check("access_requests_kind", sql`${t.kind} in ('token','account','role')`),
    check("access_requests_role_user", sql`(${t.kind} = 'role') = (${t.userId} is not null)`),
    check("access_requests_status", sql`${t.status} in ('pending','approved','refused')`),
    // Nobody decides their own request, whatever the code above the database does.
    check("access_requests_four_eyes", sql`${t.decidedBy} is null or ${t.decidedBy} <> ${t.requestedBy}`),
    check("access_requests_valid_days", sql`${t.validDays} is null or ${t.validDays} between 1 and 365`),
    index("access_requests_status").on(t.status),
    // One change of an account's role or region waits at a time, however many admins ask at once.
    uniqueIndex("access_requests_one_pending_change")
      .on(t.userId)
      .where(sql`${t.status} = 'pending' and ${t.kind} = 'role'`),
  ],
);

/**
 * Tokens for partner systems, scoped to a role and region, with a purpose and an expiry; only
 * the hash is stored. A token that reads case data names the request it was approved on.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tokenHash: text("token_hash").notNull().unique(),
    name: text("name").notNull(),
    purpose: text("purpose").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    regionId: text("region_id").references(() => regions.id),
    createdBy: uuid("created_by").references(() => users.id),
    requestId: uuid("request_id").references(() => accessRequests.id),
    createdAt: created(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [check("api_tokens_expiry", sql`${t.expiresAt} <= ${t.createdAt} + interval '366 days'`)],
);

/** Case references are sequential across the country: ÄR-2026-000123. */
export const caseRefSeq = pgSequence("case_ref_seq");

export const cases = pgTable(
  "cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ref: text("ref").notNull().unique(),
    kind: text("kind", { enum: ["consultation", "individual"] }).notNull(),
    regionId: text("region_id")
      .notNull()
      .references(() => regions.id),
    municipalityCode: char("municipality_code", { length: 4 }).references(() => municipalities.code),
    status: text("status", { enum: ["open", "closed"] })
      .notNull()
      .default("open"),
    openedOn: date("opened_on").notNull(),
    closedOn: date("closed_on"),
    closeReason: text("close_reason"),
    referringOrg: text("referring_org").notNull(),
    forms: text("forms").array().notNull(),
    category: text("category"),
    step: smallint("step"),
    /** A coded title (form, age group, municipality), never a name. */
    title: text("title").notNull(),
    consultationChannel: text("consultation_channel"),
    consultationTopic: text("consultation_topic"),
    referredTo: text("referred_to"),
    adviceEnc: text("advice_enc"),
    /**
     * The person an individual case supports. A person can have several cases (ADR 0023): a
     * coordinator links a new case to a person already registered instead of registering them again.
     */
    personId: uuid("person_id").references((): AnyPgColumn => persons.id),
    /** A consultation's contact: when it began, how long it lasted, and who took it. */
    contactAt: timestamp("contact_at", { withTimezone: true }),
    contactMinutes: integer("contact_minutes"),
    takenBy: uuid("taken_by").references(() => users.id),
    /** The day a consultation became an individual case (same case, same history). */
    convertedOn: date("converted_on"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: created(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    search: tsvector("search").generatedAlwaysAs(
      (): SQL => sql`to_tsvector('swedish', ${cases.ref} || ' ' || ${cases.title})`,
    ),
  },
  (t) => [
    check("cases_kind", sql`${t.kind} in ('consultation','individual')`),
    check("cases_status", sql`${t.status} in ('open','closed')`),
    check("cases_step", sql`${t.step} is null or ${t.step} between 1 and 6`),
    check("cases_individual_step", sql`${t.kind} = 'consultation' or ${t.step} is not null`),
    check("cases_closed", sql`(${t.status} = 'closed') = (${t.closedOn} is not null)`),
    check("cases_person", sql`(${t.kind} = 'individual') = (${t.personId} is not null)`),
    index("cases_person").on(t.personId),
    // The case list ("the region's open cases, newest first") walks `cases_region_list`, an index on
    // (region_id, status, opened_on, ref) that includes every column the list shows and filters on,
    // so filtering happens in the index without visiting the table; `cases_id_list` does the same for
    // the cases shared with the region, looked up by id; it is unique on (id, opened_on) so that
    // case_shares can hold the opening date under a foreign key. Drizzle cannot declare INCLUDE:
    // migrations 0006 and 0007 create both by hand. The deadlines view's open cases of a region or
    // shared with it:
    index("cases_status_newest").on(t.status, t.openedOn, t.ref),
    index("cases_search").using("gin", t.search),
  ],
);

export const persons = pgTable(
  "persons",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    pseudonym: text("pseudonym").notNull(),
    ageGroup: text("age_group", { enum: ["child", "adult"] }).notNull(),
    birthYear: integer("birth_year"),
    gender: text("gender", { enum: ["woman", "man", "non-binary", "unknown"] }).notNull(),
    citizenship: text("citizenship"),
    languages: text("languages").array().notNull(),
    nameEnc: text("name_enc"),
    contactEnc: text("contact_enc"),
    identityDocsEnc: text("identity_docs_enc"),
    /** For a child: the municipality whose social services are responsible. */
    socialServicesCode: char("social_services_code", { length: 4 }).references(() => municipalities.code),
    /** For a child: whether a guardian (god man) has been appointed; null while not known. */
    guardianAppointed: boolean("guardian_appointed"),
  },
  (t) => [
    check("persons_age_group", sql`${t.ageGroup} in ('child','adult')`),
    // The case list's age-group filter looks up each walked case's person in the index alone.
    index("persons_id_age").on(t.id, t.ageGroup),
  ],
);

/**
 * The keyed blind index of a person's name (ADR 0023): HMAC-SHA256, under a key derived from the
 * data key `kid`, of the normalised whole name (`full`: its words sorted) and of each of its
 * words (`token`), so "Svensson Anna-Maria" finds "Anna Maria Svensson" and "Anna Svensson" finds
 * both, without decrypting any name. Rebuilt under the active key when the data keys rotate.
 */
export const personNameIndex = pgTable(
  "person_name_index",
  {
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["full", "token"] }).notNull(),
    kid: text("kid").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.kind, t.hash] }),
    check("person_name_index_kind", sql`${t.kind} in ('full','token')`),
    index("person_name_index_hash").on(t.hash),
    index("person_name_index_kid").on(t.kid),
  ],
);

/**
 * A group of cases that belong to one investigation (a police investigation, one workplace):
 * kept by a region, named by a free-text name or reference, encrypted (AAD `case_groups.name:<id>`).
 */
export const caseGroups = pgTable("case_groups", {
  id: uuid("id").primaryKey().defaultRandom(),
  regionId: text("region_id")
    .notNull()
    .references(() => regions.id),
  nameEnc: text("name_enc").notNull(),
  createdBy: uuid("created_by").references(() => users.id),
  createdAt: created(),
});

export const caseGroupMembers = pgTable(
  "case_group_members",
  {
    groupId: uuid("group_id")
      .notNull()
      .references(() => caseGroups.id, { onDelete: "cascade" }),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    addedBy: uuid("added_by").references(() => users.id),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.caseId] }), index("case_group_members_case").on(t.caseId)],
);

export const caseSteps = pgTable(
  "case_steps",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    step: smallint("step").notNull(),
    changedBy: uuid("changed_by").references(() => users.id),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("case_steps_case").on(t.caseId)],
);

export const caseNotes = pgTable(
  "case_notes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    bodyEnc: text("body_enc").notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: created(),
  },
  (t) => [index("case_notes_case").on(t.caseId)],
);

export const tasks = pgTable(
  "tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    titleEnc: text("title_enc").notNull(),
    dueOn: date("due_on").notNull(),
    ownerId: uuid("owner_id").references(() => users.id),
    doneAt: timestamp("done_at", { withTimezone: true }),
    createdAt: created(),
  },
  (t) => [index("tasks_case").on(t.caseId)],
);

/** Each reopening of a closed case, with its reason (free text, encrypted). */
export const caseReopenings = pgTable(
  "case_reopenings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    reasonEnc: text("reason_enc").notNull(),
    reopenedBy: uuid("reopened_by").references(() => users.id),
    reopenedAt: created(),
  },
  (t) => [index("case_reopenings_case").on(t.caseId)],
);

/** Files attached to a case: name and content encrypted, the content as an encrypted blob. */
export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    filenameEnc: text("filename_enc").notNull(),
    mime: text("mime").notNull(),
    size: integer("size").notNull(),
    content: bytea("content").notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: created(),
  },
  (t) => [index("attachments_case").on(t.caseId)],
);

export const caseShares = pgTable(
  "case_shares",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id").notNull(),
    /** The case's opening date, kept here so the case list can skip older shares without a lookup. */
    openedOn: date("opened_on").notNull(),
    regionId: text("region_id")
      .notNull()
      .references(() => regions.id),
    mode: text("mode", { enum: ["joint", "transfer"] }).notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: created(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: uuid("revoked_by").references(() => users.id),
  },
  (t) => [
    // The copy of opened_on cannot drift from the case: the key covers it and follows any update.
    foreignKey({
      name: "case_shares_case_opened_fk",
      columns: [t.caseId, t.openedOn],
      foreignColumns: [cases.id, cases.openedOn],
    })
      .onDelete("cascade")
      .onUpdate("cascade"),
    index("case_shares_case").on(t.caseId),
    // The case list's two scope tests: cases shared with a region (newest first), and cases
    // transferred away.
    index("case_shares_active").on(t.regionId, t.openedOn, t.caseId).where(sql`${t.revokedAt} is null`),
    index("case_shares_transfers").on(t.caseId).where(sql`${t.mode} = 'transfer' and ${t.revokedAt} is null`),
  ],
);

/**
 * A transfer of a case to another region waits for the receiving region's answer: until it is
 * accepted the case stays with its sender. Accepting it adds the transfer share (case_shares).
 * At most one pending transfer per case.
 */
export const caseTransfers = pgTable(
  "case_transfers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    fromRegionId: text("from_region_id")
      .notNull()
      .references(() => regions.id),
    toRegionId: text("to_region_id")
      .notNull()
      .references(() => regions.id),
    state: text("state", { enum: ["pending", "accepted", "declined", "withdrawn"] })
      .notNull()
      .default("pending"),
    requestedBy: uuid("requested_by").references(() => users.id),
    requestedAt: created(),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [
    check("case_transfers_state", sql`${t.state} in ('pending','accepted','declined','withdrawn')`),
    check("case_transfers_decided", sql`(${t.state} = 'pending') = (${t.decidedAt} is null)`),
    uniqueIndex("case_transfers_one_pending").on(t.caseId).where(sql`${t.state} = 'pending'`),
    index("case_transfers_incoming").on(t.toRegionId).where(sql`${t.state} = 'pending'`),
    index("case_transfers_outgoing").on(t.fromRegionId).where(sql`${t.state} = 'pending'`),
  ],
);

export const referrals = pgTable(
  "referrals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    type: text("type", {
      enum: ["nsp-placement", "nsp-support", "amp", "reflection", "witness-permit", "other"],
    }).notNull(),
    status: text("status").notNull(),
    shelterId: text("shelter_id").references(() => shelters.id),
    /** Type-specific dates and fields, validated by the referral schemas in the server. */
    data: jsonb("data").notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: created(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("referrals_case").on(t.caseId), index("referrals_shelter").on(t.shelterId)],
);

export const referralEvents = pgTable("referral_events", {
  id: uuid("id").primaryKey().defaultRandom(),
  referralId: uuid("referral_id")
    .notNull()
    .references(() => referrals.id, { onDelete: "cascade" }),
  fromStatus: text("from_status"),
  toStatus: text("to_status").notNull(),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  by: uuid("by").references(() => users.id),
});

/**
 * Follow-up entries on an ÅMP application: the day, a coded kind and the coordinator's account,
 * encrypted (AAD `referral_followups.body:<id>`). case_id is kept for the region checks and exports.
 */
export const referralFollowups = pgTable(
  "referral_followups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    referralId: uuid("referral_id")
      .notNull()
      .references(() => referrals.id, { onDelete: "cascade" }),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    on: date("on_date").notNull(),
    kind: text("kind", { enum: ["person-contact", "iom-contact", "reintegration-check", "other"] }).notNull(),
    /** Who wrote it: the coordinator's entries are theirs alone; IOM's contacts after return both sides see. */
    side: text("side", { enum: ["coordinator", "iom"] })
      .notNull()
      .default("coordinator"),
    bodyEnc: text("body_enc").notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: created(),
  },
  (t) => [
    check(
      "referral_followups_kind",
      sql`${t.kind} in ('person-contact','iom-contact','reintegration-check','other')`,
    ),
    index("referral_followups_referral").on(t.referralId),
  ],
);

/**
 * ÅMP: support paid against an approved application's granted items (ADR 0028). The amount is
 * whole kronor above 0; the service checks the item's balance and the two-year window under the
 * referral's row lock, so parallel claims never overdraw.
 */
export const ampClaims = pgTable(
  "amp_claims",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    referralId: uuid("referral_id")
      .notNull()
      .references(() => referrals.id, { onDelete: "cascade" }),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    amountSek: integer("amount_sek").notNull(),
    /** The day the claim was paid. */
    on: date("on_date").notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: created(),
  },
  (t) => [check("amp_claims_amount", sql`${t.amountSek} > 0`), index("amp_claims_referral").on(t.referralId)],
);

/**
 * ÅMP: messages between the coordinator and IOM on an application, including IOM's request for
 * more information, the coordinator's answer and the reasons for a refusal or closing. The text
 * is encrypted (AAD `amp_messages.body:<id>`).
 */
export const ampMessages = pgTable(
  "amp_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    referralId: uuid("referral_id")
      .notNull()
      .references(() => referrals.id, { onDelete: "cascade" }),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["message", "info-request", "answer", "refusal", "closing"] }).notNull(),
    side: text("side", { enum: ["coordinator", "iom"] }).notNull(),
    bodyEnc: text("body_enc").notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: created(),
  },
  (t) => [
    check("amp_messages_kind", sql`${t.kind} in ('message','info-request','answer','refusal','closing')`),
    check("amp_messages_side", sql`${t.side} in ('coordinator','iom')`),
    index("amp_messages_referral").on(t.referralId),
  ],
);

/** Append-only, hash-chained: each row's hash covers the previous row's hash. */
export const auditLog = pgTable("audit_log", {
  seq: bigint("seq", { mode: "number" }).primaryKey(),
  /** ISO timestamp as text: hashed exactly as written. */
  at: text("at").notNull(),
  actorId: text("actor_id"),
  actorRole: text("actor_role").notNull(),
  action: text("action").notNull(),
  objectType: text("object_type"),
  objectId: text("object_id"),
  outcome: text("outcome").notNull(),
  detail: jsonb("detail"),
  prevHash: text("prev_hash").notNull(),
  hash: text("hash").notNull(),
});

// ---------------------------------------------------------------------------------------------
// Knowledge-needs signals (ADR 0014): anonymous counts from the public pages, aggregated per
// Swedish calendar day on arrival. No row identifies a visit, a visitor, an address or a browser.
// ---------------------------------------------------------------------------------------------

const day = () => date("day").notNull();
const count = () => integer("count").notNull().default(1);

/** Views per page (its path on the site) and day. */
export const signalPageViews = pgTable(
  "signal_page_views",
  { day: day(), page: text("page").notNull(), count: count() },
  (t) => [primaryKey({ columns: [t.day, t.page] })],
);

/** "Did this page help?": yes, or no with one reason from a fixed list ('' for yes). */
export const signalFeedback = pgTable(
  "signal_feedback",
  {
    day: day(),
    page: text("page").notNull(),
    helped: boolean("helped").notNull(),
    reason: text("reason").notNull(),
    count: count(),
  },
  (t) => [primaryKey({ columns: [t.day, t.page, t.helped, t.reason] })],
);

/** Searches that found nothing, only queries made of ordinary words of the shipped word list. */
export const signalSearchMisses = pgTable(
  "signal_search_misses",
  { day: day(), lang: text("lang").notNull(), query: text("query").notNull(), count: count() },
  (t) => [primaryKey({ columns: [t.day, t.lang, t.query] })],
);

/** Quiz answers per training module, question and right or wrong. */
export const signalQuizAnswers = pgTable(
  "signal_quiz_answers",
  {
    day: day(),
    module: text("module").notNull(),
    question: text("question").notNull(),
    correct: boolean("correct").notNull(),
    count: count(),
  },
  (t) => [primaryKey({ columns: [t.day, t.module, t.question, t.correct] })],
);

/** Decisions taken in case exercises: exercise, situation (node) and the choice made. */
export const signalExerciseDecisions = pgTable(
  "signal_exercise_decisions",
  {
    day: day(),
    exercise: text("exercise").notNull(),
    node: text("node").notNull(),
    choice: text("choice").notNull(),
    count: count(),
  },
  (t) => [primaryKey({ columns: [t.day, t.exercise, t.node, t.choice] })],
);

/**
 * An editor marked a knowledge need handled (a query that found nothing, a page that did not
 * help): the editors' list then counts only the days after `handledOn`.
 */
export const knowledgeNeedsHandled = pgTable(
  "knowledge_needs_handled",
  {
    kind: text("kind", { enum: ["search-miss", "page-feedback"] }).notNull(),
    key: text("key").notNull(),
    handledOn: date("handled_on").notNull(),
    handledBy: uuid("handled_by")
      .notNull()
      .references(() => users.id),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.key] }),
    check("knowledge_needs_kind", sql`${t.kind} in ('search-miss', 'page-feedback')`),
  ],
);

/**
 * Signed checkpoints of the audit chain's head (seq and hash), keyed with AUDIT_CHECKPOINT_KEY,
 * which is not in the database: a copy also goes to a file outside it. See ADR 0011.
 */
export const auditCheckpoints = pgTable("audit_checkpoints", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  seq: bigint("seq", { mode: "number" }).notNull(),
  hash: text("hash").notNull(),
  /** ISO timestamp as text: signed exactly as written. */
  at: text("at").notNull(),
  mac: text("mac").notNull(),
});

/**
 * The national statistics' counts of cases (ADR 0029), kept in step with `cases` and `persons` by
 * triggers (migration 0016, by hand): per month of opening, kind, region, and one coded value of
 * one dimension (gender, ageGroup, category, referringOrg, step, form), the number of cases. The
 * statistics read a year from here in a few thousand rows instead of scanning every case.
 */
export const statsCaseCells = pgTable(
  "stats_case_cells",
  {
    month: date("month").notNull(),
    kind: text("kind").notNull(),
    regionId: text("region_id").notNull(),
    dim: text("dim").notNull(),
    value: text("value").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.kind, t.regionId, t.dim, t.value] })],
);

/**
 * The national statistics' referrals (ADR 0029): one row per referral the statistics count (a
 * placement that began, NSP support under way, an approved ÅMP application, a reflection period
 * applied for), with the coded fields of its case (forms each once, unknown or none as "other")
 * and person copied in and the day it counts on. Kept in step with `referrals`, `cases` and
 * `persons` by triggers (migration 0017, by hand), so a year's referral tables aggregate this
 * narrow table by `day` instead of joining every referral to its case and person. A placement
 * keeps its start and end: its days up to today are counted in the query.
 */
export const statsReferralFacts = pgTable(
  "stats_referral_facts",
  {
    referralId: uuid("referral_id").primaryKey(),
    caseId: uuid("case_id").notNull(),
    personId: uuid("person_id").notNull(),
    type: text("type").notNull(),
    status: text("status").notNull(),
    day: date("day"),
    regionId: text("region_id").notNull(),
    forms: text("forms").array().notNull(),
    gender: text("gender"),
    ageGroup: text("age_group"),
    inHomeCountry: boolean("in_home_country").notNull(),
    stayStart: date("stay_start"),
    stayEnd: date("stay_end"),
    /** An ÅMP application's return country (ISO 3166-1 alpha-2), null when none is recorded. */
    returnCountry: text("return_country"),
  },
  (t) => [index("stats_referral_facts_day").on(t.day)],
);

/**
 * The national statistics' additive referral counts (ADR 0029), kept by a trigger on
 * `stats_referral_facts` (migration 0017, by hand): per month, table ("amp", "amp-form",
 * "amp-country", "reflection"), region ("" for amp-form and amp-country) and up to two coded values ("" when unused), the number
 * of referrals. NSP persons and placements with their flat-rate days (which grow with today while
 * a stay runs) are counted from `stats_referral_facts`.
 */
export const statsReferralCells = pgTable(
  "stats_referral_cells",
  {
    month: date("month").notNull(),
    tbl: text("tbl").notNull(),
    regionId: text("region_id").notNull(),
    a: text("a").notNull(),
    b: text("b").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.tbl, t.regionId, t.a, t.b] })],
);
