/**
 * Cases (ärenden): consultations and individual cases, their person, step timeline, notes,
 * tasks, closing and sharing. Every function takes the acting principal, checks the policy,
 * writes in one transaction and appends the audit entry inside it; reads are audited too.
 * Identifying fields and free text are encrypted before they reach the database.
 */

export * from "./attachments.ts";
export * from "./children.ts";
export * from "./closing.ts";
export * from "./consultations.ts";
export * from "./context.ts";
export * from "./create.ts";
export * from "./listing.ts";
export * from "./reading.ts";
export * from "./scope.ts";
export * from "./sharing.ts";
export * from "./tasks.ts";
export * from "./transfers.ts";
export * from "./work.ts";
