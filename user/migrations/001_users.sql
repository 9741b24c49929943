-- The staff directory: a read model of the user aggregates for listing and search, fed by the app's
-- own events. Dapr's state tables stay in the public schema and are never read from here.

-- Up Migration
CREATE TABLE users (
  id text PRIMARY KEY,
  -- The aggregate version this row reflects: a row is only ever replaced by a newer version.
  version integer NOT NULL,
  email text NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  user_type text NOT NULL,
  roles text[] NOT NULL,
  permissions text[] NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  deleted_at timestamptz,
  projected_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_created_keyset ON users (created_at DESC, id DESC);
CREATE INDEX users_email_prefix ON users (email text_pattern_ops);
CREATE INDEX users_last_name_prefix ON users (lower(last_name) text_pattern_ops);
CREATE INDEX users_roles ON users USING gin (roles);

-- Down Migration
DROP TABLE users;
