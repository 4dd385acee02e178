/** The HTTP application: staff pages, the API, health, the OpenAPI document and the static site. */
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Database } from "@stodkedjan/db";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { contextStorage } from "hono/context-storage";
import { HTTPException } from "hono/http-exception";
import { type GuardVars, identify } from "./access/guard.ts";
import { mountAmpApi } from "./api/amp.ts";
import { mountCaseApi } from "./api/cases.ts";
import { mountDirectory } from "./api/directory.ts";
import { mountReferralApi } from "./api/referrals.ts";
import { mountReportApi } from "./api/report.ts";
import { mountResearchApi } from "./api/research.ts";
import { mountShelterApi } from "./api/shelters.ts";
import { mountSignalApi } from "./api/signals.ts";
import { mountStatisticsApi } from "./api/statistics.ts";
import type { AuditAnchor } from "./audit/checkpoint.ts";
import { createOidc, type OidcSettings } from "./auth/oidc.ts";
import type { KeyRing } from "./crypto/keyring.ts";
import { noStore, strictRequest } from "./hygiene.ts";
import { problem } from "./problem.ts";
import { errorCode, logError } from "./report.ts";
import { securityHeaders } from "./security.ts";
import { knownPages } from "./signals/site.ts";
import { mountAccess } from "./staff/access-routes.ts";
import { mountAdmin } from "./staff/admin-routes.ts";
import { mountAmp } from "./staff/amp-routes.ts";
import { mountAuth } from "./staff/auth-routes.ts";
import { mountCases } from "./staff/case-routes.ts";
import { mountCoverage } from "./staff/coverage-routes.ts";
import { apiCsrf, csrfProtect } from "./staff/csrf.ts";
import { faultMessage, formPages, statusPage } from "./staff/errors.ts";
import { mountFinding } from "./staff/finding-routes.ts";
import { mountFlatRate } from "./staff/flat-rate-routes.ts";
import { mountHome } from "./staff/home-routes.ts";
import { mountOidc } from "./staff/oidc-routes.ts";
import { mountPartners } from "./staff/partner-routes.ts";
import { mountPersons } from "./staff/person-routes.ts";
import { mountReferrals } from "./staff/referral-routes.ts";
import { mountReport } from "./staff/report-routes.ts";
import { mountResearch } from "./staff/research-routes.ts";
import { keepExpiredForms, mountResume } from "./staff/resume-routes.ts";
import { createRouter } from "./staff/router.ts";
import { mountShelterCertification } from "./staff/shelter-certification-routes.ts";
import { mountShelters } from "./staff/shelter-routes.ts";
import { mountContentReview, mountSignals } from "./staff/signal-routes.ts";
import { mountStatistics } from "./staff/statistics-routes.ts";
import { staticSite } from "./static.ts";
import { type TransportSettings, transport } from "./transport.ts";

export interface AppEnv {
  Variables: GuardVars & { database: Database };
}

/** Nothing legitimate is larger than an attachment (10 MB) plus its form. */
const MAX_BODY_BYTES = 11 * 1024 * 1024;

export interface AppOptions {
  database: Database;
  keys: KeyRing;
  /** Single sign-on through the organisation's identity provider, when configured. */
  oidc?: OidcSettings | undefined;
  /** The key and file of the audit log's signed checkpoints, for the chain check (ADR 0011). */
  auditAnchor: AuditAnchor;
  /** The built site (apps/web/dist); omitted in API-only tests. */
  siteDir?: string;
  /** PUBLIC_URL and TRUSTED_PROXIES: the client's address and whether the site is on HTTPS. */
  transport?: TransportSettings;
  /**
   * The disclosure threshold of the national statistics and the annual report, one setting for
   * the one release they share (DISCLOSURE_THRESHOLD, default 5), and the research extract's k
   * (RESEARCH_EXTRACT_K, default 11).
   */
  disclosure?: { threshold?: number | undefined; extractK?: number | undefined };
}

