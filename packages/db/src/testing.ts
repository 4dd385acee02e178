/**
 * Test targets: PGlite always, and the PostgreSQL server named by DATABASE_URL when set
 * (CI starts one), so every integration test runs on both.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "./index.ts";

export type Target = "pglite" | "postgres";

export function testTargets(): Target[] {
  return process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

/** A new empty database: an in-memory PGlite, or a new database on the server. */
export async function freshDatabase(target: Target): Promise<Database> {
  if (target === "pglite") return openDatabase("memory://");
  const url = new URL(process.env.DATABASE_URL as string);
  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  const database = await openDatabase(url.toString());
  return {
    ...database,
    // Dropped with the test's connections, so runs against a long-lived server leave nothing behind.
    close: async () => {
      await database.close();
      await dropDatabase(process.env.DATABASE_URL as string, name);
    },
  };
}

/** Drops `name` on the server `serverUrl` names, closing whatever connections it still has. */
export async function dropDatabase(serverUrl: string, name: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
