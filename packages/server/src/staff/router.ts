/**
 * Every route of the app is declared here with its access level, so that the guard always
 * runs and the authorization matrix test can enumerate every route and its declaration.
 */
import type { OpenAPIHono, RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { Db } from "@stodkedjan/db";
import type { Handler } from "hono";
import { type Access, caseScope, type GuardVars, guard } from "../access/guard.ts";

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
  /** An API operation: documented in the OpenAPI document and guarded like the rest. */
  api<R extends RouteConfig>(route: R, access: Access, handler: RouteHandler<R, Env>): void;
}

export function createRouter(app: OpenAPIHono<Env>, db: Db): Router {
  const declarations: RouteDeclaration[] = [];
  /**
   * Writes about one case (other than to its access history, which the national team may read)
   * check the case's scope before their body is validated, so a case out of scope answers the
   * same 404 whatever is sent. Reads have no body: their services check the scope as they load
   * the case, in the same statement, and the authorization matrix proves it for every route.
   */
  const scoped = (method: string, path: string) =>
    method === "POST" && /\/cases\/:id(\/|$)/.test(path) && !path.endsWith("history");
  const middleware = (method: string, path: string, access: Access) => [
    guard(db, access),
    ...(scoped(method, path) ? [caseScope(db)] : []),
  ];
  const add = (method: "GET" | "POST", path: string, access: Access, handler: Handler<Env>) => {
    declarations.push({ method, path, access });
    const handlers = [...middleware(method, path, access), handler] as unknown as [Handler<Env>];
    app.on(method, path, ...handlers);
  };
  return {
    declarations,
    get: (path, access, handler) => add("GET", path, access, handler),
    post: (path, access, handler) => add("POST", path, access, handler),
    api: (route, access, handler) => {
      const path = route.path.replace(/\{(\w+)\}/g, ":$1");
      const method = route.method.toUpperCase() as "GET" | "POST";
      declarations.push({ method, path, access });
      const all = [
        ...middleware(method, path, access),
        ...(route.middleware ? [route.middleware].flat() : []),
      ];
      app.openapi({ ...route, middleware: all } as never, handler as never);
    },
  };
}
