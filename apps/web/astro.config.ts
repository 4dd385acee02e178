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
    define: { __CONTENT_DIR__: JSON.stringify(fileURLToPath(new URL("../../content", import.meta.url))) },
  },
});
