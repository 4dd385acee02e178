/** Domain errors of the case services, mapped to 400/403/404/409 by the HTTP layer. */
export class ServiceError extends Error {
  readonly status: 400 | 403 | 404 | 409;
  readonly issues: { path: string; message: string }[];
  constructor(
    status: 400 | 403 | 404 | 409,
    message: string,
    issues: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.status = status;
    this.issues = issues;
  }
}

export const notFound = () => new ServiceError(404, "No such case, or not yours to see.");
export const forbidden = () => new ServiceError(403, "Your role does not allow this.");
export const invalid = (message: string, issues: { path: string; message: string }[] = []) =>
  new ServiceError(400, message, issues);
export const conflict = (message: string) => new ServiceError(409, message);
