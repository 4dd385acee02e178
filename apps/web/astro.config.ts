import { fileURLToPath } from "node:url";
import { defineConfig } from "astro/config";
import { offline } from "./integrations/offline.ts";

export default defineConfig({
  output: "static",
  trailingSlash: "always",
  build: { format: "directory", inlineStylesheets: "always" },
  compressHTML: true,
  devToolbar: { enabled: false },
  integrations: [offline()],
  // Content is read from disk at build time; the bundled loader is told where it lives.
  vite: {
    // Never inline a script into the page: the Content-Security-Policy allows only script files
    // from this origin (script-src 'self'), and Astro inlines scripts under this limit.
    build: { assetsInlineLimit: 0 },
    define: { __CONTENT_DIR__: JSON.stringify(fileURLToPath(new URL("../../content", import.meta.url))) },
  },
});
