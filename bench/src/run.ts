/**
 * `npm run bench`: measures and writes bench/results/latest.json. `node bench/src/run.ts exercise`
 * (after `npm run build`) measures only the exercise pages' first view; `… run.ts phone` only LCP on
 * `/` and every page's layout shift on a phone under Slow 4G; `… run.ts signals` (with a
 * PostgreSQL DATABASE_URL) only the signals' ingest; `… run.ts stats` only the national
 * statistics over 1,000,000 cases (`stats.year_dashboard_ms`); `… run.ts report` only the annual
 * report's build.
 */

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startServer } from "@stodkedjan/server";
import { launchBrowser } from "../../e2e/browser.ts";
import { benchExercises, benchManual, benchPhone } from "./manual.ts";
import { print, record } from "./results.ts";

const only = process.argv[2];
const runPart = (part: string) => {
  const { status } = spawnSync(process.execPath, [fileURLToPath(new URL(part, import.meta.url))], {
    stdio: "inherit",
  });
  if (status !== 0) process.exit(status ?? 1);
};
if (only === "report") {
  runPart("./run-report.ts");
  process.exit(0);
}
const databaseOnly = only === "signals" || only === "stats";
const server = databaseOnly
  ? null
  : await startServer({ PORT: 0, HOST: "127.0.0.1", DATABASE_URL: "memory://" });
const browser = databaseOnly ? null : await launchBrowser();
try {
  if (server && browser) {
    const figures =
      only === "exercise"
        ? await benchExercises(browser, server.url)
        : only === "phone"
          ? await benchPhone(browser, server.url)
          : await benchManual(browser, server.url);
    record(figures);
    print(figures);
  }
} finally {
  await browser?.close();
  await server?.close();
}

const databaseUrl = process.env.DATABASE_URL ?? "";
const browserOnly = only === "exercise" || only === "phone";
if (!browserOnly && only !== "signals" && only !== "stats") runPart("./run-report.ts");
if (!browserOnly && /^postgres(ql)?:\/\//.test(databaseUrl)) {
  // In a process of its own, so that the server it measures starts as it would in production
  // rather than in a process that has just driven a browser.
  const parts =
    only === "signals"
      ? ["./run-signals.ts"]
      : only === "stats"
        ? ["./run-stats.ts"]
        : ["./run-cases.ts", "./run-signals.ts", "./run-stats.ts"];
  for (const part of parts) runPart(part);
} else if (!browserOnly) {
  console.log(
    "cases.*, signals.*, stats.*: skipped — these figures need a PostgreSQL server: DATABASE_URL=postgres://… npm run bench",
  );
}
