/**
 * POST /api/v1/signals: the public pages' anonymous signals (ADR 0014), one beacon per page
 * (ADR 0019). Counted per day on arrival; the request itself (address, user agent, time of day)
 * is neither stored nor logged, and no session is read (the app mounts this route before the
 * session lookup and the API's CSRF check). Do Not Track or Global Privacy Control on the request
 * means nothing is counted.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Db } from "@stodkedjan/db";
import { MAX_BEACON_BYTES } from "@stodkedjan/domain/signals";
import type { MiddlewareHandler } from "hono";
import { ServiceError } from "../cases/errors.ts";
import { problem, problemResponse } from "../problem.ts";
import { feedbackForm, type SignalEvent, signalBatch } from "../signals/schemas.ts";
import { createIngest } from "../signals/service.ts";
import { wordSet } from "../signals/site.ts";
import type { Router } from "../staff/router.ts";
import { json } from "./operations.ts";

/**
 * Beacons come from the site's own pages: a browser that says the request was made by another
 * site (or a sibling subdomain) is refused, so no other page can make its visitors count for it.
 * Clients that send no Sec-Fetch-Site (older browsers, tools) are taken as before.
 */
const sameOrigin: MiddlewareHandler = async (c, next) => {
  const site = c.req.header("sec-fetch-site");
  return site === undefined || site === "same-origin" || site === "none"
    ? next()
    : problem(c, 403, "Signals are taken from this site's own pages only.");
};

export function mountSignalApi(router: Router, db: Db, pages: Set<string>) {
  const ingest = createIngest(db);
  // Built in the background now, so the first search without hits does not wait for it.
  void wordSet();
  router.api(
    createRoute({
      method: "post",
      path: "/api/v1/signals",
      operationId: "recordSignals",
      tags: ["signals"],
      summary: "Count anonymous signals from the public pages",
      description:
        "Page views, 'did this page help?' answers, searches that found nothing (only queries whose every word is on the site's word list), quiz answers and case-exercise decisions. Each is added to its day's count; nothing about the request is kept. Sent with navigator.sendBeacon as JSON, one beacon per page with its events (at most 50, 8 KB), or as the plain feedback form (answered with a redirect back to the page). With `DNT: 1` or `Sec-GPC: 1` nothing is counted.",
      middleware: [
        sameOrigin,
        // The bytes the request keeps (read once, already checked as UTF-8 by strictRequest): a
        // second reader of the raw stream, as hono's bodyLimit is, would find it consumed.
        (async (c, next) =>
          (await c.req.arrayBuffer()).byteLength > MAX_BEACON_BYTES
            ? problem(c, 413 as never, "The request is too large.")
            : next()) as MiddlewareHandler,
      ] as const,
      request: {
        body: {
          content: {
            "application/json": { schema: signalBatch },
            "application/x-www-form-urlencoded": { schema: feedbackForm },
          },
          required: false,
        },
      },
      responses: {
        202: json(
          z.object({ counted: z.number().int() }),
          "Counted (0 when the request asks not to be tracked)",
        ),
        303: { description: "The feedback form: back to the page, to its thank-you note" },
        400: problemResponse("Invalid event, or a page the site does not have; nothing was counted"),
        403: problemResponse("Sent by another site's page (Sec-Fetch-Site)"),
        413: problemResponse("Larger than a beacon (8 KB)"),
        415: problemResponse("Neither JSON nor a form"),
      },
    }),
    "public",
    async (c) => {
      const isForm = /^application\/x-www-form-urlencoded/.test(c.req.header("content-type") ?? "");
      let events: SignalEvent[];
      if (isForm) {
        const f = c.req.valid("form") as z.infer<typeof feedbackForm>;
        events = [
          f.helped === "yes"
            ? { type: "feedback", page: f.page, helped: true }
            : { type: "feedback", page: f.page, helped: false, reason: f.reason },
        ];
      } else {
        const body = c.req.valid("json") as { events?: SignalEvent[] };
        if (!body.events) return problem(c, 400, "Send { events: [...] } as JSON, or the feedback form.");
        events = body.events;
      }
      const optedOut = c.req.header("dnt") === "1" || c.req.header("sec-gpc") === "1";
      let counted = 0;
      try {
        if (!optedOut) {
          const words = await wordSet();
          counted = await ingest(events, { isPage: (p) => pages.has(p), isWord: (w) => words.has(w) });
        } else if (events.some((e) => "page" in e && !pages.has(e.page))) {
          return problem(c, 400, "Unknown page.");
        }
      } catch (e) {
        if (e instanceof ServiceError) return problem(c, e.status, e.message, e.issues);
        throw e;
      }
      if (isForm) return c.redirect(`${(events[0] as { page: string }).page}#feedback-thanks`, 303);
      return c.json({ counted }, 202);
    },
  );
}
