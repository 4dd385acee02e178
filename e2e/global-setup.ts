/**
 * Starts the platform once for the browser tests: the built site (npm run build) served by
 * the real server on an in-memory PGlite, on a free port.
 */
import { existsSync } from "node:fs";
import { SITE_DIR, startServer } from "@stodkedjan/server";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(`${SITE_DIR}/sv/index.html`)) throw new Error("Build the site first: npm run build");
  const server = await startServer({ PORT: 0, HOST: "127.0.0.1", DATABASE_URL: "memory://" });
  project.provide("baseUrl", server.url);
  return () => server.close();
}
