/** `npm run keys:rotate`: re-encrypts every encrypted field and attachment content under the active key of FIELD_KEYS. */
import { openDatabase } from "@stodkedjan/db";
import { readConfig } from "../config.ts";
import { rotateFieldKeys } from "../crypto/rotate-db.ts";
import { loadKeys } from "../server.ts";

const config = readConfig();
const keys = loadKeys(config);
const database = await openDatabase(config.DATABASE_URL);
try {
  const totals = await rotateFieldKeys(database.db, keys);
  for (const [table, t] of Object.entries(totals))
    console.log(`${table}: ${t.rotated} fields re-encrypted, ${t.scanned} rows read`);
  console.log(`all encrypted fields and attachments are under key "${keys.activeKid}"`);
} finally {
  await database.close();
}
