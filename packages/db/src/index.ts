/**
 * Opens the database: PGlite (embedded PostgreSQL in WebAssembly) by default, a PostgreSQL
 * server when DATABASE_URL is a postgres:// URL. Both run the same migrations.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import * as schema from "./schema.ts";

export * from "./directory.ts";
export { ROLES, type Role } from "./schema.ts";
export { schema };

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  driver: "pglite" | "postgres";
  /** Answers once the database is reachable; used by /health. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL("../migrations", import.meta.url));

/**
 * Connections to a PostgreSQL server per process. One Node.js thread keeps only a few statements
 * usefully in flight; more connections add runnable backends that take turns on the server's
 * CPUs, which lengthens every statement (ADR 0009).
 */
export const DEFAULT_POOL_SIZE = 10;

/**
 * `url`: a postgres:// URL, "memory://" for a throwaway PGlite, or a directory for PGlite's data.
 */
export async function openDatabase(url: string, poolSize = DEFAULT_POOL_SIZE): Promise<Database> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: poolSize });
    // An idle connection the server closes (restart, failover) is replaced on next use; without
    // a listener node-postgres would crash the process.
    pool.on("error", (e) => console.error(`database connection lost: ${e.message}`));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    await migratePg(db as never, { migrationsFolder });
    return {
      db,
      driver: "postgres",
      ping: async () => void (await pool.query("select 1")),
      close: () => pool.end(),
    };
  }
  if (!url.startsWith("memory://")) mkdirSync(url, { recursive: true });
  const client = await PGlite.create(url.startsWith("memory://") ? undefined : url);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder });
  return {
    db,
    driver: "pglite",
    ping: async () => void (await client.query("select 1")),
    close: () => client.close(),
  };
}

/**
 * A query built once per database and reused: `build` typically ends in `.prepare(name)`, so
 * PostgreSQL parses and plans the statement once per connection instead of on every request.
 */
export function preparedPerDb<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let query = built.get(db);
    if (query === undefined) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}
