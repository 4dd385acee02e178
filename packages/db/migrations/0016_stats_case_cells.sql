CREATE TABLE "stats_case_cells" (
	"month" date NOT NULL,
	"kind" text NOT NULL,
	"region_id" text NOT NULL,
	"dim" text NOT NULL,
	"value" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "stats_case_cells_month_kind_region_id_dim_value_pk" PRIMARY KEY("month","kind","region_id","dim","value")
);--> statement-breakpoint
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
