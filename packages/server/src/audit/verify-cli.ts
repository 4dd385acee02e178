/** What `npm run audit:verify` does, as a function the tests call: the exit code and the lines it prints. */
import { openDatabase } from "@stodkedjan/db";
import type { Config } from "../config.ts";
import { loadAuditAnchor } from "../server.ts";
import { CheckpointKeyError } from "./checkpoint.ts";
import { verifyAnchoredLog } from "./log.ts";

export interface VerifyReport {
  /** 0 intact, 1 broken, 2 cannot be checked (the checkpoint key is missing or malformed). */
  code: 0 | 1 | 2;
  out: string[];
  err: string[];
}

export async function auditVerify(config: Config): Promise<VerifyReport> {
  let anchor: ReturnType<typeof loadAuditAnchor>;
  try {
    anchor = loadAuditAnchor(config, { create: false });
  } catch (e) {
    if (!(e instanceof CheckpointKeyError)) throw e;
    return { code: 2, out: [], err: [`audit log NOT VERIFIED: ${e.message}`] };
  }
  const database = await openDatabase(config.DATABASE_URL);
  try {
    const r = await verifyAnchoredLog(database.db, anchor);
    const err: string[] = [];
    if (r.forged)
      err.push(
        `audit log: ${r.forged} checkpoint(s) with a signature that does not hold (forged, or another key)`,
      );
    if (!r.ok) {
      const { seq, reason, checkpoint } = r.firstBroken;
      const at = checkpoint ? ` (checkpoint of entry ${checkpoint.seq} signed ${checkpoint.at})` : "";
      if (reason === "truncated")
        err.push(
          `audit log BROKEN: truncated, the log ends at entry ${r.count} but was checkpointed at entry ${checkpoint?.seq}; entries from ${seq} are missing${at}`,
        );
      else if (reason === "rechained")
        err.push(
          `audit log BROKEN: rewritten and re-chained between entry ${seq} and entry ${checkpoint?.seq}${at}`,
        );
      else err.push(`audit log BROKEN at entry ${seq} (${reason}); ${r.count} entries read`);
      return { code: 1, out: [], err };
    }
    if (r.forged) return { code: 1, out: [], err };
    return {
      code: 0,
      out: [`audit log intact: ${r.count} entries verified against ${r.checkpoints} signed checkpoints`],
      err,
    };
  } finally {
    await database.close();
  }
}
