/** The directory of regions, counties, municipalities and coordinators, kept in step with content. */
import type { Region } from "@stodkedjan/content";
import { eq, sql } from "drizzle-orm";
import type { Db } from "./index.ts";
import { coordinators, counties, municipalities, regions } from "./schema.ts";

/**
 * Writes the directory from content in one transaction. Existing rows are updated, so editing
 * content/regions.yaml and restarting is enough to publish new contact details.
 */
export async function syncDirectory(db: Db, data: Region[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const r of data) {
      await tx
        .insert(regions)
        .values({ id: r.id, nameSv: r.sv.name, nameEn: r.en.name })
        .onConflictDoUpdate({ target: regions.id, set: { nameSv: r.sv.name, nameEn: r.en.name } });
      for (const c of r.counties) {
        await tx
          .insert(counties)
          .values({ code: c.code, name: c.name, regionId: r.id })
          .onConflictDoUpdate({ target: counties.code, set: { name: c.name, regionId: r.id } });
        await tx
          .insert(municipalities)
          .values(c.municipalities.map((m) => ({ code: m.code, name: m.name, countyCode: c.code })))
          .onConflictDoUpdate({
            target: municipalities.code,
            set: { name: sql`excluded.name`, countyCode: sql`excluded.county_code` },
          });
      }
      await tx.delete(coordinators).where(eq(coordinators.regionId, r.id));
      await tx.insert(coordinators).values(
        r.coordinators.map((k) => ({
          id: k.id,
          regionId: r.id,
          name: k.name,
          hostMunicipality: k.host,
          focus: k.focus,
          phone: k.phone,
          email: k.email,
          placeholder: k.placeholder,
        })),
      );
    }
  });
}

export interface MunicipalityEntry {
  code: string;
  name: string;
  county: string;
  region: { id: string; nameSv: string; nameEn: string };
}

export async function listMunicipalities(db: Db): Promise<MunicipalityEntry[]> {
  const rows = await db
    .select({
      code: municipalities.code,
      name: municipalities.name,
      county: counties.name,
      regionId: regions.id,
      nameSv: regions.nameSv,
      nameEn: regions.nameEn,
    })
    .from(municipalities)
    .innerJoin(counties, eq(municipalities.countyCode, counties.code))
    .innerJoin(regions, eq(counties.regionId, regions.id))
    .orderBy(municipalities.code);
  return rows.map(({ regionId, nameSv, nameEn, ...m }) => ({
    ...m,
    region: { id: regionId, nameSv, nameEn },
  }));
}

export async function coordinatorsOf(db: Db, regionId: string) {
  return db.select().from(coordinators).where(eq(coordinators.regionId, regionId)).orderBy(coordinators.id);
}
