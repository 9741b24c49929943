// The customer-group catalog in PostgreSQL (the table is its source of truth; see migrations).
// Timestamps are written by the app at millisecond precision, so keyset cursors compare exactly.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError, Conditions, paged, type Keyset, type Page } from '@idp/common';
import { ERROR_CODES } from '@idp/proto';


export interface CustomerGroup {
  id: string;
  name: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

const UNIQUE_VIOLATION = '23505';

export const groupNotFound = () => new AppError('not_found', ERROR_CODES.groupNotFound, 'No customer group with this id.');
const nameTaken = (name: string) =>
  new AppError('conflict', ERROR_CODES.groupNameTaken, `A customer group named "${name}" exists already.`, { errors: [{ pointer: '/name', detail: 'is taken' }] });

const toGroup = (row: { id: string; name: string; description: string | null; created_at: Date; updated_at: Date }): CustomerGroup => ({
  id: row.id,
  name: row.name,
  description: row.description,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const COLUMNS = 'id, name, description, created_at, updated_at';

export class CustomerGroups {
  constructor(private readonly pool: pg.Pool) {}

  async create(input: { name: string; description?: string | null }, createdBy: string): Promise<CustomerGroup> {
    try {
      const { rows } = await this.pool.query(
        `INSERT INTO customer_groups (id, name, description, created_at, updated_at, created_by) VALUES ($1, $2, $3, $5, $5, $4) RETURNING ${COLUMNS}`,
        [randomUUID(), input.name.trim(), input.description ?? null, createdBy, new Date().toISOString()],
      );
      return toGroup(rows[0]);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw nameTaken(input.name.trim());
      throw error;
    }
  }

  async get(id: string): Promise<CustomerGroup> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM customer_groups WHERE id = $1`, [id]);
    if (!rows[0]) throw groupNotFound();
    return toGroup(rows[0]);
  }

  async update(id: string, patch: { name?: string; description?: string | null }): Promise<CustomerGroup> {
    try {
      const { rows } = await this.pool.query(
        `UPDATE customer_groups SET name = COALESCE($2, name), description = CASE WHEN $3 THEN $4 ELSE description END, updated_at = $5
          WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, patch.name?.trim() ?? null, patch.description !== undefined, patch.description ?? null, new Date().toISOString()],
      );
      if (!rows[0]) throw groupNotFound();
      return toGroup(rows[0]);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw nameTaken(patch.name!.trim());
      throw error;
    }
  }

  /** Only an empty group goes: its members must be unassigned first, each with its event. */
  async remove(id: string): Promise<void> {
    const { rows } = await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM customers WHERE group_ids @> ARRAY[$1]::text[] AND status <> 'deleted'`, [id]);
    const members = Number(rows[0]?.n ?? 0);
    if (members > 0) {
      throw new AppError('conflict', ERROR_CODES.groupNotEmpty, `The group still has ${members} member(s); unassign them first.`, { extensions: { members } });
    }
    const deleted = await this.pool.query('DELETE FROM customer_groups WHERE id = $1', [id]);
    if (!deleted.rowCount) throw groupNotFound();
  }

  async list(limit: number, after?: Keyset): Promise<Page<CustomerGroup>> {
    const where = new Conditions();
    where.addKeyset(after, 'created_at', 'id');
    const limitParam = where.limit(limit + 1);
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM customer_groups ${where.where} ORDER BY created_at DESC, id DESC LIMIT ${limitParam}`, where.values);
    return paged(rows.map(toGroup), limit, (group) => ({ createdAt: group.createdAt, id: group.id }));
  }
}
