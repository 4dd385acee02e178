ALTER TABLE "stats_referral_facts" ADD COLUMN "return_country" text;--> statement-breakpoint
-- By hand (ADR 0029): an ÅMP application's return country is copied into stats_referral_facts
-- (the view gains the column at its end, in the table's order, so `SELECT *` still fits), and
-- stats_referral_cells counts approved applications per month and return country as table
-- 'amp-country' (region ''; a = the country code, 'unknown' when none is recorded). The facts and
-- then the cells are recounted from scratch: a trigger's delta on the old rows would take away
-- from 'unknown' what was never added there.
CREATE OR REPLACE VIEW stats_referral_facts_source AS
SELECT r.id AS referral_id, r.case_id, c.person_id, r.type, r.status,
  CASE r.type
    WHEN 'amp' THEN stats_date(r.data->>'approvedOn')
    WHEN 'reflection' THEN stats_date(r.data->>'submittedOn')
    WHEN 'nsp-placement' THEN stats_date(r.data->>'start')
    ELSE coalesce(stats_date(coalesce(r.data->>'start', r.data->>'referredOn')),
      (r.created_at AT TIME ZONE 'Europe/Stockholm')::date)
  END AS day,
  c.region_id,
  ARRAY(SELECT DISTINCT CASE WHEN f = ANY (ARRAY['sexual','labour','begging','crime','forced-marriage',
      'war-service','organ-trade','illegal-adoption','other']) THEN f ELSE 'other' END
    FROM unnest(CASE WHEN coalesce(cardinality(c.forms), 0) = 0 THEN ARRAY['other'] ELSE c.forms END) f
    ORDER BY 1) AS forms,
  p.gender, p.age_group,
  (r.type = 'nsp-support' AND coalesce(r.data->>'inHomeCountry' = 'true', false)) AS in_home_country,
  CASE WHEN r.type = 'nsp-placement' THEN stats_date(r.data->>'start') END AS stay_start,
  CASE WHEN r.type = 'nsp-placement' THEN stats_date(r.data->>'end') END AS stay_end,
  CASE WHEN r.type = 'amp' THEN nullif(r.data->>'returnCountry', '') END AS return_country
FROM referrals r JOIN cases c ON c.id = r.case_id JOIN persons p ON p.id = c.person_id
WHERE (r.type = 'nsp-placement' AND r.status IN ('placed', 'extension-requested', 'extended', 'exited'))
   OR (r.type = 'nsp-support' AND r.status IN ('ongoing', 'completed'))
   OR (r.type = 'amp' AND r.status = 'approved')
   OR (r.type = 'reflection' AND r.status IN ('submitted', 'granted', 'rejected', 'withdrawn'));
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_referral_facts_sync(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM stats_referral_facts WHERE referral_id = ANY (ids);
  INSERT INTO stats_referral_facts AS f SELECT * FROM stats_referral_facts_source WHERE referral_id = ANY (ids)
  ON CONFLICT (referral_id) DO UPDATE SET case_id = excluded.case_id, person_id = excluded.person_id,
    type = excluded.type, status = excluded.status, day = excluded.day, region_id = excluded.region_id,
    forms = excluded.forms, gender = excluded.gender, age_group = excluded.age_group,
    in_home_country = excluded.in_home_country, stay_start = excluded.stay_start, stay_end = excluded.stay_end,
    return_country = excluded.return_country;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_referral_cells_of(f stats_referral_facts) RETURNS TABLE (month date, tbl text, region_id text, a text, b text)
LANGUAGE sql IMMUTABLE AS $$
  SELECT date_trunc('month', f.day)::date, c.tbl, c.region_id, c.a, c.b
  FROM (
    SELECT 'amp', f.region_id, f.gender, f.age_group WHERE f.type = 'amp'
    UNION ALL SELECT 'amp-form', '', form, '' FROM unnest(f.forms) form WHERE f.type = 'amp'
    UNION ALL SELECT 'amp-country', '', coalesce(f.return_country, 'unknown'), '' WHERE f.type = 'amp'
    UNION ALL SELECT 'reflection', f.region_id,
      CASE f.status WHEN 'granted' THEN 'granted' WHEN 'rejected' THEN 'rejected' ELSE 'pending' END, ''
      WHERE f.type = 'reflection'
  ) c(tbl, region_id, a, b)
  WHERE f.day IS NOT NULL;
$$;
--> statement-breakpoint
SELECT stats_referral_facts_rebuild();
--> statement-breakpoint
SELECT stats_referral_cells_rebuild();
