/** `npm start`: the platform on the embedded default, or on DATABASE_URL's server. */
import { readConfig } from "./config.ts";
import { startServer } from "./server.ts";

const config = readConfig();
const server = await startServer(config);
console.log(`Stödkedjan is running on ${server.url}/ (database: ${server.database.driver})`);
console.log(`  Manual (sv): ${server.url}/sv/   Manual (en): ${server.url}/en/`);
console.log(
  `  Case coordination: ${server.url}/staff/   API: ${server.url}/api/openapi.json   Health: ${server.url}/health`,
);
if (server.demoAccounts.length) {
  console.log("\nDemo mode (fictional data). Demo accounts, all with the password shown and TOTP:");
  for (const a of server.demoAccounts)
    console.log(`  ${a.username.padEnd(28)} ${a.role.padEnd(12)} ${a.regionId ?? ""}`);
  console.log(`  Password: ${server.demoAccounts[0]?.password}`);
  console.log(`  TOTP secret (add it to an authenticator app): ${server.demoAccounts[0]?.totpSecret}`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    await server.close();
    process.exit(0);
  });
}
