export { type AppOptions, createApp } from "./app.ts";
export { type Config, readConfig } from "./config.ts";
export { SITE_DIR, startServer } from "./server.ts";
