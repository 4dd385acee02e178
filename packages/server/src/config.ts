/** Configuration from the environment, validated once at start. */
import { z } from "zod";

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4321),
  HOST: z.string().min(1).default("127.0.0.1"),
  /** A postgres:// URL for a PostgreSQL server, else a directory for the embedded PGlite. */
  DATABASE_URL: z.string().min(1).default("./data/pglite"),
});
export type Config = z.infer<typeof schema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
