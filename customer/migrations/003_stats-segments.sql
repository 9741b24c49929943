-- Order statistics and segment memberships in the directory (both projected from the customer's own
-- events), the segment catalog, and the email domain as a segment field.

-- Up Migration
ALTER TABLE customers
  ADD COLUMN order_count integer NOT NULL DEFAULT 0,
  ADD COLUMN total_spent_minor jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN first_order_at timestamptz,
  ADD COLUMN last_order_at timestamptz,
  ADD COLUMN segment_ids text[] NOT NULL DEFAULT '{}',
  -- Registered, but the default segments are not assigned yet: the next evaluation assigns them.
  ADD COLUMN segments_pending boolean NOT NULL DEFAULT false,
  ADD COLUMN email_domain text GENERATED ALWAYS AS (lower(split_part(email, '@', 2))) STORED;
CREATE INDEX customers_segment_ids ON customers USING gin (segment_ids);
-- Segment runs page oldest first over live customers.
CREATE INDEX customers_live_created ON customers (created_at, id) WHERE status <> 'deleted';

-- The segment catalog: the source of truth for a segment's rules (memberships live on the
-- customers' aggregates, with their events). A deleted segment keeps its row (deleted_at) until its
-- members have been released.
CREATE TABLE segments (
  id text PRIMARY KEY,
  name text NOT NULL,
  description text,
  rules jsonb NOT NULL,
  -- Seconds between scheduled evaluations; null: the app's SEGMENT_EVALUATION_INTERVAL_SECONDS.
  evaluation_interval_seconds integer,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  created_by text NOT NULL,
  deleted_at timestamptz,
  -- The last finished run: {runId, trigger, startedAt, finishedAt, outcome, evaluated, assigned, removed, failed}.
  last_run jsonb
);
CREATE UNIQUE INDEX segments_name ON segments (lower(name)) WHERE deleted_at IS NULL;
CREATE INDEX segments_keyset ON segments (created_at DESC, id DESC);

INSERT INTO segments (id, name, description, rules, is_default, created_at, updated_at, created_by) VALUES
  ('all-customers', 'All customers', 'Every customer who has not been deleted. Assigned at registration.',
   '{"all":[{"field":"status","op":"neq","value":"deleted"}]}', true, now(), now(), 'system'),
  ('new-customers', 'New customers', 'Customers who registered in the last 30 days. Assigned at registration; left after 30 days.',
   '{"all":[{"field":"createdAt","op":"within_days","value":30}]}', true, now(), now(), 'system');

-- Down Migration
DROP TABLE segments;
DROP INDEX customers_live_created;
DROP INDEX customers_segment_ids;
ALTER TABLE customers DROP COLUMN email_domain, DROP COLUMN segments_pending, DROP COLUMN segment_ids, DROP COLUMN last_order_at,
  DROP COLUMN first_order_at, DROP COLUMN total_spent_minor, DROP COLUMN order_count;
