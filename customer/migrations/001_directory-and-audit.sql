-- The customer directory (a read model of the customer aggregates, for listing, search and segment
-- evaluation) and the audit log. Both are fed by the app's own events; Dapr's state tables stay in
-- the public schema and are never read from here.

-- Up Migration
CREATE TABLE customers (
  id text PRIMARY KEY,
  -- The aggregate version this row reflects: a row is only ever replaced by a newer version.
  version integer NOT NULL,
  email text NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  phone text,
  customer_type text NOT NULL,
  status text NOT NULL,
  email_verified boolean NOT NULL,
  phone_verified boolean NOT NULL,
  marketing_email_opt_in boolean NOT NULL,
  marketing_sms_opt_in boolean NOT NULL,
  language text,
  group_ids text[] NOT NULL DEFAULT '{}',
  address_count integer NOT NULL DEFAULT 0,
  default_shipping_country text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  deleted_at timestamptz,
  projected_at timestamptz NOT NULL DEFAULT now()
);
-- Keyset pagination: newest first, id breaking ties.
CREATE INDEX customers_created_keyset ON customers (created_at DESC, id DESC);
CREATE INDEX customers_status_keyset ON customers (status, created_at DESC, id DESC);
CREATE INDEX customers_email_prefix ON customers (email text_pattern_ops);
CREATE INDEX customers_last_name_prefix ON customers (lower(last_name) text_pattern_ops);
CREATE INDEX customers_group_ids ON customers USING gin (group_ids);

-- One row per event: the CloudEvent id makes a redelivered event a no-op.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  event_id text NOT NULL UNIQUE,
  customer_id text NOT NULL,
  action text NOT NULL,
  performed_by_kind text NOT NULL,
  performed_by_id text,
  occurred_at timestamptz NOT NULL,
  -- [{field, before, after}], personal data masked.
  changes jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_customer_keyset ON audit_log (customer_id, occurred_at DESC, id DESC);
CREATE INDEX audit_log_occurred ON audit_log (occurred_at);

-- Down Migration
DROP TABLE audit_log;
DROP TABLE customers;
