/** Configuration from the environment, validated once at start. */
import { z } from "zod";
import { parseProxyList } from "./transport.ts";

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes")
  .optional();

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(4321),
    HOST: z.string().min(1).default("127.0.0.1"),
    /** A postgres:// URL for a PostgreSQL server, else a directory for the embedded PGlite. */
    DATABASE_URL: z.string().min(1).default("./data/pglite"),
    /** Connections to a PostgreSQL server (default DEFAULT_POOL_SIZE in @stodkedjan/db). */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).optional(),
    /**
     * Field-encryption keys, `kid:base64,kid2:base64` (the last is active). Required with a
     * PostgreSQL server; on PGlite a key is generated into the data directory when absent.
     */
    FIELD_KEYS: z.string().min(1).optional(),
    /**
     * The key that signs the audit log's checkpoints (32 bytes, base64), kept outside the database.
     * Required with a PostgreSQL server; on PGlite generated into the data directory when absent.
     */
    AUDIT_CHECKPOINT_KEY: z.string().min(1).optional(),
    /** The file the checkpoints are appended to, outside the database (default: in the data directory). */
    AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
    /** Seconds between checkpoints (default 60; one is also written at shutdown). */
    AUDIT_CHECKPOINT_INTERVAL: z.coerce.number().int().min(1).max(86_400).optional(),
    /**
     * Disclosure control of the national statistics and the annual report: shown counts are 0 or at
     * least this; smaller ones, and any that could be worked out from the rest, are hidden (ADR 0020,
     * 0029, 0030). Default 5.
     */
    DISCLOSURE_THRESHOLD: z.coerce.number().int().min(2).max(100).optional(),
    /** The research extract's k: no quasi-identifier combination rarer than this (default 11, CTDC's). */
    RESEARCH_EXTRACT_K: z.coerce.number().int().min(2).max(1000).optional(),
    /** Demo mode: seeds fictional data and enables the demo accounts. Default: on for PGlite, off for a server. */
    DEMO: flag,
    /** OpenID Connect single sign-on (all three, or none): the issuer URL and this client's credentials. */
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** The site's public URL; https://… makes cookies Secure and __Host- prefixed and sends HSTS. */
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: addresses or CIDR ranges. */
    TRUSTED_PROXIES: z
      .string()
      .transform((v, ctx) => {
        try {
          return parseProxyList(v);
        } catch (e) {
          ctx.addIssue({ code: "custom", message: (e as Error).message });
          return z.NEVER;
        }
      })
      .optional(),
  })
  .refine(
    (c) =>
      [c.OIDC_ISSUER, c.OIDC_CLIENT_ID, c.OIDC_CLIENT_SECRET].every((v) => v === undefined) ||
      [c.OIDC_ISSUER, c.OIDC_CLIENT_ID, c.OIDC_CLIENT_SECRET].every((v) => v !== undefined),
    {
      path: ["OIDC_ISSUER"],
      message: "set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together",
    },
  );
export type Config = z.infer<typeof schema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (FIELD_KEYS=) means unset, as shells and container files often write it.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const isServerUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);
