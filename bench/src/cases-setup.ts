/**
 * The case benchmark's database: a fresh database on the PostgreSQL server, migrated and with the
 * directory synced, 50 coordinator accounts (spread over the 7 regions) and 100,000 cases.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { loadRegions } from "@stodkedjan/content";
import { openDatabase, schema, syncDirectory } from "@stodkedjan/db";
import { dropDatabase } from "@stodkedjan/db/testing";
import pg from "pg";
import { generateKey, type KeyRing, parseKeyRing } from "../../packages/server/src/crypto/keyring.ts";
import { type LoadedCases, loadCases, type Municipality } from "./cases-data.ts";

export interface BenchDatabase {
  url: string;
  name: string;
  keySpec: string;
  keys: KeyRing;
  /** The coordinators, in order; user k is in region regions[k % 7]. */
  users: { id: string; regionId: string }[];
  loaded: LoadedCases;
  loadMs: number;
  drop(): Promise<void>;
}

async function loadBenchDatabase(serverUrl: string, total: number, nUsers: number): Promise<BenchDatabase> {
  const url = new URL(serverUrl);
  const name = `stodkedjan_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  const drop = () => dropDatabase(serverUrl, name);

  try {
    const database = await openDatabase(dbUrl);
    await syncDirectory(database.db, loadRegions());
    const regions = (await database.db.select({ id: schema.regions.id }).from(schema.regions))
      .map((r) => r.id)
      .sort();
    const users = Array.from({ length: nUsers }, (_, k) => ({
      id: randomUUID(),
      regionId: regions[k % regions.length] as string,
    }));
    await database.db.insert(schema.users).values(
      users.map((u, k) => ({
        id: u.id,
        username: `bench-coordinator-${k}@bench`,
        displayName: `Koordinator ${k + 1}`,
        role: "coordinator" as const,
        regionId: u.regionId,
        totpEnabled: true,
      })),
    );
    await database.close();

    const keySpec = `bench1:${generateKey()}`;
    const keys = parseKeyRing(keySpec);
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    try {
      const municipalities = (
        await client.query<Municipality>(
          `select m.code, m.name, c.region_id as "regionId"
           from municipalities m join counties c on c.code = m.county_code order by m.code`,
        )
      ).rows;
      const byRegion = new Map<string, string[]>();
      for (const u of users) byRegion.set(u.regionId, [...(byRegion.get(u.regionId) ?? []), u.id]);
      const t0 = performance.now();
      const loaded = await loadCases(client, keys, municipalities, byRegion, total);
      // Fresh statistics and visibility map, as autovacuum would have left a long-lived database,
      // and the load's dirty pages written out, so no checkpoint of the load runs during the phases.
      await client.query("vacuum analyze");
      await client.query("checkpoint");
      const loadMs = performance.now() - t0;
      return { url: dbUrl, name, keySpec, keys, users, loaded, loadMs, drop };
    } finally {
      await client.end();
    }
  } catch (e) {
    await drop();
    throw e;
  }
}

type Loaded = Omit<BenchDatabase, "keys" | "drop">;

/**
 * Creates `stodkedjan_bench_<random>` next to the database `serverUrl` names. The load runs in a
 * worker thread: a hundred thousand rows of generated objects would otherwise teach this thread's
 * JIT to allocate the server's short-lived request objects straight into the old generation
 * (allocation-site pretenuring), and the server measured here would collect far more than it
 * does in a process of its own.
 */
export function createBenchDatabase(
  serverUrl: string,
  total: number,
  nUsers: number,
): Promise<BenchDatabase> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { serverUrl, total, nUsers } });
    worker.once("message", (db: Loaded) => {
      resolve({ ...db, keys: parseKeyRing(db.keySpec), drop: () => dropDatabase(serverUrl, db.name) });
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

if (!isMainThread && parentPort && (workerData as { serverUrl?: string } | undefined)?.serverUrl) {
  const port = parentPort;
  const { serverUrl, total, nUsers } = workerData as { serverUrl: string; total: number; nUsers: number };
  const { keys: _keys, drop: _drop, ...db } = await loadBenchDatabase(serverUrl, total, nUsers);
  port.postMessage(db satisfies Loaded);
}
