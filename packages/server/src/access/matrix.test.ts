/**
 * The authorization matrix: every role (and no role) × every route and API operation × a case
 * owned by the principal's region, handled jointly by it, or in another region, each cell asserted
 * allowed or denied. The table below is written by hand, independent of the policy code; a route
 * missing from it fails. An allowed cell must answer 2xx, 3xx or the 400 of an empty body, a denied
 * one 401, 403, 404 or the sign-in page; never a 5xx. A grant in the policy that no route exercises
 * fails too.
 */
import { createHash, randomBytes } from "node:crypto";
import { ROLES, type Role, schema } from "@stodkedjan/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { individualInput } from "../cases/schemas.ts";
import * as cases from "../cases/service.ts";
import * as persons from "../persons/service.ts";
import * as referrals from "../referrals/service.ts";
import { type TestApp, testApp } from "../testing.ts";
import { grantObserver, grantsOf, PERMISSIONS, type Permission } from "./policy.ts";

type Who = Role | "anonymous";
/**
 * "*": everyone, also without signing in; "signed-in": every role; "-": nobody with a full session.
 * `role:own`: a principal of the case's owning region; `role:joint`: of a region handling it jointly.
 */
type Rule = "*" | "signed-in" | "-" | (Role | `${Role}:own` | `${Role}:joint` | `${Role}:receiving`)[];
type Relation = "own" | "joint" | "other" | "receiving";
/**
 * The fixture's case is Bergslagen's, handled jointly with Nord, and offered by transfer to Mitt
 * (`role:receiving`, which sees nothing of it until it accepts); Stockholm has nothing to do with it.
 */
const REGION_OF: Record<Relation, string> = {
  own: "bergslagen",
  joint: "nord",
  other: "stockholm",
  receiving: "mitt",
};
/** The fixture's placement is at the matrix shelter; a shelter user of each relation belongs to: */
const SHELTER_OF: Record<Relation, string | null> = {
  own: "matrix-shelter",
  joint: null,
  other: "matrix-other-shelter",
  receiving: null,
};

