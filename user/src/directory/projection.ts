// Feeds the staff directory from this app's own events (declarative subscription on user-events).
// The row is rebuilt from the aggregate as stored now and only replaced by a newer version, so
// redelivered, late or reordered events can never roll it back.
import type pg from 'pg';
import type { EventOutcome } from '@idp/common';
import type { CloudEvent } from '@idp/proto';
import { permissionsFor } from '../domain/roles.js';
import type { UserReader } from '../reads.js';

export class UserDirectoryProjection {
  constructor(
    private readonly pool: pg.Pool,
    private readonly reader: UserReader,
  ) {}

  async handle(event: CloudEvent): Promise<EventOutcome> {
    const userId = (event.data as { userId?: unknown }).userId;
    if (typeof userId !== 'string') return 'ignored';
    const aggregate = await this.reader.any(userId);
    if (!aggregate) return 'ignored';
    const { user } = aggregate;
    const result = await this.pool.query(
      `INSERT INTO users (id, version, email, first_name, last_name, user_type, roles, permissions, status, created_at, updated_at, deleted_at, projected_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now())
       ON CONFLICT (id) DO UPDATE SET
         version = EXCLUDED.version, email = EXCLUDED.email, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
         user_type = EXCLUDED.user_type, roles = EXCLUDED.roles, permissions = EXCLUDED.permissions, status = EXCLUDED.status,
         updated_at = EXCLUDED.updated_at, deleted_at = EXCLUDED.deleted_at, projected_at = now()
       WHERE users.version < EXCLUDED.version`,
      [user.id, aggregate.version, user.email, user.firstName, user.lastName, user.userType, user.roles, permissionsFor(user.roles), user.status, user.createdAt, user.updatedAt, user.deletedAt],
    );
    return result.rowCount ? 'processed' : 'duplicate';
  }
}
