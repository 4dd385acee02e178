/**
 * Every value of an extract row checked against its field's definition: the HTCDS 2.0 picklists,
 * or our extension's list. The tests hold every export to it (the domain's and the server's
 * downloads), and the server checks each row with it before anything leaves.
 */
import type { ExtractRow } from "./extract.ts";
import { htcdsField, picklist } from "./fields.ts";
import { HTCDS_EXTENSIONS } from "./mapping.ts";

/** What is wrong with a row's values, one sentence per value; empty when every value is allowed. */
export function extractRowProblems(row: ExtractRow): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(row)) {
    if (value === null) continue;
    const field = htcdsField(name);
    const ext = HTCDS_EXTENSIONS.find((e) => e.name === name);
    const type = field?.type ?? ext?.type;
    const values: readonly unknown[] = field?.values ?? ext?.values ?? [];
    const bad = (why: string) => problems.push(`${name}: ${JSON.stringify(value)} ${why}`);
    const list = Array.isArray(value) ? (value as unknown[]) : null;
    switch (type) {
      case "picklist":
        if (!values.includes(value)) bad("is not a value of its picklist");
        break;
      case "multi-picklist":
        if (!list || list.some((v) => !values.includes(v))) bad("is not a list of its picklist's values");
        break;
      case "lookup":
        // A lookup to an organisation leaves as that organisation's org_Type (several for referrals).
        if ((list ?? [value]).some((v) => !picklist("org_Type").includes(v as string)))
          bad("is not an org_Type value");
        break;
      case "multi-country":
        if (!list || list.some((v) => typeof v !== "string" || !/^[A-Z]{2}$/.test(v)))
          bad("is not a list of ISO 3166 alpha-2 codes");
        break;
      case "date":
      case "number":
        // Dates leave as years only (CTDC's practice).
        if (!Number.isInteger(value)) bad("is not a whole number (dates leave as years)");
        break;
      case "checkbox":
        if (typeof value !== "boolean") bad("is not true or false");
        break;
      case "long-text":
        if (typeof value !== "string") bad("is not text");
        break;
      default:
        bad(type === undefined ? "is no HTCDS field and no extension" : `is a ${type} field, never exported`);
    }
  }
  return problems;
}
