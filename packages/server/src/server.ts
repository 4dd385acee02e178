/** Opens the database, brings the directory in step with content and listens. */
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { loadRegions } from "@stodkedjan/content";
import { openDatabase, syncDirectory } from "@stodkedjan/db";
import { createApp } from "./app.ts";
import type { Config } from "./config.ts";

export const SITE_DIR = fileURLToPath(new URL("../../../apps/web/dist", import.meta.url));

export async function startServer(config: Config, siteDir = SITE_DIR) {
  const database = await openDatabase(config.DATABASE_URL);
  await syncDirectory(database.db, loadRegions());
  const app = createApp({ database, siteDir });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const host = config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST;
  return {
    url: `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`,
    database,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
}
