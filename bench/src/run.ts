/** `npm run bench`: measures and writes bench/results/latest.json. */
import { startServer } from "@stodkedjan/server";
import { launchBrowser } from "../../e2e/browser.ts";
import { benchCases } from "./cases.ts";
import { benchManual } from "./manual.ts";
import { type Figures, record } from "./results.ts";

function print(figures: Figures) {
  for (const [name, f] of Object.entries(figures)) {
    const target = f.target === null ? "" : ` (target ${f.better === "lower" ? "≤" : "≥"} ${f.target})`;
    console.log(
      `${name.padEnd(28)} ${String(Math.round(f.value * 100) / 100).padStart(8)} ${f.unit}${target}`,
    );
  }
}

const server = await startServer({ PORT: 0, HOST: "127.0.0.1", DATABASE_URL: "memory://" });
const browser = await launchBrowser();
try {
  const figures = await benchManual(browser, server.url);
  record(figures);
  print(figures);
} finally {
  await browser.close();
  await server.close();
}

const databaseUrl = process.env.DATABASE_URL ?? "";
if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
  const figures = await benchCases({ databaseUrl });
  record(figures);
  print(figures);
} else {
  console.log(
    "cases.*: skipped — the case figures need a PostgreSQL server: DATABASE_URL=postgres://… npm run bench",
  );
}
