/** Domain errors of the case services, mapped to 400/403/404/409 by the HTTP layer. */
export class ServiceError extends Error {
  readonly status: 400 | 403 | 404 | 409;
  readonly issues: { path: string; message: string }[];
  /** A stable code for the pages' own message in the user's language, where the error has one. */
  readonly code: string | undefined;
  constructor(
    status: 400 | 403 | 404 | 409,
    message: string,
    issues: { path: string; message: string }[] = [],
    code?: string,
  ) {
    super(message);
    this.status = status;
    this.issues = issues;
    this.code = code;
  }
}

export const notFound = () => new ServiceError(404, "No such case, or not yours to see.");
export const forbidden = () => new ServiceError(403, "Your role does not allow this.");
export const invalid = (message: string, issues: { path: string; message: string }[] = []) =>
  new ServiceError(400, message, issues);
export const conflict = (message: string) => new ServiceError(409, message);
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
