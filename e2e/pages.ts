/** Every page of the built site, as URL paths, read from apps/web/dist. */
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { SITE_DIR } from "@stodkedjan/server";

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export function sitePages(): string[] {
  return walk(SITE_DIR)
    .filter((f) => f.endsWith("/index.html"))
    .map((f) => `/${relative(SITE_DIR, f).replace(/index\.html$/, "")}`)
    .filter((p) => p !== "/")
    .sort();
}
