/**
 * The counts behind the national statistics, aggregated in the database (GROUP BY, GROUPING
 * SETS): no case is loaded, only counts per month and coded value come back, a few thousand rows
 * at most whatever the number of cases. Only coded columns are read, never an encrypted one.
 */
import type { Db } from "@stodkedjan/db";
import { NSP_FLAT_RATE_DAYS } from "@stodkedjan/domain";
import { type SQL, sql } from "drizzle-orm";
import { type DimensionName, RETURN_COUNTRY_VALUES } from "./catalogue.ts";

/** One count: the month (period atom "YYYY-MM"), its coded coordinates by dimension, and n. */
export interface Count {
  month: string;
  coords: Partial<Record<DimensionName, string>>;
  n: number;
}

export interface YearCounts {
  /** Interior counts per population and pair of dimensions, keyed `population:dim,dim`. */
  counts: Map<string, Count[]>;
  /** Flat-rate days per month and region (the placements' own months). */
  flatRateDays: Count[];
  /** Shelters certified on the day: per region. */
  sheltersCertified: Map<string, number>;
}

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

const key = (population: string, dims: readonly DimensionName[]) => `${population}:${dims.join(",")}`;
export const countsKey = key;

/**
 * Every count of one calendar year (`from`..`to`, ISO dates, within the year), `today` the Swedish
 * day for stays still running and certification.
 */
export async function countYear(db: Db, from: string, to: string, today: string): Promise<YearCounts> {
  const counts = new Map<string, Count[]>();
  const add = (k: string, c: Count) => {
    const list = counts.get(k) ?? [];
    list.push(c);
    counts.set(k, list);
  };

  // Cases: from the counts the triggers keep (stats_case_cells, ADR 0029), a few thousand rows
  // for a year however many cases there are.
  const caseRows = await rows<{
    kind: string;
    m: string;
    region: string;
    dim: string;
    value: string;
    n: number;
  }>(
    db,
    sql`select kind, to_char(month, 'YYYY-MM') as m, region_id as region, dim, value, n
        from stats_case_cells
        where month between date_trunc('month', ${from}::date) and ${to}::date and n > 0`,
  );
  const CASE_DIMS: Record<string, readonly DimensionName[]> = {
    individual: ["gender", "ageGroup", "category", "referringOrg", "step", "form"],
    consultation: ["referringOrg", "form"],
  };
  for (const r of caseRows) {
    const dim = r.dim as DimensionName;
    if (!CASE_DIMS[r.kind]?.includes(dim)) continue;
    add(key(r.kind, ["region", dim]), { month: r.m, coords: { region: r.region, [dim]: r.value }, n: r.n });
  }

  // Referrals (NSP, ÅMP, reflection periods): three statements run side by side (each on a
  // connection of its own where the pool has several). NSP persons and placements group the
  // year's rows of the referrals the statistics count, with their case's and person's coded
  // fields, as the triggers keep them (stats_referral_facts, ADR 0029), read by day; ÅMP
  // participants and reflection periods are sums, read from the cells a trigger on those rows
  // keeps (stats_referral_cells; forms each once, an unknown one or none as "other"). Each row
  // says which table it is of.
  // NSP persons: a person counts once in the year, in the month and region of their first NSP
  // referral that became support (a placement that began, or support without housing under way);
  // the least "day‖region" text is the first day and, on a tie, the first region.
  // Placements that began in the year, and their flat-rate days: the days of the stay (arrival and
  // exit day included, up to today while it runs), at most the flat-rate days unless extended.
  // ÅMP participants: approved applications, by the day IOM approved them (by region, gender and
  // age group; by form; by return country). Reflection periods
  // applied for (submitted), by outcome.
  type ReferralRow = {
    t: "nsp" | "placement" | "amp" | "amp-form" | "amp-country" | "reflection";
    m: string;
    region: string | null;
    a: string | null;
    b: string | null;
    n: number;
    days: number | null;
  };
  const inYear = (types: SQL) =>
    sql`(select * from stats_referral_facts where type in (${types}) and day between ${from}::date and ${to}::date) in_year`;
  const month = sql`to_char(date_trunc('month', day), 'YYYY-MM')`;
  const referralRows = (
    await Promise.all([
      rows<ReferralRow>(
        db,
        sql`select 'nsp' as t, left(first, 7) as m, substr(first, 11) as region,
              case when age = 'child' and home then 'child-home-country' else age end as a, null as b,
              count(*)::int as n, null::int as days
            from (
              select min(day::text || region_id collate "C") as first, bool_or(in_home_country) as home,
                min(age_group) as age
              from ${inYear(sql`'nsp-placement', 'nsp-support'`)} group by person_id
            ) first_nsp group by 2, 3, 4`,
      ),
      rows<ReferralRow>(
        db,
        sql`select 'placement' as t, ${month} as m, region_id as region, null as a, null as b, count(*)::int as n,
              sum(case when status = 'extended' then stay else least(stay, ${NSP_FLAT_RATE_DAYS}) end)::int as days
            from (
              select day, region_id, status, greatest(0, coalesce(stay_end, ${today}::date) - stay_start + 1) as stay
              from ${inYear(sql`'nsp-placement'`)}
            ) placements group by 2, 3`,
      ),
      rows<ReferralRow>(
        db,
        sql`select tbl as t, to_char(month, 'YYYY-MM') as m, nullif(region_id, '') as region, nullif(a, '') as a,
              nullif(b, '') as b, n, null::int as days
            from stats_referral_cells
            where month between date_trunc('month', ${from}::date) and ${to}::date and n <> 0`,
      ),
    ])
  ).flat();
  const flatRateDays: Count[] = [];
  const countries = new Set(RETURN_COUNTRY_VALUES);
  for (const r of referralRows) {
    const month = r.m;
    const region = r.region as string;
    switch (r.t) {
      case "nsp":
        add(key("nsp-persons", ["region", "nspGroup"]), {
          month,
          coords: { region, nspGroup: r.a as string },
          n: r.n,
        });
        break;
      case "placement":
        add(key("nsp-placements", ["region"]), { month, coords: { region }, n: r.n });
        flatRateDays.push({ month, coords: { region }, n: r.days ?? 0 });
        break;
      case "amp":
        add(key("amp-participants", ["gender", "ageGroup"]), {
          month,
          coords: { gender: r.a as string, ageGroup: r.b as string },
          n: r.n,
        });
        add(key("amp-participants", ["region"]), { month, coords: { region }, n: r.n });
        break;
      case "amp-form":
        add(key("amp-participants", ["form"]), { month, coords: { form: r.a as string }, n: r.n });
        break;
      case "amp-country":
        // A code outside the list (stored before the list was checked) counts as none recorded.
        add(key("amp-participants", ["returnCountry"]), {
          month,
          coords: { returnCountry: countries.has(r.a as string) ? (r.a as string) : "unknown" },
          n: r.n,
        });
        break;
      case "reflection":
        add(key("reflection-applications", ["region", "outcome"]), {
          month,
          coords: { region, outcome: r.a as string },
          n: r.n,
        });
        break;
    }
  }

  // Shelters certified on the period's last day (today, for a period not yet over).
  const asOf = to < today ? to : today;
  const shelterRows = await rows<{ region: string; n: number }>(
    db,
    sql`select region_id as region, count(*)::int as n from shelters
        where certified_until >= ${asOf}::date group by 1`,
  );
  return {
    counts,
    flatRateDays,
    sheltersCertified: new Map(shelterRows.map((r) => [r.region, r.n])),
  };
}
