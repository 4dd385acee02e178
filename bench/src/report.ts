/**
 * `report.build_ms`: the annual report's build time for the demo year — the statistics' year release
 * counted in the database and protected (cache cleared), and the PDF — on the embedded PGlite with the demo data (the
 * believable year: about 490 individual cases and 1,000 consultations). The median of five builds
 * after one to warm up.
 */
import { randomUUID } from "node:crypto";
import { loadRegions } from "@stodkedjan/content";
import { openDatabase, schema, syncDirectory } from "@stodkedjan/db";
import { generateKey, parseKeyRing } from "../../packages/server/src/crypto/keyring.ts";
import { seedDemo } from "../../packages/server/src/demo/seed.ts";
import { annualReport, defaultReportYear } from "../../packages/server/src/report/service.ts";
import { reportPdf } from "../../packages/server/src/staff/report-pdf.ts";
import { forgetProtectedReleases } from "../../packages/server/src/statistics/service.ts";
import { type Figures, median } from "./results.ts";

export async function benchReport(): Promise<Figures> {
  const database = await openDatabase("memory://");
  try {
    await syncDirectory(database.db, loadRegions());
    const now = new Date();
    await seedDemo(database.db, parseKeyRing(`t1:${generateKey()}`), now);
    const id = randomUUID();
    await database.db.insert(schema.users).values({
      id,
      username: `bench-${id}@test`,
      displayName: "Bench",
      role: "national",
      totpEnabled: true,
    });
    const principal = {
      kind: "user" as const,
      id,
      role: "national" as const,
      regionId: null,
      shelterId: null,
      name: "Bench",
    };
    const year = defaultReportYear(now);
    const build = async () => {
      // The statistics' protected release is cached: forget it, so every build runs the disclosure control.
      forgetProtectedReleases();
      const start = performance.now();
      const report = await annualReport({ db: database.db, principal, now }, year);
      await reportPdf(report, "sv", now);
      return performance.now() - start;
    };
    const first = await build();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) times.push(await build());
    return {
      "report.build_ms": {
        value: median(times),
        unit: "ms",
        target: 2000,
        better: "lower",
        how: `annual report for the demo year ${year} (the statistics' year release counted and protected, PDF), median of 5 on PGlite after a warm-up (first build ${Math.round(first)} ms)`,
      },
    };
  } finally {
    await database.close();
  }
}
