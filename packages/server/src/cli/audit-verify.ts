/**
 * `npm run audit:verify`: re-computes the audit log's hash chain and checks it against the signed
 * checkpoints of its head (ADR 0011); exits 1 naming where it is broken, cut short or rewritten,
 * and 2 when it cannot be checked (no checkpoint key).
 */
import { auditVerify } from "../audit/verify-cli.ts";
import { readConfig } from "../config.ts";

const report = await auditVerify(readConfig());
for (const line of report.out) console.log(line);
for (const line of report.err) console.error(line);
process.exitCode = report.code;