const EXPECTED: Record<string, Rule> = {
  "GET /api/v1/directory/lookup": "*",
  "GET /api/v1/cases": ["coordinator"],
  "POST /api/v1/cases/consultations": ["coordinator"],
  "POST /api/v1/cases/individual": ["coordinator"],
  "GET /api/v1/cases/:id": ["coordinator:own", "coordinator:joint"],
  "POST /api/v1/cases/:id/notes": ["coordinator:own", "coordinator:joint"],
  "POST /api/v1/cases/:id/step": ["coordinator:own", "coordinator:joint"],
  "POST /api/v1/cases/:id/tasks": ["coordinator:own", "coordinator:joint"],
  "POST /api/v1/cases/:id/tasks/:taskId/done": ["coordinator:own", "coordinator:joint"],
  "POST /api/v1/cases/:id/close": ["coordinator:own"],
  "POST /api/v1/cases/:id/reopen": ["coordinator:own"],
  "POST /api/v1/cases/:id/shares": ["coordinator:own"],
  "POST /api/v1/cases/:id/shares/:shareId/revoke": ["coordinator:own"],
  "GET /api/v1/cases/:id/access-history": ["coordinator:own", "coordinator:joint", "national"],
  "GET /api/v1/transfers": ["coordinator"],
  "POST /api/v1/cases/:id/transfers/:transferId/accept": ["coordinator:receiving"],
  "POST /api/v1/cases/:id/transfers/:transferId/decline": ["coordinator:receiving"],
  "POST /api/v1/cases/:id/transfers/:transferId/withdraw": ["coordinator:own"],
  "POST /api/v1/persons/duplicates": ["coordinator"],
  "GET /api/v1/cases/:id/referrals": ["coordinator:own", "coordinator:joint"],
  "GET /api/v1/cases/:id/referrals/:rid": ["coordinator:own", "coordinator:joint"],
  "POST /api/v1/cases/:id/referrals": ["coordinator:own", "coordinator:joint"],
  "POST /api/v1/cases/:id/referrals/:rid": ["coordinator:own", "coordinator:joint"],
  "POST /api/v1/cases/:id/referrals/:rid/followups": ["coordinator:own", "coordinator:joint"],
  "GET /staff/staff.css": "*",
  "GET /staff": "signed-in",
  "GET /staff/login": "*",
  "POST /staff/login": "*",
  "GET /staff/login/oidc": "*",
  "GET /staff/login/oidc/callback": "*",
  "GET /staff/login/totp": "-",
  "POST /staff/login/totp": "-",
  "GET /staff/enrol": "-",
  "POST /staff/enrol": "-",
  "POST /staff/logout": "signed-in",
  "POST /staff/logout-everywhere": "signed-in",
  "GET /staff/resume": "signed-in",
  "POST /staff/resume": "signed-in",
  "POST /staff/resume/discard": "signed-in",
  "GET /staff/cases": ["coordinator"],
  "GET /staff/cases/new": ["coordinator"],
  "POST /staff/cases/consultations": ["coordinator"],
  "POST /staff/cases/individual": ["coordinator"],
  "GET /staff/cases/:id": ["coordinator:own", "coordinator:joint"],
  "POST /staff/cases/:id/step": ["coordinator:own", "coordinator:joint"],
  "POST /staff/cases/:id/notes": ["coordinator:own", "coordinator:joint"],
  "POST /staff/cases/:id/tasks": ["coordinator:own", "coordinator:joint"],
  "POST /staff/cases/:id/tasks/:taskId/done": ["coordinator:own", "coordinator:joint"],
  "GET /staff/cases/:id/close": ["coordinator:own"],
  "POST /staff/cases/:id/close": ["coordinator:own"],
  "GET /staff/cases/:id/transfer": ["coordinator:own"],
  "GET /staff/cases/:id/convert": ["coordinator:own", "coordinator:joint"],
  "POST /staff/cases/:id/convert": ["coordinator:own"],
  "POST /staff/cases/:id/child-care": ["coordinator:own", "coordinator:joint"],
  "POST /staff/cases/:id/transfers/:transferId/withdraw": ["coordinator:own"],
  "GET /staff/cases/:id/transfers/:transferId": ["coordinator:receiving"],
  "POST /staff/cases/:id/transfers/:transferId/accept": ["coordinator:receiving"],
  "POST /staff/cases/:id/transfers/:transferId/decline": ["coordinator:receiving"],
  "POST /staff/cases/:id/reopen": ["coordinator:own"],
  "POST /staff/cases/:id/shares": ["coordinator:own"],
  "POST /staff/cases/:id/shares/:shareId/revoke": ["coordinator:own"],
  "GET /staff/cases/:id/history": ["coordinator:own", "coordinator:joint", "national"],
  "POST /staff/cases/:id/attachments": ["coordinator:own", "coordinator:joint"],
  "GET /staff/cases/:id/attachments/:aid": ["coordinator:own", "coordinator:joint"],
  "POST /staff/cases/:id/groups": ["coordinator:own", "coordinator:joint"],
  "POST /staff/cases/:id/groups/:groupId/remove": ["coordinator:own", "coordinator:joint"],
  "GET /staff/cases/:id/referrals": ["coordinator:own", "coordinator:joint"],
  "POST /staff/cases/:id/referrals": ["coordinator:own", "coordinator:joint"],
  "POST /staff/cases/:id/referrals/:rid": ["coordinator:own", "coordinator:joint"],
  "POST /staff/cases/:id/referrals/:rid/followups": ["coordinator:own", "coordinator:joint"],
  "POST /staff/cases/:id/referrals/:rid/extension": ["coordinator:own", "coordinator:joint"],
  "GET /staff/deadlines": ["coordinator"],
  "GET /staff/tasks": ["coordinator"],
  "GET /staff/find": ["national"],
  "GET /staff/placements": ["shelter"],
  // A shelter's own placement ("own": the user's shelter is the one referred to; "joint": a shelter
  // account linked to no shelter; "other": another shelter's user).
  "GET /staff/placements/:pid": ["shelter:own"],
  "POST /staff/placements/:pid/accept": ["shelter:own"],
  "POST /staff/placements/:pid/decline": ["shelter:own"],
  "POST /staff/placements/:pid/arrival": ["shelter:own"],
  "POST /staff/placements/:pid/exit": ["shelter:own"],
  "POST /staff/placements/:pid/extension": ["shelter:own"],
  "GET /staff/amp": ["iom"],
  // ÅMP (ADR 0028): IOM decides on any submitted application; the coordinator acts through the case.
  "GET /staff/amp/:rid": ["iom"],
  "POST /staff/amp/:rid/decision": ["iom"],
  "POST /staff/amp/:rid/claims": ["iom"],
  "POST /staff/amp/:rid/messages": ["iom"],
  "POST /staff/amp/:rid/phase": ["iom"],
  "POST /staff/amp/:rid/child": ["iom"],
  "POST /staff/amp/:rid/followups": ["iom"],
  "GET /staff/cases/:id/amp/:rid": ["coordinator:own", "coordinator:joint"],
  "POST /staff/cases/:id/amp/:rid/details": ["coordinator:own", "coordinator:joint"],
  "POST /staff/cases/:id/amp/:rid/submit": ["coordinator:own", "coordinator:joint"],
  "POST /staff/cases/:id/amp/:rid/messages": ["coordinator:own", "coordinator:joint"],
  "POST /staff/cases/:id/amp/:rid/phase": ["coordinator:own", "coordinator:joint"],
  "POST /staff/cases/:id/amp/:rid/child": ["coordinator:own", "coordinator:joint"],
  "GET /api/v1/amp/applications": ["iom"],
  "GET /api/v1/amp/applications/:rid": ["iom"],
  "POST /api/v1/amp/applications/:rid/decision": ["iom"],
  "POST /api/v1/amp/applications/:rid/claims": ["iom"],
  "POST /api/v1/amp/applications/:rid/followups": ["iom"],
  "POST /api/v1/amp/applications/:rid/messages": ["iom"],
  "POST /api/v1/amp/applications/:rid/phase": ["iom"],
  "POST /api/v1/amp/applications/:rid/child-confirmation": ["iom"],
  "GET /api/v1/cases/:id/amp/:rid": ["coordinator:own", "coordinator:joint"],
  "POST /api/v1/cases/:id/amp/:rid/details": ["coordinator:own", "coordinator:joint"],
  "POST /api/v1/cases/:id/amp/:rid/submit": ["coordinator:own", "coordinator:joint"],
  "POST /api/v1/cases/:id/amp/:rid/messages": ["coordinator:own", "coordinator:joint"],
  "POST /api/v1/cases/:id/amp/:rid/phase": ["coordinator:own", "coordinator:joint"],
  "POST /api/v1/cases/:id/amp/:rid/child-confirmation": ["coordinator:own", "coordinator:joint"],
  "GET /staff/shelters": ["coordinator", "national"],
  "GET /staff/shelters/new": ["national"],
  "POST /staff/shelters": ["national"],
  "GET /staff/shelters/:shelterId": ["national"],
  "POST /staff/shelters/:shelterId": ["national"],
  "GET /api/v1/shelters": ["coordinator", "national"],
  "GET /api/v1/shelters/:shelterId": ["coordinator", "national"],
  "POST /api/v1/shelters": ["national"],
  "POST /api/v1/shelters/:shelterId": ["national"],
  // The certification checklist (ADR 0027): coordinators read it, the national team keeps it;
  // the flat-rate basis and coverage are the national team's follow-up.
  "GET /staff/shelters/:shelterId/certification": ["coordinator", "national"],
  "POST /staff/shelters/:shelterId/certification": ["national"],
  "POST /staff/shelters/:shelterId/certification/withdraw": ["national"],
  "GET /staff/certification/criteria": ["national"],
  "POST /staff/certification/criteria": ["national"],
  "POST /staff/certification/criteria/retire": ["national"],
  "GET /staff/flat-rate": ["national"],
  "GET /staff/flat-rate/export": ["national"],
  "GET /staff/coverage": ["national"],
  "GET /api/v1/shelters/:shelterId/certification": ["coordinator", "national"],
  "POST /api/v1/shelters/:shelterId/certification/assessments": ["national"],
  "POST /api/v1/shelters/:shelterId/certification/withdraw": ["national"],
  "GET /api/v1/certification/criteria": ["coordinator", "national"],
  "POST /api/v1/certification/criteria": ["national"],
  "POST /api/v1/certification/criteria/:criterionId/retire": ["national"],
  "GET /api/v1/flat-rate": ["national"],
  "GET /api/v1/coverage": ["national"],
  "POST /api/v1/signals": "*",
  "GET /staff/signals": ["national"],
  "GET /staff/signals/export": ["national"],
  "GET /staff/statistics": ["national"],
  "GET /staff/statistics/export": ["national"],
  "GET /api/v1/statistics": ["national"],
  "GET /staff/content": ["editor"],
  "GET /staff/content/needs": ["editor"],
  "POST /staff/content/needs": ["editor"],
  "GET /staff/content/preview": ["editor"],
  "POST /staff/content/preview": ["editor"],
  "GET /staff/admin/audit": ["admin"],
  "GET /staff/admin/users": ["admin"],
  "POST /staff/admin/users": ["admin"],
  "POST /staff/admin/users/:id/sign-out": ["admin"],
  "GET /staff/admin/users/:id": ["admin"],
  "POST /staff/admin/users/:id/access": ["admin"],
  "POST /staff/admin/users/:id/deactivate": ["admin"],
  "POST /staff/admin/users/:id/reactivate": ["admin"],
  "POST /staff/admin/users/:id/reset-totp": ["admin"],
  "GET /staff/me": "signed-in",
  "POST /staff/me/language": "signed-in",
  "GET /staff/admin/tokens": ["admin"],
  "POST /staff/admin/tokens": ["admin"],
  "POST /staff/admin/tokens/:id/revoke": ["admin"],
  "GET /staff/approvals": ["national"],
  "POST /staff/approvals/:id/approve": ["national"],
  "POST /staff/approvals/:id/refuse": ["national"],
  "GET /staff/activate/:secret": "*",
  "GET /staff/report": ["national"],
  "GET /staff/report/pdf": ["national"],
  "GET /api/v1/reports/annual": ["national"],
  "GET /staff/research": ["researcher"],
  "GET /staff/research/extract": ["researcher"],
  "GET /api/v1/research/extract": ["researcher"],
  "POST /staff/activate/:secret": "*",
};

