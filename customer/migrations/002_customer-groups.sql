-- The customer-group catalog. Unlike the directory, this table is the source of truth: a group is a
-- name and a description that admins manage; memberships live on each customer's aggregate (with
-- their events) and reach the directory's group_ids through the projection.

-- Up Migration
CREATE TABLE customer_groups (
  id text PRIMARY KEY,
  name text NOT NULL,
  description text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  created_by text NOT NULL
);
CREATE UNIQUE INDEX customer_groups_name ON customer_groups (lower(name));
CREATE INDEX customer_groups_keyset ON customer_groups (created_at DESC, id DESC);

-- Down Migration
DROP TABLE customer_groups;
