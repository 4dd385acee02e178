/** Opens the database, brings the directory in step with content, seeds demo data and listens. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { loadRegions } from "@stodkedjan/content";
import { openDatabase, syncDirectory } from "@stodkedjan/db";
import { createApp } from "./app.ts";
import {
  type AuditAnchor,
  CheckpointKeyError,
  generateCheckpointKey,
  parseCheckpointKey,
} from "./audit/checkpoint.ts";
import { checkpointNow, startCheckpoints } from "./audit/log.ts";
import { type Config, isServerUrl } from "./config.ts";
import { generateKey, type KeyRing, parseKeyRing } from "./crypto/keyring.ts";
import { rotateFieldKeys, staleKeyInUse } from "./crypto/rotate-db.ts";
import { type DemoAccount, seedDemo, setDemoAccountsEnabled } from "./demo/seed.ts";
import { errorCode, logError } from "./report.ts";

export const SITE_DIR = fileURLToPath(new URL("../../../apps/web/dist", import.meta.url));

/**
 * The field-encryption keys: from FIELD_KEYS, or for the embedded database a key generated
 * once into its data directory (memory:// databases get a throwaway key).
 */
export function loadKeys(config: Config): KeyRing {
  if (config.FIELD_KEYS) return parseKeyRing(config.FIELD_KEYS);
  if (isServerUrl(config.DATABASE_URL)) {
    throw new Error("FIELD_KEYS is required with a PostgreSQL server (see README: Configuration).");
  }
  if (config.DATABASE_URL.startsWith("memory://")) return parseKeyRing(`k1:${generateKey()}`);
  mkdirSync(config.DATABASE_URL, { recursive: true });
  const file = join(config.DATABASE_URL, "..", "field-keys");
  if (!existsSync(file)) writeFileSync(file, `k1:${generateKey()}\n`, { mode: 0o600 });
  return parseKeyRing(readFileSync(file, "utf8").trim());
}

/**
 * The audit checkpoints' key and file (ADR 0011). The key comes from AUDIT_CHECKPOINT_KEY, or on
 * the embedded database from a file in its data directory, generated there on first start (never
 * by `audit:verify`, which must not sign anything itself); a PostgreSQL server requires it.
 * The file defaults to the data directory (./data for a server).
 */
export function loadAuditAnchor(config: Config, { create }: { create: boolean }): AuditAnchor {
  const url = config.DATABASE_URL;
  const memory = url.startsWith("memory://");
  const dataDir = isServerUrl(url) ? "./data" : join(url, "..");
  const file =
    config.AUDIT_CHECKPOINT_FILE ?? (memory ? undefined : join(dataDir, "audit-checkpoints.jsonl"));
  if (file) mkdirSync(join(file, ".."), { recursive: true });
  if (config.AUDIT_CHECKPOINT_KEY) return { key: parseCheckpointKey(config.AUDIT_CHECKPOINT_KEY), file };
  if (isServerUrl(url))
    throw new CheckpointKeyError(
      "AUDIT_CHECKPOINT_KEY is required with a PostgreSQL server (see README: Configuration).",
    );
  if (memory) return { key: parseCheckpointKey(generateCheckpointKey()), file };
  const keyFile = join(dataDir, "audit-checkpoint-key");
  if (!existsSync(keyFile)) {
    if (!create)
      throw new CheckpointKeyError(
        `AUDIT_CHECKPOINT_KEY is not set and ${keyFile} does not exist: without the key no checkpoint can be checked.`,
      );
    writeFileSync(keyFile, `${generateCheckpointKey()}\n`, { mode: 0o600 });
  }
  return { key: parseCheckpointKey(readFileSync(keyFile, "utf8")), file };
}

export async function startServer(config: Config, siteDir = SITE_DIR) {
  const keys = loadKeys(config);
  const auditAnchor = loadAuditAnchor(config, { create: true });
  const database = await openDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  await syncDirectory(database.db, loadRegions());
  const demo = config.DEMO ?? !isServerUrl(config.DATABASE_URL);
  let demoAccounts: DemoAccount[] = [];
  if (demo) demoAccounts = await seedDemo(database.db, keys);
  await setDemoAccountsEnabled(database.db, demo);
  const oidc = config.OIDC_ISSUER
    ? {
        issuer: config.OIDC_ISSUER,
        clientId: config.OIDC_CLIENT_ID as string,
        clientSecret: config.OIDC_CLIENT_SECRET as string,
      }
    : undefined;
  const app = createApp({
    database,
    keys,
    siteDir,
    oidc,
    transport: { publicUrl: config.PUBLIC_URL, trustedProxies: config.TRUSTED_PROXIES },
    auditAnchor,
    disclosure: { threshold: config.DISCLOSURE_THRESHOLD, extractK: config.RESEARCH_EXTRACT_K },
  });
  await checkpointNow(database.db, auditAnchor);
  const checkpoints = startCheckpoints(
    database.db,
    auditAnchor,
    (config.AUDIT_CHECKPOINT_INTERVAL ?? 60) * 1000,
    (e) => logError({ event: "audit checkpoint not written", code: errorCode(e) }),
  );
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
  });
  // A new active key in FIELD_KEYS: re-encrypt in the background while the server serves.
  if (await staleKeyInUse(database.db, keys)) {
    rotateFieldKeys(database.db, keys)
      .then((totals) => console.log(`field keys rotated to "${keys.activeKid}":`, totals))
      .catch((e) =>
        logError({
          event: "field key rotation stopped; run npm run keys:rotate to resume",
          code: errorCode(e),
        }),
      );
  }
  const { port } = server.address() as AddressInfo;
  const host = config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST;
  return {
    url: `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`,
    database,
    keys,
    demoAccounts,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await checkpoints.stop();
      await database.close();
    },
  };
}
