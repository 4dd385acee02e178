/** Domain errors of the case services, mapped to 400/403/404/409 by the HTTP layer. */
import type { z } from "zod";

/**
 * One problem with one field. `message` is for the API (English, or a rule's code); `code` and
 * `params` let the staff pages say it in the user's language (`staff/errors.ts`): a zod issue
 * code (`too_big` with `maximum`, …) or a domain rule's code (`date-order`, …).
 */
export interface Issue {
  path: string;
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

/** A zod error's issues, keeping each one's code and limits for the pages' own words. */
export function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.map((i) => {
    const raw = i as unknown as Record<string, unknown>;
    const params: Record<string, string | number> = {};
    for (const key of ["maximum", "minimum", "origin", "format", "expected"] as const) {
      const v = raw[key];
      if (typeof v === "number" || typeof v === "string") params[key] = v;
      else if (typeof v === "bigint") params[key] = Number(v);
    }
    const custom = i.code === "custom" ? (i as { params?: { code?: unknown } }).params?.code : undefined;
    return {
      path: i.path.join("."),
      message: i.message,
      code: typeof custom === "string" ? custom : i.code,
      params,
    };
  });
}

export class ServiceError extends Error {
  readonly status: 400 | 403 | 404 | 409;
  readonly issues: Issue[];
  /** A stable code for the pages' own message in the user's language, where the error has one. */
  readonly code: string | undefined;
  /** Values for the code's message (a status, a phase), as codes themselves, never free text. */
  readonly params: Record<string, string>;
  constructor(
    status: 400 | 403 | 404 | 409,
    message: string,
    issues: Issue[] = [],
    code?: string,
    params: Record<string, string> = {},
  ) {
    super(message);
    this.params = params;
    this.status = status;
    this.issues = issues;
    this.code = code;
  }
}

export const notFound = () => new ServiceError(404, "No such case, or not yours to see.");
export const forbidden = () => new ServiceError(403, "Your role does not allow this.");
export const invalid = (message: string, issues: Issue[] = []) => new ServiceError(400, message, issues);
export const conflict = (message: string, code?: string, params: Record<string, string> = {}) =>
  new ServiceError(409, message, [], code, params);
/** A write to a closed case: it takes none until it is reopened. */
export const caseClosed = () =>
  new ServiceError(
    409,
    "The case is closed; reopen it (with a reason) before changing it.",
    [],
    "case-closed",
  );
export const caseOpen = () => new ServiceError(409, "The case is open.", [], "case-open");
/** A decision that is the owning region's (share, transfer, revoke, close, reopen), asked by a joint partner. */
export const notOwner = () =>
  new ServiceError(
    403,
    "Only the region that owns the case shares, transfers, revokes, closes or reopens it.",
    [],
    "not-owner",
  );
