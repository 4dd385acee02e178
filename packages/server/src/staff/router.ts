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
  /** Routes about one case, other than its access history (which the national team may read). */
  const scoped = (path: string) => /\/cases\/:id(\/|$)/.test(path) && !path.endsWith("history");
  const middleware = (path: string, access: Access) => [
    guard(db, access),
    ...(scoped(path) ? [caseScope(db)] : []),
  ];
  const add = (method: "GET" | "POST", path: string, access: Access, handler: Handler<Env>) => {
    declarations.push({ method, path, access });
    const handlers = [...middleware(path, access), handler] as unknown as [Handler<Env>];
    app.on(method, path, ...handlers);
  };
  return {
    declarations,
    get: (path, access, handler) => add("GET", path, access, handler),
    post: (path, access, handler) => add("POST", path, access, handler),
    api: (route, access, handler) => {
      const path = route.path.replace(/\{(\w+)\}/g, ":$1");
      declarations.push({ method: route.method.toUpperCase() as "GET" | "POST", path, access });
      const all = [...middleware(path, access), ...(route.middleware ? [route.middleware].flat() : [])];
      app.openapi({ ...route, middleware: all } as never, handler as never);
    },
  };
}
