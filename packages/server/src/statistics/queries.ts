/**
 * The counts behind the national statistics, aggregated in the database (GROUP BY, GROUPING
 * SETS): no case is loaded, only counts per month and coded value come back, a few thousand rows
 * at most whatever the number of cases. Only coded columns are read, never an encrypted one.
 */
import type { Db } from "@stodkedjan/db";
import { NSP_FLAT_RATE_DAYS } from "@stodkedjan/domain";
import { FORMS } from "@stodkedjan/domain/case-codes";
import { type SQL, sql } from "drizzle-orm";
import type { DimensionName } from "./catalogue.ts";

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

/** A case's forms, each once, unknown ones as "other", an empty list as "other": what the tables count. */
const formsOf = (column: SQL) =>
  sql`(select array_agg(distinct case when f = any(${sql.raw(`array[${FORMS.map((f) => `'${f}'`).join(",")}]`)}) then f else 'other' end) from unnest(case when cardinality(${column}) = 0 then array['other'] else ${column} end) f)`;

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

  // NSP persons: a person counts once in the year, in the month and region of their first NSP
  // referral that became support (a placement that began, or support without housing under way).
  const nspRows = await rows<{ m: string; region: string; grp: string; n: number }>(
    db,
    sql`with nsp as (
          select c.person_id, c.region_id, p.age_group,
            coalesce(r.data->>'start', r.data->>'referredOn',
              to_char(r.created_at at time zone 'Europe/Stockholm', 'YYYY-MM-DD'))::date as day,
            (r.type = 'nsp-support' and coalesce((r.data->>'inHomeCountry')::boolean, false)) as home
          from referrals r join cases c on c.id = r.case_id join persons p on p.id = c.person_id
          where (r.type = 'nsp-placement' and r.status in ('placed', 'extension-requested', 'extended', 'exited'))
             or (r.type = 'nsp-support' and r.status in ('ongoing', 'completed'))
        ), first as (
          select person_id, min(day) as day, (array_agg(region_id order by day, region_id))[1] as region,
            bool_or(home) as home, min(age_group) as age
          from nsp where day between ${from}::date and ${to}::date group by person_id
        )
        select to_char(day, 'YYYY-MM') as m, region,
          case when age = 'child' and home then 'child-home-country' else age end as grp, count(*)::int as n
        from first group by 1, 2, 3`,
  );
  for (const r of nspRows)
    add(key("nsp-persons", ["region", "nspGroup"]), {
      month: r.m,
      coords: { region: r.region, nspGroup: r.grp },
      n: r.n,
    });

  // Placements that began in the year, and their flat-rate days: the days of the stay (arrival
  // and exit day included, up to today while it runs), at most the flat-rate days unless extended.
  const placementRows = await rows<{ m: string; region: string; n: number; days: number }>(
    db,
    sql`select to_char(start, 'YYYY-MM') as m, region, count(*)::int as n, sum(days)::int as days
        from (select (r.data->>'start')::date as start, c.region_id as region,
                case when r.status = 'extended' then stay else least(stay, ${NSP_FLAT_RATE_DAYS}) end as days
              from referrals r join cases c on c.id = r.case_id
              cross join lateral (select greatest(0, coalesce((r.data->>'end')::date, ${today}::date)
                - (r.data->>'start')::date + 1) as stay) s
              where r.type = 'nsp-placement' and r.status in ('placed', 'extension-requested', 'extended', 'exited')
                and (r.data->>'start')::date between ${from}::date and ${to}::date) x
        group by 1, 2`,
  );
  const flatRateDays: Count[] = [];
  for (const r of placementRows) {
    add(key("nsp-placements", ["region"]), { month: r.m, coords: { region: r.region }, n: r.n });
    flatRateDays.push({ month: r.m, coords: { region: r.region }, n: r.days });
  }

  // ÅMP participants: approved applications, by the day IOM approved them.
  const ampBase = sql`from referrals r join cases c on c.id = r.case_id join persons p on p.id = c.person_id
    where r.type = 'amp' and r.status = 'approved'
      and (r.data->>'approvedOn')::date between ${from}::date and ${to}::date`;
  const ampRows = await rows<{ m: string; region: string; gender: string; age: string; n: number }>(
    db,
    sql`select to_char((r.data->>'approvedOn')::date, 'YYYY-MM') as m, c.region_id as region, p.gender,
          p.age_group as age, count(*)::int as n ${ampBase} group by 1, 2, 3, 4`,
  );
  for (const r of ampRows) {
    add(key("amp-participants", ["gender", "ageGroup"]), {
      month: r.m,
      coords: { gender: r.gender, ageGroup: r.age },
      n: r.n,
    });
    add(key("amp-participants", ["region"]), { month: r.m, coords: { region: r.region }, n: r.n });
  }
  const ampForms = await rows<{ m: string; form: string; n: number }>(
    db,
    sql`select to_char((r.data->>'approvedOn')::date, 'YYYY-MM') as m, f.form, count(*)::int as n
        from referrals r join cases c on c.id = r.case_id cross join lateral unnest(${formsOf(sql`c.forms`)}) as f(form)
        where r.type = 'amp' and r.status = 'approved'
          and (r.data->>'approvedOn')::date between ${from}::date and ${to}::date
        group by 1, 2`,
  );
  for (const r of ampForms)
    add(key("amp-participants", ["form"]), { month: r.m, coords: { form: r.form }, n: r.n });

  // Reflection periods applied for (submitted), by outcome.
  const reflectionRows = await rows<{ m: string; region: string; outcome: string; n: number }>(
    db,
    sql`select to_char((r.data->>'submittedOn')::date, 'YYYY-MM') as m, c.region_id as region,
          case r.status when 'granted' then 'granted' when 'rejected' then 'rejected' else 'pending' end as outcome,
          count(*)::int as n
        from referrals r join cases c on c.id = r.case_id
        where r.type = 'reflection' and r.status in ('submitted', 'granted', 'rejected', 'withdrawn')
          and (r.data->>'submittedOn')::date between ${from}::date and ${to}::date
        group by 1, 2, 3`,
  );
  for (const r of reflectionRows)
    add(key("reflection-applications", ["region", "outcome"]), {
      month: r.m,
      coords: { region: r.region, outcome: r.outcome },
      n: r.n,
    });

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