export function createApp({
  database,
  keys,
  siteDir,
  oidc,
  transport: served = {},
  auditAnchor,
  disclosure = {},
}: AppOptions) {
  const { db } = database;
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const errors = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
        return problem(c, 400, "The request does not match the documented schema.", errors);
      }
    },
  });
  app.use(securityHeaders);
  app.use(noStore);
  const tooLarge = (c: Context) => problem(c, 413 as never, "The request is too large.");
  const limitBody = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  // Only where a body may come, and by its declared length when it has one: asking a request for
  // its body stream (as bodyLimit does) makes the Node adapter build a whole Fetch Request, whose
  // abort signal is held weakly until a full garbage collection, so every request would end up in
  // the old generation and the collector would pause the server every second. With a length the
  // body is read straight from the socket (strictRequest below) and never exceeds it.
  app.use(async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined)
      return Number(length) > MAX_BODY_BYTES ? tooLarge(c) : next();
    return limitBody(c, next);
  });
  app.use(async (c, next) => {
    c.set("database", database);
    await next();
  });
  // The request's context for helpers not handed one (the language of a message).
  app.use(contextStorage());
  // The error pages render the page a form was on again, through the whole app.
  app.use(
    "/staff/*",
    formPages((request) => Promise.resolve(app.fetch(request))),
  );
  app.use(strictRequest);
  app.use(transport(served));

  const router = createRouter(app as never, db);
  // The anonymous signals carry no session authority: their route is registered before the session
  // is looked up and before the API's CSRF check, so a staff member's cookie is neither read nor
  // needed there (and cannot make a beacon from the public pages fail); see ADR 0019.
  mountSignalApi(router, db, knownPages(siteDir));
  app.use(identify(db));
  app.use("/api/*", apiCsrf);
  // Before the CSRF check, which a form posted after its session ended cannot pass (ADR 0022).
  app.use("/staff/*", keepExpiredForms(db, keys, router.declarations));
  app.use("/staff/*", csrfProtect);
  app.use("/staff", csrfProtect);

  app.get("/health", async (c) => {
    try {
      await database.ping();
      return c.json({ status: "ok", database: database.driver });
    } catch {
      return c.json({ status: "unavailable", database: database.driver }, 503);
    }
  });

  mountDirectory(router, db);
  mountCaseApi(router, db, keys);
  mountReferralApi(router, db, keys);
  mountAmpApi(router, db, keys);
  mountShelterApi(router, db);
  mountReportApi(router, db, { threshold: disclosure.threshold });
  mountResearchApi(router, db, { k: disclosure.extractK });
  mountHome(router, db, keys);
  mountAuth(router, db, keys, Boolean(oidc));
  mountOidc(router, db, oidc ? createOidc(oidc) : null);
  mountCases(router, db, keys);
  mountPersons(router, db, keys);
  mountFinding(router, db, keys);
  mountReferrals(router, db, keys);
  mountPartners(router, db);
  mountAmp(router, db, keys);
  mountShelters(router, db);
  mountShelterCertification(router, db);
  mountFlatRate(router, db);
  mountCoverage(router, db);
  mountSignals(router, db);
  mountStatistics(router, db, { threshold: disclosure.threshold });
  mountStatisticsApi(router, db, { threshold: disclosure.threshold });
  mountContentReview(router, db);
  mountAdmin(router, db, auditAnchor);
  mountAccess(router, db);
  mountResume(router, db, keys);
  mountReport(router, db, { threshold: disclosure.threshold });
  mountResearch(router, db, { k: disclosure.extractK });

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "A partner-system token, scoped to a role and region; or a signed-in staff session.",
  });
  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Stödkedjan API",
      version: "0.1.0",
      description: "The API of Stödkedjan. Errors are RFC 9457 problem details (application/problem+json).",
      // OpenAPI 3.1's SPDX identifier (the library types the 3.0 object, which lacks it).
      license: { name: "European Union Public Licence 1.2", identifier: "EUPL-1.2" } as { name: string },
    },
    // The platform's own origin: partner systems call the server they were given the address of.
    servers: [{ url: served.publicUrl ?? "/", description: "This Stödkedjan server" }],
  });

  app.all("/api/*", (c) => problem(c, 404, "No such API operation."));
  // An unknown staff address is a staff page, in the user's language, with a way back.
  app.all("/staff/*", (c) => statusPage(c, 404));
  if (siteDir) {
    // "/" is the Swedish start page itself (index.html), not a redirect: a round trip less on a slow network.
    app.use(staticSite(siteDir));
    const notFoundPage = join(siteDir, "404.html");
    const notFoundHtml = existsSync(notFoundPage) ? readFileSync(notFoundPage, "utf8") : "Not found";
    app.notFound((c) => c.html(notFoundHtml, 404));
  }
  app.onError((err, c) => {
    // Errors the framework raises about the request itself (malformed JSON, wrong content type) are the client's.
    if (err instanceof HTTPException && err.status < 500) return problem(c, err.status as 400, err.message);
    const requestId = randomUUID();
    logError({ requestId, method: c.req.method, route: c.req.routePath, status: 500, code: errorCode(err) });
    if (c.req.path === "/staff" || c.req.path.startsWith("/staff/"))
      return statusPage(c, 500, { message: faultMessage(c, requestId) });
    return problem(c, 500, `Something went wrong on our side (reference ${requestId}).`);
  });
  return Object.assign(app, { declarations: router.declarations });
}
