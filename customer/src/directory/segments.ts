// The segment catalog in PostgreSQL (source of truth for rules; memberships live on the customers'
// aggregates) and the pages a segment run reads from the directory.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError, Conditions, ConfigError, paged, type Keyset, type Page } from '@idp/common';
import { ERROR_CODES } from '@idp/proto';
import type { Rule } from '../domain/segment-rules.js';
import type { CandidateRow, FinishedRun } from '../domain/segment-run.js';

export interface Segment {
  id: string;
  name: string;
  description: string | null;
  rules: Rule;
  evaluationIntervalSeconds: number | null;
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
  lastRun: FinishedRun | null;
}

export interface SegmentInput {
  id?: string;
  name: string;
  description?: string | null;
  rules: Rule;
  evaluationIntervalSeconds?: number | null;
}

export type SegmentPatch = Partial<Omit<SegmentInput, 'id'>>;

const UNIQUE_VIOLATION = '23505';

export const segmentNotFound = () => new AppError('not_found', ERROR_CODES.segmentNotFound, 'No segment with this id.');
const nameTaken = (name: string) =>
  new AppError('conflict', ERROR_CODES.segmentNameTaken, `A segment named "${name}" exists already.`, { errors: [{ pointer: '/name', detail: 'is taken' }] });
const idTaken = (id: string) => new AppError('conflict', ERROR_CODES.segmentExists, `A segment with id "${id}" exists already.`, { errors: [{ pointer: '/id', detail: 'is taken' }] });

interface SegmentRow {
  id: string;
  name: string;
  description: string | null;
  rules: Rule;
  evaluation_interval_seconds: number | null;
  is_default: boolean;
  created_at: Date;
  updated_at: Date;
  last_run: FinishedRun | null;
}

const toSegment = (row: SegmentRow): Segment => ({
  id: row.id,
  name: row.name,
  description: row.description,
  rules: row.rules,
  evaluationIntervalSeconds: row.evaluation_interval_seconds,
  isDefault: row.is_default,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  lastRun: row.last_run,
});

const COLUMNS = 'id, name, description, rules, evaluation_interval_seconds, is_default, created_at, updated_at, last_run';

function mapUnique(error: unknown, input: { id?: string; name?: string }): unknown {
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code !== UNIQUE_VIOLATION) return error;
  return constraint === 'segments_pkey' ? idTaken(input.id ?? '') : nameTaken((input.name ?? '').trim());
}

export class SegmentCatalog {
  constructor(private readonly pool: pg.Pool) {}

  async create(input: SegmentInput, createdBy: string): Promise<Segment> {
    const id = input.id ?? randomUUID();
    try {
      const { rows } = await this.pool.query<SegmentRow>(
        `INSERT INTO segments (id, name, description, rules, evaluation_interval_seconds, created_at, updated_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING ${COLUMNS}`,
        [id, input.name.trim(), input.description ?? null, JSON.stringify(input.rules), input.evaluationIntervalSeconds ?? null, new Date().toISOString(), createdBy],
      );
      return toSegment(rows[0]!);
    } catch (error) {
      throw mapUnique(error, { ...input, id });
    }
  }

  /** A live segment; a deleted one (still releasing its members) reads as absent. */
  async get(id: string): Promise<Segment> {
    const segment = await this.find(id);
    if (!segment) throw segmentNotFound();
    return segment;
  }

  async find(id: string): Promise<Segment | undefined> {
    const { rows } = await this.pool.query<SegmentRow>(`SELECT ${COLUMNS} FROM segments WHERE id = $1 AND deleted_at IS NULL`, [id]);
    return rows[0] ? toSegment(rows[0]) : undefined;
  }

