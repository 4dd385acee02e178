/**
 * Serves the prerendered site from apps/web/dist, preferring the brotli or gzip file written
 * at build time. Hashed assets are cached for a year; pages and the service worker are
 * revalidated on every visit so that an update is picked up at once.
 */
import { serveStatic } from "@hono/node-server/serve-static";
import type { Context, MiddlewareHandler } from "hono";

export function staticSite(root: string): MiddlewareHandler {
  return serveStatic({
    root,
    precompressed: true,
    onFound: (path: string, c: Context) => {
      const immutable = path.includes("/_astro/");
      c.header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
      c.header("Vary", "Accept-Encoding");
    },
  });
}
