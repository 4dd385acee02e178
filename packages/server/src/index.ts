export { type AppOptions, createApp } from "./app.ts";
export { type Config, readConfig } from "./config.ts";
export { startServer } from "./server.ts";
