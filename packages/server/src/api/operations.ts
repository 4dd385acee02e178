/** What every JSON API operation shares: response shapes and error mapping (the router states its security). */
import type { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { GuardVars } from "../access/guard.ts";
import type { Principal } from "../access/policy.ts";
import { ServiceError } from "../cases/errors.ts";
import { problem, problemResponse } from "../problem.ts";

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** A required JSON request body of the schema (every write operation's). */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { "application/json": { schema } },
  required: true as const,
});

/** The documented problem responses: what a 404 means, and a 409's when the operation has one. */
export const errors = (notFound: string, conflict?: string) => ({
  400: problemResponse("Invalid input; nothing was changed"),
  401: problemResponse("Not authenticated"),
  403: problemResponse("Not allowed for this role"),
  404: problemResponse(notFound),
  ...(conflict ? { 409: problemResponse(conflict) } : {}),
});

export type C = Context<{ Variables: GuardVars }>;

/** The signed-in principal (the guard has already refused requests without one). */
export function principalOf(c: C): Principal {
  const principal = c.get("principal");
  if (!principal) throw new ServiceError(403, "Not signed in");
  return principal;
}

/** Runs a service call, mapping service errors to problem details (typed loosely: the responses are documented). */
export async function run<T>(c: C, fn: () => Promise<T>, status: 200 | 201 = 200): Promise<never> {
  try {
    return c.json(await fn(), status) as never;
  } catch (e) {
    if (e instanceof ServiceError)
      return problem(c, e.status, e.message, e.issues.length ? e.issues : undefined) as never;
    throw e;
  }
}
