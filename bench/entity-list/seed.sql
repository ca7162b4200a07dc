-- Seed helpers of the entity-list benchmark, loaded into the bench database
-- only (schema `bench`, dropped with the database). Run as role kernel: with
-- session_user = kernel the platform's ACL checks are off, as for installer
-- seeds, while every row still goes through the platform's triggers.

CREATE SCHEMA IF NOT EXISTS bench;

-- One object per (user, pgbench client id) for the action workload: clients
-- never touch each other's object, so a state change never waits for a lock
-- another client holds or fails because a neighbour moved the state first.
CREATE TABLE IF NOT EXISTS bench.pool (
  who       text NOT NULL,
  n         integer NOT NULL,
  obj       uuid NOT NULL,
  PRIMARY KEY (who, n)
);

GRANT USAGE ON SCHEMA bench TO daemon;
GRANT SELECT ON bench.pool TO daemon;

-- The application session a seed acts in: a user and the project's main area
-- (the area a signed-in user works in, so its document lists show the rows).
CREATE OR REPLACE FUNCTION bench.act_as (
  pUser     uuid
) RETURNS   void
AS $$
BEGIN
  PERFORM kernel.SetCurrentUserId(pUser);
  PERFORM kernel.SetCurrentArea('00000000-0000-4003-a001-000000000001'::uuid);
END;
$$ LANGUAGE plpgsql;

-- Invoices made the way /invoice/set makes them: CreateInvoice runs the
-- workflow's create method (state, history, event log, ACL from the class).
CREATE OR REPLACE FUNCTION bench.create_invoices (
  pUser     uuid,
  pCount    integer,
  pLabel    text DEFAULT 'bench'
) RETURNS   SETOF uuid
AS $$
BEGIN
  PERFORM bench.act_as(pUser);
  RETURN QUERY
    SELECT kernel.CreateInvoice(null, kernel.GetType('sale.invoice'), null, (i % 997) + 1, 'EUR', pLabel || ' ' || i, null)
      FROM generate_series(1, pCount) i;
END;
$$ LANGUAGE plpgsql;

-- Copies of invoices CreateInvoice made (the prototypes), each under a new
-- id: the object, its AOM and AOU rows, texts, document, invoice and current
-- state, exactly as the platform's functions and triggers wrote them. Left
-- out is what no list or action reads: the create action's event-log and
-- method-history rows. Run by a superuser with session_replication_role =
-- replica: the rows are copies of rows the triggers already produced, and a
-- copy costs microseconds where the workflow costs 10-25 ms per object on the
-- shared machine (100,000 objects would not fit a bounded run otherwise).
CREATE OR REPLACE FUNCTION bench.clone_invoices (
  pPrototypes uuid[],
  pCount      integer
) RETURNS     integer
AS $$
DECLARE
  nProto      integer := cardinality(pPrototypes);
BEGIN
  IF current_setting('session_replication_role') <> 'replica' THEN
    RAISE EXCEPTION 'bench.clone_invoices needs session_replication_role = replica';
  END IF;

  CREATE TEMP TABLE IF NOT EXISTS bench_map (new uuid PRIMARY KEY, old uuid NOT NULL) ON COMMIT DROP;
  TRUNCATE bench_map;

  INSERT INTO bench_map (new, old)
  SELECT gen_random_uuid(), pPrototypes[1 + (i % nProto)] FROM generate_series(0, pCount - 1) i;

  INSERT INTO db.object
  SELECT (jsonb_populate_record(o, jsonb_build_object('id', m.new))).*
    FROM bench_map m INNER JOIN db.object o ON o.id = m.old;

  INSERT INTO db.aom
  SELECT (jsonb_populate_record(a, jsonb_build_object('object', m.new))).*
    FROM bench_map m INNER JOIN db.aom a ON a.object = m.old;

  INSERT INTO db.aou
  SELECT (jsonb_populate_record(a, jsonb_build_object('object', m.new))).*
    FROM bench_map m INNER JOIN db.aou a ON a.object = m.old;

  INSERT INTO db.object_text (object, locale, label, text)
  SELECT m.new, t.locale, t.label, t.text
    FROM bench_map m INNER JOIN db.object_text t ON t.object = m.old;

  INSERT INTO db.object_state (object, state, validFromDate, validToDate)
  SELECT m.new, s.state, s.validFromDate, s.validToDate
    FROM bench_map m INNER JOIN db.object_state s ON s.object = m.old;

  INSERT INTO db.document
  SELECT (jsonb_populate_record(d, jsonb_build_object('id', m.new, 'object', m.new))).*
    FROM bench_map m INNER JOIN db.document d ON d.id = m.old;

  INSERT INTO db.document_text (document, locale, description)
  SELECT m.new, t.locale, t.description
    FROM bench_map m INNER JOIN db.document_text t ON t.document = m.old;

  INSERT INTO db.invoice
  SELECT (jsonb_populate_record(i, jsonb_build_object('id', m.new, 'document', m.new))).*
    FROM bench_map m INNER JOIN db.invoice i ON i.id = m.old;

  RETURN pCount;
END;
$$ LANGUAGE plpgsql;
