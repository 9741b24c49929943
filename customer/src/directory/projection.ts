// Feeds the directory and the audit log from this app's own events (declarative subscription on
// customer-events). The audit row is keyed by CloudEvent id, so a redelivered event changes nothing;
// the directory row is rebuilt from the aggregate as stored now (a new customer's from its
// customer.created alone) and only ever replaced by a newer version, so events arriving late or out
// of order can never roll it back.
import type pg from 'pg';
import type { EventOutcome } from '@idp/common';
import { CUSTOMER_EVENTS, type CloudEvent, type CustomerCreatedEvent, type CustomerDeletedEvent } from '@idp/proto';
import { auditEntryFor, PROJECTED_ONLY_EVENTS, scrubbedChanges, type AuditChange } from '../domain/audit.js';
import { directoryRow, directoryRowFromCreated, type DirectoryRow } from '../domain/directory.js';
import type { CustomerReader } from '../reads.js';

/** The directory upsert with its 25 parameters numbered from `first`. */
const UPSERT_ROW = (first: number): string => `
  INSERT INTO customers (id, version, email, first_name, last_name, phone, customer_type, status, email_verified, phone_verified,
    marketing_email_opt_in, marketing_sms_opt_in, language, group_ids, address_count, default_shipping_country, created_at, updated_at, deleted_at,
    order_count, total_spent_minor, first_order_at, last_order_at, segment_ids, segments_pending, projected_at)
  VALUES (${Array.from({ length: 25 }, (_, i) => `$${first + i}`).join(', ')}, now())
  ON CONFLICT (id) DO UPDATE SET
    version = EXCLUDED.version, email = EXCLUDED.email, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
    phone = EXCLUDED.phone, customer_type = EXCLUDED.customer_type, status = EXCLUDED.status,
    email_verified = EXCLUDED.email_verified, phone_verified = EXCLUDED.phone_verified,
    marketing_email_opt_in = EXCLUDED.marketing_email_opt_in, marketing_sms_opt_in = EXCLUDED.marketing_sms_opt_in,
    language = EXCLUDED.language, group_ids = EXCLUDED.group_ids, address_count = EXCLUDED.address_count,
    default_shipping_country = EXCLUDED.default_shipping_country, created_at = EXCLUDED.created_at,
    updated_at = EXCLUDED.updated_at, deleted_at = EXCLUDED.deleted_at, order_count = EXCLUDED.order_count,
    total_spent_minor = EXCLUDED.total_spent_minor, first_order_at = EXCLUDED.first_order_at, last_order_at = EXCLUDED.last_order_at,
    segment_ids = EXCLUDED.segment_ids, segments_pending = EXCLUDED.segments_pending, projected_at = now()
  WHERE customers.version < EXCLUDED.version`;

const rowValues = (row: DirectoryRow): unknown[] => [
  row.id, row.version, row.email, row.firstName, row.lastName, row.phone, row.customerType, row.status, row.emailVerified, row.phoneVerified,
  row.marketingEmailOptIn, row.marketingSmsOptIn, row.language, row.groupIds, row.addressCount, row.defaultShippingCountry, row.createdAt, row.updatedAt, row.deletedAt,
  row.orderCount, JSON.stringify(row.totalSpentMinor), row.firstOrderAt, row.lastOrderAt, row.segmentIds, row.segmentsPending,
];

export class DirectoryProjection {
  constructor(
    private readonly pool: pg.Pool,
    private readonly reader: CustomerReader,
  ) {}

  async handle(event: CloudEvent): Promise<EventOutcome> {
    if (PROJECTED_ONLY_EVENTS.includes(event.type)) return this.reproject((event.data as { customerId: string }).customerId);
    const entry = auditEntryFor(event.type, event.data as Parameters<typeof auditEntryFor>[1]);
    if (!entry) return 'ignored';
    const row = event.type === CUSTOMER_EVENTS.created ? directoryRowFromCreated(event.data as CustomerCreatedEvent) : await this.currentRow(entry.customerId);
    const auditValues = [event.id, entry.customerId, entry.action, entry.performedBy.kind, entry.performedBy.id, entry.occurredAt, JSON.stringify(entry.changes)];
    // One statement, so one round trip and atomic: the audit row (a no-op when this CloudEvent id
    // was seen) and the directory row rebuilt from the aggregate as stored now.
    const audit = `INSERT INTO audit_log (event_id, customer_id, action, performed_by_kind, performed_by_id, occurred_at, changes)
                   VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING RETURNING 1`;
    const { rows } = row
      ? await this.pool.query<{ audited: string }>(`WITH audited AS (${audit}), projected AS (${UPSERT_ROW(8)}) SELECT count(*) AS audited FROM audited`, [...auditValues, ...rowValues(row)])
      : await this.pool.query<{ audited: string }>(`WITH audited AS (${audit}) SELECT count(*) AS audited FROM audited`, auditValues);
    if (event.type === CUSTOMER_EVENTS.deleted && (event.data as CustomerDeletedEvent).reason === 'erasure') await this.scrubAudit(entry.customerId);
    return Number(rows[0]?.audited) ? 'processed' : 'duplicate';
  }

  /** The row rebuilt from the aggregate as stored now; a redelivery rewrites nothing (same version). */
  private async reproject(customerId: string): Promise<EventOutcome> {
    const row = await this.currentRow(customerId);
    if (!row) return 'ignored';
    const result = await this.pool.query(UPSERT_ROW(1), rowValues(row));
    return result.rowCount ? 'processed' : 'duplicate';
  }

  /** Idempotent: scrubbing scrubbed entries changes nothing. */
  private async scrubAudit(customerId: string): Promise<void> {
    const { rows } = await this.pool.query<{ id: string; changes: AuditChange[] }>('SELECT id, changes FROM audit_log WHERE customer_id = $1', [customerId]);
    for (const row of rows) {
      await this.pool.query('UPDATE audit_log SET changes = $2 WHERE id = $1', [row.id, JSON.stringify(scrubbedChanges(row.changes))]);
    }
  }

  private async currentRow(customerId: string): Promise<DirectoryRow | undefined> {
    const aggregate = await this.reader.any(customerId);
    return aggregate ? directoryRow(aggregate) : undefined;
  }
}
