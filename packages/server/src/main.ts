/** `npm start`: the platform on the embedded default, or on DATABASE_URL's server. */
import { readConfig } from "./config.ts";
import { startServer } from "./server.ts";

const config = readConfig();
const server = await startServer(config);
console.log(`Stödkedjan is running on ${server.url}/ (database: ${server.database.driver})`);
console.log(`  Manual (sv): ${server.url}/sv/   Manual (en): ${server.url}/en/`);
console.log(`  Health: ${server.url}/health   API: ${server.url}/api/openapi.json`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    await server.close();
    process.exit(0);
  });
}