function expected(rule: Rule, who: Who, relation: Relation): boolean {
  if (rule === "*") return true;
  if (who === "anonymous" || rule === "-") return false;
  if (rule === "signed-in") return true;
  return (
    rule.includes(who) ||
    (relation === "own" && rule.includes(`${who}:own` as `${Role}:own`)) ||
    (relation === "joint" && rule.includes(`${who}:joint` as `${Role}:joint`)) ||
    (relation === "receiving" && rule.includes(`${who}:receiving` as `${Role}:receiving`))
  );
}

/** What an allowed cell may answer: done, redirected, or the 400 of the empty body it was sent. */
const allowedStatus = (status: number) => (status >= 200 && status < 400) || status === 400;
const deniedStatus = (status: number, location: string) =>
  [401, 403, 404].includes(status) || (status === 303 && location.startsWith("/staff/login?next="));

const WHO: Who[] = ["anonymous", ...ROLES];

describe("authorization matrix", () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<TestApp["signIn"]>>;
  beforeAll(async () => {
    t = await testApp("pglite");
    owner = await t.signIn("coordinator", "bergslagen");
    grantObserver.seen = (role, permission) => inCell.add(`${role} ${permission}`);
    for (const id of ["matrix-shelter", "matrix-other-shelter"]) {
      await t.db.insert(schema.shelters).values({
        id,
        name: id === "matrix-shelter" ? "Matrisboendet" : "Det andra boendet",
        operator: "Test",
        regionId: "nord",
        capacity: 4,
        accepts: ["women"],
        forms: ["sexual"],
        certifiedUntil: "2099-12-31",
      });
    }
  });
  afterAll(() => {
    grantObserver.seen = undefined;
    return t?.close();
  });
  /**
   * Every grant that an allowed cell exercised (a check that granted it during the request), by
   * role: a grant checked only in cells the table denies is over-broad, and fails too.
   */
  const exercised = new Set<string>();
  const inCell = new Set<string>();

  /** A pending request for a token that reads cases (an approval route decides it), asked by an admin. */
  async function accessRequest() {
    const admin = await t.signIn("admin");
    const [r] = await t.db
      .insert(schema.accessRequests)
      .values({
        kind: "token",
        role: "coordinator",
        regionId: "bergslagen",
        name: "Matris",
        purpose: "Matrisens begäran",
        validDays: 30,
        requestedBy: admin.principal.id,
      })
      .returning();
    return r?.id as string;
  }

  /** An account to manage: someone else's, with a password of its own (so its TOTP can be reset). */
  async function managedUser() {
    const [u] = await t.db
      .insert(schema.users)
      .values({
        username: `managed-${randomBytes(6).toString("hex")}@test`,
        displayName: "Hanterad",
        role: "editor",
        passwordHash: "not-a-real-hash",
        totpEnabled: true,
      })
      .returning();
    return u?.id as string;
  }

  /** An account waiting for its holder, and the secret of its enrolment link. */
  async function enrolmentSecret() {
    const secret = randomBytes(32).toString("base64url");
    await t.db.insert(schema.users).values({
      username: `enrol-${secret.slice(0, 12)}@test`,
      displayName: "Ny",
      role: "editor",
      enrolmentHash: createHash("sha256").update(secret).digest("hex"),
      enrolmentExpiresAt: new Date(Date.now() + 3_600_000),
    });
    return secret;
  }

  it("has an entry for every route of the app, and no entry without a route", () => {
    const routes = t.app.declarations.map((d) => `${d.method} ${d.path}`).sort();
    expect(routes).toEqual(Object.keys(EXPECTED).sort());
    // Routes added to Hono directly, around the router and its guard, are errors too.
    const raw = new Set(
      t.app.routes
        .filter((r) => r.method === "GET" || r.method === "POST")
        .map((r) => `${r.method} ${r.path}`),
    );
    for (const r of raw) {
      if (r === "GET /health" || r === "GET /api/openapi.json" || r === "GET /") continue;
      expect(EXPECTED, `${r} is not in the matrix`).toHaveProperty([r]);
    }
  });

  /** A fresh case in Bergslagen with a task and a share, so every sub-resource exists. */
  async function fixture() {
    const ctx = { db: t.db, keys: t.keys, principal: owner.principal };
    const { id } = await cases.createIndividualCase(
      ctx,
      individualInput.parse({
        referringOrg: "police",
        municipalityCode: "1880",
        forms: ["labour"],
        category: "trafficking",
        person: { ageGroup: "adult", gender: "man" },
      }),
    );
    const { id: taskId } = await cases.addTask(ctx, id, "Ring", "2026-12-01");
    const { id: shareId } = await cases.shareCase(ctx, id, "nord", "joint");
    const { id: rid } = await referrals.createReferral(ctx, id, { type: "amp" });
    // Submitted, so that it takes follow-ups: an empty one is then the 400 of its missing fields.
    await referrals.updateReferral(ctx, id, rid, { status: "submitted", submittedOn: "2026-11-02" });
    const { id: aid } = await cases.addAttachment(ctx, id, {
      filename: "a.txt",
      mime: "text/plain",
      bytes: new Uint8Array([65]),
    });
    const { groupId } = await persons.createGroup(ctx, id, "Matrisens utredning");

    const { id: pid } = await referrals.createReferral(ctx, id, {
      type: "nsp-placement",
      shelterId: "matrix-shelter",
    });
    const { id: transferId } = await cases.requestTransfer(ctx, id, "mitt");
    return { id, taskId, shareId, rid, aid, groupId, pid, transferId };
  }

  for (const [route, rule] of Object.entries(EXPECTED)) {
    it(`${route}`, async () => {
      const [method, template] = route.split(" ") as ["GET" | "POST", string];
      for (const who of WHO) {
        for (const relation of ["own", "joint", "other", "receiving"] as const) {
          const session =
            who === "anonymous"
              ? null
              : await t.signIn(who, REGION_OF[relation], who === "shelter" ? SHELTER_OF[relation] : null);
          const ids = template.includes(":")
            ? await fixture()
            : { id: "", taskId: "", shareId: "", rid: "", aid: "", groupId: "", pid: "", transferId: "" };
          // The user-management routes take a user id: another account than the signed-in user's.
          const path = template
            .replace(":taskId", ids.taskId)
            .replace(":shareId", ids.shareId)
            .replace(":transferId", ids.transferId)
            .replace(":rid", ids.rid)
            .replace(":pid", ids.pid)
            .replace(":aid", ids.aid)
            .replace(":groupId", ids.groupId)
            .replace(":shelterId", "matrix-shelter")
            // A built-in criterion: the national team gets past the guard to the field's 400, and
            // nothing is retired, so every cell meets the same checklist.
            .replace(":criterionId", "staff-knowledge")
            .replace(":secret", template.includes(":secret") ? await enrolmentSecret() : "")
            .replace(
              ":id",
              template.startsWith("/staff/admin/users")
                ? await managedUser()
                : template.startsWith("/staff/approvals/")
                  ? await accessRequest()
                  : ids.id,
            );
          const isApi = path.startsWith("/api/");
          const headers: Record<string, string> = {};
          if (session) headers.cookie = session.cookie;
          let body: string | undefined;
          if (method === "POST") {
            if (isApi) {
              headers["content-type"] = "application/json";
              if (session) headers["x-csrf-token"] = session.csrf;
              body = "{}";
            } else {
              headers["content-type"] = "application/x-www-form-urlencoded";
              body = `_csrf=${encodeURIComponent(session?.csrf ?? "")}`;
              if (!session) {
                headers.cookie = "sk_csrf=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
                body = "_csrf=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
              }
            }
          }
          inCell.clear();
          const res = await t.app.request(path, { method, headers, body });
          const location = res.headers.get("location") ?? "";
          const want = expected(rule, who, relation);
          if (want) for (const grant of inCell) exercised.add(grant);
          const cell = `${who} (${relation}) ${method} ${path} → ${res.status} ${location}`;
          if (want) expect(allowedStatus(res.status) && !deniedStatus(res.status, location), cell).toBe(true);
          else expect(deniedStatus(res.status, location), cell).toBe(true);
        }
      }
    });
  }

  // Runs after every cell above (a file's tests run in order).
  it("has no grant that no route exercises, and no permission that nothing requires", () => {
    const unused = ROLES.flatMap((role) =>
      grantsOf(role)
        .filter((p) => !exercised.has(`${role} ${p}`))
        .map((p) => `${role} ${p}`),
    );
    expect(unused, "grants no route of the role exercises").toEqual([]);
    const granted = new Set<Permission>(ROLES.flatMap((role) => [...grantsOf(role)]));
    expect(
      PERMISSIONS.filter((p) => !granted.has(p)),
      "permissions granted to no role",
    ).toEqual([]);
  });
});