  async update(id: string, patch: SegmentPatch): Promise<Segment> {
    try {
      const { rows } = await this.pool.query<SegmentRow>(
        `UPDATE segments SET name = COALESCE($2, name), description = CASE WHEN $3 THEN $4 ELSE description END, rules = COALESCE($5, rules),
                evaluation_interval_seconds = CASE WHEN $6 THEN $7 ELSE evaluation_interval_seconds END, updated_at = $8
          WHERE id = $1 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
        [id, patch.name?.trim() ?? null, patch.description !== undefined, patch.description ?? null, patch.rules ? JSON.stringify(patch.rules) : null,
          patch.evaluationIntervalSeconds !== undefined, patch.evaluationIntervalSeconds ?? null, new Date().toISOString()],
      );
      if (!rows[0]) throw segmentNotFound();
      return toSegment(rows[0]);
    } catch (error) {
      throw mapUnique(error, { name: patch.name });
    }
  }

  /** Marks the segment deleted: it stops being evaluated at once; its row goes when its members are released. */
  async markDeleted(id: string): Promise<Segment> {
    const segment = await this.get(id);
    if (segment.isDefault) throw new AppError('conflict', ERROR_CODES.segmentProtected, 'A default segment is assigned at registration and cannot be deleted; change its rules instead.');
    await this.pool.query('UPDATE segments SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL', [id, new Date().toISOString()]);
    return segment;
  }

  async purge(id: string): Promise<void> {
    await this.pool.query('DELETE FROM segments WHERE id = $1 AND deleted_at IS NOT NULL', [id]);
  }

  async isDeleted(id: string): Promise<boolean> {
    const { rows } = await this.pool.query('SELECT 1 FROM segments WHERE id = $1 AND deleted_at IS NOT NULL', [id]);
    return rows.length > 0;
  }

  /** Start-up check: a default segment that does not exist would leave every customer pending. */
  async requireLive(ids: readonly string[]): Promise<void> {
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM segments WHERE id = ANY($1) AND deleted_at IS NULL', [ids]);
    const missing = ids.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length) throw new ConfigError([`DEFAULT_SEGMENTS: no segment ${missing.join(', ')} (create it first, or leave it out)`]);
  }

  async recordRun(id: string, run: FinishedRun): Promise<void> {
    await this.pool.query('UPDATE segments SET last_run = $2 WHERE id = $1', [id, JSON.stringify(run)]);
  }

  async list(limit: number, after?: Keyset): Promise<Page<Segment>> {
    const where = new Conditions();
    where.clauses.push('deleted_at IS NULL');
    where.addKeyset(after, 'created_at', 'id');
    const limitParam = where.limit(limit + 1);
    const { rows } = await this.pool.query<SegmentRow>(`SELECT ${COLUMNS} FROM segments ${where.where} ORDER BY created_at DESC, id DESC LIMIT ${limitParam}`, where.values);
    return paged(rows.map(toSegment), limit, (segment) => ({ createdAt: segment.createdAt, id: segment.id }));
  }

  /** Every live segment's id and schedule (start-up: make sure each has its reminder). */
  async schedules(): Promise<{ id: string; evaluationIntervalSeconds: number | null }[]> {
    const { rows } = await this.pool.query<{ id: string; evaluation_interval_seconds: number | null }>('SELECT id, evaluation_interval_seconds FROM segments WHERE deleted_at IS NULL');
    return rows.map((r) => ({ id: r.id, evaluationIntervalSeconds: r.evaluation_interval_seconds }));
  }

  /** Segments deleted whose members are still being released (start-up: resume their teardown). */
  async deletedIds(): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM segments WHERE deleted_at IS NOT NULL');
    return rows.map((r) => r.id);
  }

  async memberCount(id: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM customers WHERE segment_ids @> ARRAY[$1]::text[] AND status <> 'deleted'`, [id]);
    return Number(rows[0]?.n ?? 0);
  }
}

interface CandidateRecord {
  id: string;
  created_at: Date;
  customer_type: string;
  status: string;
  email_domain: string;
  email_verified: boolean;
  phone_verified: boolean;
  marketing_email_opt_in: boolean;
  group_ids: string[];
  default_shipping_country: string | null;
  last_order_at: Date | null;
  order_count: number;
  total_spent_minor: Record<string, number>;
  segment_ids: string[];
}

/** One page of a run, oldest first, over live customers registered up to the snapshot time. A
 * teardown reads only the segment's members. */
export async function candidatePage(pool: pg.Pool, input: { segmentId: string; membersOnly: boolean; snapshotAt: string; after: Keyset | null; limit: number }): Promise<CandidateRow[]> {
  const values: unknown[] = [input.snapshotAt, input.limit];
  const conditions = [`status <> 'deleted'`, 'created_at <= $1::timestamptz'];
  if (input.membersOnly) {
    values.push(input.segmentId);
    conditions.push(`segment_ids @> ARRAY[$${values.length}]::text[]`);
  }
  if (input.after) {
    values.push(input.after.createdAt, input.after.id);
    conditions.push(`(created_at, id) > ($${values.length - 1}::timestamptz, $${values.length})`);
  }
  const { rows } = await pool.query<CandidateRecord>(
    `SELECT id, created_at, customer_type, status, email_domain, email_verified, phone_verified, marketing_email_opt_in, group_ids,
            default_shipping_country, last_order_at, order_count, total_spent_minor, segment_ids
       FROM customers WHERE ${conditions.join(' AND ')} ORDER BY created_at, id LIMIT $2`,
    values,
  );
  return rows.map((r) => {
    const createdAt = r.created_at.toISOString();
    return {
      id: r.id,
      createdAt,
      segmentIds: r.segment_ids,
      facts: {
        customerType: r.customer_type,
        status: r.status,
        emailDomain: r.email_domain,
        emailVerified: r.email_verified,
        phoneVerified: r.phone_verified,
        marketingEmailOptIn: r.marketing_email_opt_in,
        groupIds: r.group_ids,
        defaultShippingCountry: r.default_shipping_country,
        createdAt,
        lastOrderAt: r.last_order_at?.toISOString() ?? null,
        orderCount: r.order_count,
        totalSpentMinor: r.total_spent_minor,
      },
    };
  });
}
