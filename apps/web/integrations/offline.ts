/**
 * After the build: writes the service worker with the list of every file of the site and a
 * version derived from their contents, then precompresses text files (brotli and gzip) so
 * the server never compresses on the fly.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { AstroIntegration } from "astro";

const TEXT = /\.(html|css|js|mjs|json|svg|txt|webmanifest|xml)$/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** URLs the service worker caches: pages as their directory URL, assets as they are. */
function toUrl(file: string): string {
  const url = `/${file.split("\\").join("/")}`;
  return url.endsWith("/index.html") ? url.slice(0, -"index.html".length) : url;
}

export function offline(): AstroIntegration {
  return {
    name: "stodkedjan-offline",
    hooks: {
      "astro:build:done": ({ dir }) => {
        const root = fileURLToPath(dir);
        const files = walk(root)
          .filter((f) => !/\.(br|gz)$/.test(f) && !f.endsWith("sw.js"))
          .sort();
        const hash = createHash("sha256");
        for (const f of files) hash.update(relative(root, f)).update(readFileSync(f));
        const version = hash.digest("hex").slice(0, 12);
        // The word list's parts (ADR 0014) are fetched only when a search finds nothing, then cached.
        const urls = files
          .map((f) => toUrl(relative(root, f)))
          .filter((u) => u !== "/" && u !== "/404.html" && !u.startsWith("/signals/"));
        const template = readFileSync(new URL("../src/sw-template.js", import.meta.url), "utf8");
        writeFileSync(
          join(root, "sw.js"),
          template
            .replace('"__VERSION__"', JSON.stringify(version))
            .replace('["__URLS__"]', JSON.stringify(urls)),
        );
        for (const f of [...files, join(root, "sw.js")]) {
          if (!TEXT.test(f)) continue;
          const body = readFileSync(f);
          if (body.length < 512) continue;
          writeFileSync(
            `${f}.br`,
            brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
          );
          writeFileSync(`${f}.gz`, gzipSync(body, { level: 9 }));
        }
      },
    },
  };
}
