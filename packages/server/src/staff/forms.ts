/** Turning posted forms into the service schemas' input, and their errors into messages. */
import type { z } from "zod";
import { ServiceError, zodIssues } from "../cases/errors.ts";

type Body = Record<string, string | File | (string | File)[]>;

export const str = (v: unknown) => (typeof v === "string" ? v : undefined);
export const list = (v: unknown) =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x) => typeof x === "string");
export const num = (v: unknown) => {
  const s = str(v)?.trim();
  return s ? Number(s) : undefined;
};
export const opt = (v: unknown) => {
  const s = str(v)?.trim();
  return s ? s : undefined;
};

/** Validates with the schema or throws a 400 ServiceError listing every problem. */
export function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ServiceError(400, "The form has errors.", zodIssues(result.error));
  }
  return result.data;
}

export async function formBody(c: { req: { parseBody(o: { all: true }): Promise<Body> } }): Promise<Body> {
  return c.req.parseBody({ all: true });
}
