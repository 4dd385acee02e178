/**
 * `npm start`: builds the site when its sources changed since the last build, then starts
 * the server (PGlite in ./data/ by default; DATABASE_URL, PORT and HOST are honoured).
 */
import { execSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const SOURCES = [
  "content",
  "apps/web/src",
  "apps/web/public",
  "apps/web/integrations",
  "apps/web/astro.config.ts",
  "packages/domain/src",
  "package-lock.json",
];
const stamp = join(root, "apps/web/dist/.build-hash");

function files(path: string): string[] {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).flatMap((name) => (name === "node_modules" ? [] : files(join(path, name))));
}

const hash = createHash("sha256");
for (const f of SOURCES.flatMap(files).sort()) hash.update(f).update(readFileSync(join(root, f)));
const digest = hash.digest("hex");

if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== digest) {
  console.log("Building the site …");
  execSync("npm run build", { cwd: root, stdio: "inherit" });
  writeFileSync(stamp, digest);
}

await import("../packages/server/src/main.ts");
