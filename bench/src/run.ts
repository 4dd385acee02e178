/** `npm run bench`: measures and writes bench/results/latest.json. */
import { startServer } from "@stodkedjan/server";
import { launchBrowser } from "../../e2e/browser.ts";
import { benchManual } from "./manual.ts";
import { record } from "./results.ts";

const server = await startServer({ PORT: 0, HOST: "127.0.0.1", DATABASE_URL: "memory://" });
const browser = await launchBrowser();
try {
  const figures = await benchManual(browser, server.url);
  record(figures);
  for (const [name, f] of Object.entries(figures)) {
    const target = f.target === null ? "" : ` (target ${f.better === "lower" ? "≤" : "≥"} ${f.target})`;
    console.log(
      `${name.padEnd(28)} ${String(Math.round(f.value * 100) / 100).padStart(8)} ${f.unit}${target}`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}
