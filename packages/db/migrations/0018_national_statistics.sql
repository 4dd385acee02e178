CREATE TABLE "stats_case_cells" (
	"month" date NOT NULL,
	"kind" text NOT NULL,
	"region_id" text NOT NULL,
	"dim" text NOT NULL,
	"value" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "stats_case_cells_month_kind_region_id_dim_value_pk" PRIMARY KEY("month","kind","region_id","dim","value")
);
--> statement-breakpoint
CREATE TABLE "stats_referral_cells" (
	"month" date NOT NULL,
	"tbl" text NOT NULL,
	"region_id" text NOT NULL,
	"a" text NOT NULL,
	"b" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "stats_referral_cells_month_tbl_region_id_a_b_pk" PRIMARY KEY("month","tbl","region_id","a","b")
);
--> statement-breakpoint
CREATE TABLE "stats_referral_facts" (
	"referral_id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"day" date,
	"region_id" text NOT NULL,
	"forms" text[] NOT NULL,
	"gender" text,
	"age_group" text,
	"in_home_country" boolean NOT NULL,
	"stay_start" date,
	"stay_end" date
);
--> statement-breakpoint
CREATE INDEX "stats_referral_facts_day" ON "stats_referral_facts" USING btree ("day");--> statement-breakpoint
-- By hand (ADR 0029): stats_case_cells is kept in step with cases and persons by the triggers
-- below, so the national statistics read a year's counts without scanning every case. One case
-- adds 1 to one cell per dimension (each of its forms once; a form outside the list, or none, as
-- 'other': the list is FORMS in packages/domain/src/case-codes.ts). Writers of cases in the same
-- month and region meet on these counters' rows; the upsert keeps them exact under concurrency.
CREATE FUNCTION stats_case_delta(m date, k text, r text, g text, a text, cat text, org text, st smallint, fs text[], sign integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_case_cells AS s (month, kind, region_id, dim, value, n)
  SELECT date_trunc('month', m)::date, k, r, d.dim, d.value, sign
  FROM (
    SELECT * FROM (VALUES ('gender', g), ('ageGroup', a), ('category', coalesce(cat, 'unknown')),
      ('referringOrg', org), ('step', st::text)) v(dim, value) WHERE v.value IS NOT NULL
    UNION ALL
    SELECT DISTINCT 'form', CASE WHEN f = ANY (ARRAY['sexual','labour','begging','crime','forced-marriage',
      'war-service','organ-trade','illegal-adoption','other']) THEN f ELSE 'other' END
    FROM unnest(CASE WHEN coalesce(cardinality(fs), 0) = 0 THEN ARRAY['other'] ELSE fs END) f
  ) d
  ON CONFLICT (month, kind, region_id, dim, value) DO UPDATE SET n = s.n + excluded.n;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION stats_cases_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE p_old persons%ROWTYPE; p_new persons%ROWTYPE;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT * INTO p_old FROM persons WHERE id = OLD.person_id;
    PERFORM stats_case_delta(OLD.opened_on, OLD.kind, OLD.region_id, p_old.gender, p_old.age_group,
      OLD.category, OLD.referring_org, OLD.step, OLD.forms, -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    SELECT * INTO p_new FROM persons WHERE id = NEW.person_id;
    PERFORM stats_case_delta(NEW.opened_on, NEW.kind, NEW.region_id, p_new.gender, p_new.age_group,
      NEW.category, NEW.referring_org, NEW.step, NEW.forms, 1);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER stats_cases_insert_delete AFTER INSERT OR DELETE ON cases FOR EACH ROW EXECUTE FUNCTION stats_cases_changed();
--> statement-breakpoint
CREATE TRIGGER stats_cases_update AFTER UPDATE OF opened_on, kind, region_id, category, referring_org, step, forms, person_id ON cases FOR EACH ROW
  WHEN ((OLD.opened_on, OLD.kind, OLD.region_id, OLD.category, OLD.referring_org, OLD.step, OLD.forms, OLD.person_id)
    IS DISTINCT FROM (NEW.opened_on, NEW.kind, NEW.region_id, NEW.category, NEW.referring_org, NEW.step, NEW.forms, NEW.person_id))
  EXECUTE FUNCTION stats_cases_changed();
--> statement-breakpoint
CREATE FUNCTION stats_persons_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE c cases%ROWTYPE;
BEGIN
  FOR c IN SELECT * FROM cases WHERE person_id = NEW.id LOOP
    PERFORM stats_case_delta(c.opened_on, c.kind, c.region_id, OLD.gender, OLD.age_group, c.category, c.referring_org, c.step, c.forms, -1);
    PERFORM stats_case_delta(c.opened_on, c.kind, c.region_id, NEW.gender, NEW.age_group, c.category, c.referring_org, c.step, c.forms, 1);
  END LOOP;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER stats_persons_update AFTER UPDATE OF gender, age_group ON persons FOR EACH ROW
  WHEN ((OLD.gender, OLD.age_group) IS DISTINCT FROM (NEW.gender, NEW.age_group))
  EXECUTE FUNCTION stats_persons_changed();
--> statement-breakpoint
-- Recounts every cell from the cases (here for the cases already there; bulk loads may disable
-- the triggers and call it after).
CREATE FUNCTION stats_case_cells_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM stats_case_cells;
  INSERT INTO stats_case_cells (month, kind, region_id, dim, value, n)
  SELECT date_trunc('month', c.opened_on)::date, c.kind, c.region_id, d.dim, d.value, count(*)::int
  FROM cases c LEFT JOIN persons p ON p.id = c.person_id
  CROSS JOIN LATERAL (
    SELECT * FROM (VALUES ('gender', p.gender), ('ageGroup', p.age_group), ('category', coalesce(c.category, 'unknown')),
      ('referringOrg', c.referring_org), ('step', c.step::text)) v(dim, value) WHERE v.value IS NOT NULL
    UNION ALL
    SELECT DISTINCT 'form', CASE WHEN f = ANY (ARRAY['sexual','labour','begging','crime','forced-marriage',
      'war-service','organ-trade','illegal-adoption','other']) THEN f ELSE 'other' END
    FROM unnest(CASE WHEN coalesce(cardinality(c.forms), 0) = 0 THEN ARRAY['other'] ELSE c.forms END) f
  ) d
  GROUP BY 1, 2, 3, 4, 5;
$$;
--> statement-breakpoint
SELECT stats_case_cells_rebuild();
--> statement-breakpoint
-- By hand (ADR 0029): stats_referral_facts is kept in step with referrals, cases and persons by
-- the triggers below: the view says what the table holds, each trigger writes the rows of the
-- referrals it touched again from the view (a row the view no longer has is deleted). A date in a
-- referral's data that is not a date counts as none rather than failing the write. A case's forms
-- are kept each once, one outside the list (FORMS in packages/domain/src/case-codes.ts) or none as
-- 'other', as in stats_case_delta.
CREATE FUNCTION stats_date(t text) RETURNS date LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN t::date;
EXCEPTION WHEN others THEN
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE VIEW stats_referral_facts_source AS
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
  CASE WHEN r.type = 'nsp-placement' THEN stats_date(r.data->>'end') END AS stay_end
FROM referrals r JOIN cases c ON c.id = r.case_id JOIN persons p ON p.id = c.person_id
WHERE (r.type = 'nsp-placement' AND r.status IN ('placed', 'extension-requested', 'extended', 'exited'))
   OR (r.type = 'nsp-support' AND r.status IN ('ongoing', 'completed'))
   OR (r.type = 'amp' AND r.status = 'approved')
   OR (r.type = 'reflection' AND r.status IN ('submitted', 'granted', 'rejected', 'withdrawn'));
--> statement-breakpoint
CREATE FUNCTION stats_referral_facts_sync(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM stats_referral_facts WHERE referral_id = ANY (ids);
  INSERT INTO stats_referral_facts AS f SELECT * FROM stats_referral_facts_source WHERE referral_id = ANY (ids)
  ON CONFLICT (referral_id) DO UPDATE SET case_id = excluded.case_id, person_id = excluded.person_id,
    type = excluded.type, status = excluded.status, day = excluded.day, region_id = excluded.region_id,
    forms = excluded.forms, gender = excluded.gender, age_group = excluded.age_group,
    in_home_country = excluded.in_home_country, stay_start = excluded.stay_start, stay_end = excluded.stay_end;
$$;
--> statement-breakpoint
CREATE FUNCTION stats_referrals_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM stats_referral_facts_sync(ARRAY[NEW.id]);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM stats_referral_facts_sync(ARRAY[OLD.id]);
  ELSE
    PERFORM stats_referral_facts_sync(ARRAY[OLD.id, NEW.id]);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER stats_referrals_insert_delete AFTER INSERT OR DELETE ON referrals FOR EACH ROW EXECUTE FUNCTION stats_referrals_changed();
--> statement-breakpoint
CREATE TRIGGER stats_referrals_update AFTER UPDATE OF id, case_id, type, status, data, created_at ON referrals FOR EACH ROW
  WHEN ((OLD.id, OLD.case_id, OLD.type, OLD.status, OLD.data, OLD.created_at)
    IS DISTINCT FROM (NEW.id, NEW.case_id, NEW.type, NEW.status, NEW.data, NEW.created_at))
  EXECUTE FUNCTION stats_referrals_changed();
--> statement-breakpoint
CREATE FUNCTION stats_referral_cases_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_referral_facts_sync(ARRAY(SELECT id FROM referrals WHERE case_id = NEW.id));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER stats_referral_cases_update AFTER UPDATE OF region_id, forms, person_id ON cases FOR EACH ROW
  WHEN ((OLD.region_id, OLD.forms, OLD.person_id) IS DISTINCT FROM (NEW.region_id, NEW.forms, NEW.person_id))
  EXECUTE FUNCTION stats_referral_cases_changed();
--> statement-breakpoint
CREATE FUNCTION stats_referral_persons_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_referral_facts_sync(ARRAY(
    SELECT r.id FROM referrals r JOIN cases c ON c.id = r.case_id WHERE c.person_id = NEW.id));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER stats_referral_persons_update AFTER UPDATE OF gender, age_group ON persons FOR EACH ROW
  WHEN ((OLD.gender, OLD.age_group) IS DISTINCT FROM (NEW.gender, NEW.age_group))
  EXECUTE FUNCTION stats_referral_persons_changed();
--> statement-breakpoint
-- Writes every row again from the view (here for the referrals already there; bulk loads may
-- disable the triggers and call it after).
CREATE FUNCTION stats_referral_facts_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM stats_referral_facts;
  INSERT INTO stats_referral_facts SELECT * FROM stats_referral_facts_source;
$$;
--> statement-breakpoint
-- By hand (ADR 0029): stats_referral_cells counts the rows of stats_referral_facts that are sums
-- of cells (ÅMP participants by region, gender and age group and by form, reflection periods by
-- outcome); a row trigger on the facts adds and takes away, with an upsert like
-- stats_case_delta. '' stands for a coordinate the table does not have.
CREATE FUNCTION stats_referral_cells_of(f stats_referral_facts) RETURNS TABLE (month date, tbl text, region_id text, a text, b text)
LANGUAGE sql IMMUTABLE AS $$
  SELECT date_trunc('month', f.day)::date, c.tbl, c.region_id, c.a, c.b
  FROM (
    SELECT 'amp', f.region_id, f.gender, f.age_group WHERE f.type = 'amp'
    UNION ALL SELECT 'amp-form', '', form, '' FROM unnest(f.forms) form WHERE f.type = 'amp'
    UNION ALL SELECT 'reflection', f.region_id,
      CASE f.status WHEN 'granted' THEN 'granted' WHEN 'rejected' THEN 'rejected' ELSE 'pending' END, ''
      WHERE f.type = 'reflection'
  ) c(tbl, region_id, a, b)
  WHERE f.day IS NOT NULL;
$$;
--> statement-breakpoint
CREATE FUNCTION stats_referral_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO stats_referral_cells AS s (month, tbl, region_id, a, b, n)
    SELECT c.*, -1 FROM stats_referral_cells_of(OLD) c
    ON CONFLICT (month, tbl, region_id, a, b) DO UPDATE SET n = s.n + excluded.n;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO stats_referral_cells AS s (month, tbl, region_id, a, b, n)
    SELECT c.*, 1 FROM stats_referral_cells_of(NEW) c
    ON CONFLICT (month, tbl, region_id, a, b) DO UPDATE SET n = s.n + excluded.n;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER stats_referral_facts_changed AFTER INSERT OR UPDATE OR DELETE ON stats_referral_facts FOR EACH ROW
  EXECUTE FUNCTION stats_referral_facts_changed();
--> statement-breakpoint
-- Recounts every cell from stats_referral_facts.
CREATE FUNCTION stats_referral_cells_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM stats_referral_cells;
  INSERT INTO stats_referral_cells (month, tbl, region_id, a, b, n)
  SELECT c.month, c.tbl, c.region_id, c.a, c.b, count(*)::int
  FROM stats_referral_facts f CROSS JOIN LATERAL stats_referral_cells_of(f) c GROUP BY 1, 2, 3, 4, 5;
$$;
--> statement-breakpoint
SELECT stats_referral_facts_rebuild();
