import { defineConfig } from "astro/config";
import { offline } from "./integrations/offline.ts";

export default defineConfig({
  output: "static",
  trailingSlash: "always",
  build: { format: "directory", inlineStylesheets: "always" },
  compressHTML: true,
  devToolbar: { enabled: false },
  integrations: [offline()],
});
