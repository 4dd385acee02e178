/** `npm run audit:verify`: re-computes the audit log's hash chain; exits 1 naming the first broken entry. */
import { openDatabase } from "@stodkedjan/db";
import { verifyAuditLog } from "../audit/log.ts";
import { readConfig } from "../config.ts";

const config = readConfig();
const database = await openDatabase(config.DATABASE_URL);
try {
  const result = await verifyAuditLog(database.db);
  if (result.ok) {
    console.log(`audit log intact: ${result.count} entries verified`);
  } else {
    console.error(
      `audit log BROKEN at entry ${result.firstBroken.seq} (${result.firstBroken.reason}); ${result.count} entries read`,
    );
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
