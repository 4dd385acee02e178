/**
 * Every route of the app is declared here with its access level, so that the guard always
 * runs and the authorization matrix test can enumerate every route and its declaration.
 */
import type { OpenAPIHono, RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { Db } from "@stodkedjan/db";
import type { Handler, MiddlewareHandler } from "hono";
import { type Access, caseScope, type GuardVars, guard } from "../access/guard.ts";
import { ServiceError } from "../cases/errors.ts";
import { PATH_PARAMS } from "../ids.ts";
import { problem } from "../problem.ts";
import { fail, statusPage } from "./errors.ts";

export interface RouteDeclaration {
  method: "GET" | "POST";
  /** In Hono's form: /staff/cases/:id */
  path: string;
  access: Access;
}

type Env = { Variables: GuardVars };

export interface Router {
  readonly declarations: RouteDeclaration[];
  get(path: string, access: Access, handler: Handler<Env>): void;
  post(path: string, access: Access, handler: Handler<Env>): void;
  /**
   * An API operation: documented in the OpenAPI document (with an operationId and a summary, and
   * its security stated from its access level) and guarded like the rest.
   */
  api<R extends RouteConfig>(route: R, access: Access, handler: RouteHandler<R, Env>): void;
}

/**
 * Every id in a path is checked against its parameter's form before the handler runs, so a
 * malformed id (or a NUL byte) never reaches the database: the API answers 400 as for any input
 * off its documented schema, a staff page 404.
 */
const pathIds: MiddlewareHandler<Env> = async (c, next) => {
  for (const [name, value] of Object.entries(c.req.param() as Record<string, string>)) {
    if (!PATH_PARAMS[name]?.(value))
      return c.req.path.startsWith("/api/")
        ? problem(c, 400, "The request does not match the documented schema.", [
            { path: name, message: "not a valid id" },
          ])
        : statusPage(c, 404);
  }
  return next();
};

/** Refuses, at start, a route whose path has a parameter the router cannot check. */
function checkParams(path: string) {
  for (const [, name] of path.matchAll(/:(\w+)/g))
    if (!(name && name in PATH_PARAMS))
      throw new Error(`${path}: no form for the path parameter :${name} in PATH_PARAMS`);
}

/** The writes about a case that are its owning region's decision alone (`case.manage`). */
const OWNER_DECISION =
  /\/cases\/:id\/(close|reopen|shares|shares\/:shareId\/revoke|transfers\/:transferId\/withdraw|convert)$/;
/**
 * The receiving region's answer to a transfer: it may not yet read or write the case, so its
 * service checks `case.receive` against the transfer itself (ADR 0021).
 */
const TRANSFER_ANSWER = /\/cases\/:id\/transfers\/:transferId\/(accept|decline)$/;

export function createRouter(app: OpenAPIHono<Env>, db: Db): Router {
  const declarations: RouteDeclaration[] = [];
  /**
   * Writes about one case (other than to its access history, which the national team may read)
   * check the case's scope before their body is validated, so a case out of scope answers the
   * same 404 whatever is sent. Reads have no body: their services check the scope as they load
   * the case, in the same statement, and the authorization matrix proves it for every route.
   */
  const scoped = (method: string, path: string) =>
    method === "POST" &&
    /\/cases\/:id(\/|$)/.test(path) &&
    !path.endsWith("history") &&
    !TRANSFER_ANSWER.test(path);
  const middleware = (method: string, path: string, access: Access) => [
    guard(db, access),
    pathIds,
    ...(scoped(method, path)
      ? [caseScope(db, OWNER_DECISION.test(path) ? "case.manage" : "case.write")]
      : []),
  ];
  const add = (method: "GET" | "POST", path: string, access: Access, handler: Handler<Env>) => {
    checkParams(path);
    declarations.push({ method, path, access });
    // A service error a staff page lets through becomes its page here (the one mapping).
    const page: Handler<Env> = async (c, next) => {
      try {
        return await handler(c, next);
      } catch (e) {
        if (e instanceof ServiceError) return fail(c, e);
        throw e;
      }
    };
    const last = path.startsWith("/api/") ? handler : page;
    const handlers = [...middleware(method, path, access), last] as unknown as [Handler<Env>];
    app.on(method, path, ...handlers);
  };
  return {
    declarations,
    get: (path, access, handler) => add("GET", path, access, handler),
    post: (path, access, handler) => add("POST", path, access, handler),
    api: (route, access, handler) => {
      const path = route.path.replace(/\{(\w+)\}/g, ":$1");
      const method = route.method.toUpperCase() as "GET" | "POST";
      checkParams(path);
      if (!route.operationId || !route.summary)
        throw new Error(`${method} ${route.path}: an API operation needs an operationId and a summary`);
      declarations.push({ method, path, access });
      const all = [
        ...middleware(method, path, access),
        ...(route.middleware ? [route.middleware].flat() : []),
      ];
      // What the guard enforces is what the document states: anonymous, or the bearer scheme.
      const security = access === "public" ? [] : [{ bearer: [] }];
      app.openapi({ ...route, security, middleware: all } as never, handler as never);
    },
  };
}
