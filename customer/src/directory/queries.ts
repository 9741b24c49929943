// Reads of the directory and the audit log: filtered, newest first, keyset-paginated (no OFFSET, so
// a page costs the same at the millionth customer as at the first).
import type pg from 'pg';
import type { PerformedBy } from '@idp/proto';
import type { AuditChange } from '../domain/audit.js';
import { Conditions, escapeLike, paged, type Keyset, type Page } from '@idp/common';
import type { ListFilters } from '../domain/directory.js';

export interface CustomerSummary {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  customerType: string;
  status: string;
  emailVerified: boolean;
  phoneVerified: boolean;
  marketingEmailOptIn: boolean;
  groupIds: string[];
  segmentIds: string[];
  addressCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface AuditRecord {
  id: string;
  action: string;
  performedBy: PerformedBy;
  occurredAt: string;
  changes: AuditChange[];
}

const iso = (value: Date | string): string => (value instanceof Date ? value.toISOString() : new Date(value).toISOString());

export class DirectoryQueries {
  constructor(private readonly pool: pg.Pool) {}

  async listCustomers(filters: ListFilters, after?: Keyset): Promise<Page<CustomerSummary>> {
    const where = new Conditions();
    // Deleted customers are listed only when asked for by status.
    if (filters.status) where.add((p) => `status = ANY(${p})`, filters.status);
    else where.add((p) => `status <> ${p}`, 'deleted');
    if (filters.customerType) where.add((p) => `customer_type = ANY(${p})`, filters.customerType);
    if (filters.emailVerified !== undefined) where.add((p) => `email_verified = ${p}`, filters.emailVerified);
    if (filters.phoneVerified !== undefined) where.add((p) => `phone_verified = ${p}`, filters.phoneVerified);
    if (filters.marketingEmailOptIn !== undefined) where.add((p) => `marketing_email_opt_in = ${p}`, filters.marketingEmailOptIn);
    if (filters.groupId) where.add((p) => `group_ids @> ARRAY[${p}]::text[]`, filters.groupId);
    if (filters.segmentId) where.add((p) => `segment_ids @> ARRAY[${p}]::text[]`, filters.segmentId);
    if (filters.createdFrom) where.add((p) => `created_at >= ${p}::timestamptz`, filters.createdFrom);
    if (filters.createdTo) where.add((p) => `created_at < ${p}::timestamptz`, filters.createdTo);
    if (filters.q) where.add((p) => `(email LIKE ${p} OR lower(last_name) LIKE ${p})`, `${escapeLike(filters.q.toLowerCase())}%`);
    where.addKeyset(after, 'created_at', 'id');
    const limit = where.limit(filters.limit + 1);
    const { rows } = await this.pool.query(
      `SELECT id, email, first_name, last_name, phone, customer_type, status, email_verified, phone_verified, marketing_email_opt_in,
              group_ids, segment_ids, address_count, created_at, updated_at
         FROM customers ${where.where} ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
      where.values,
    );
    const summaries: CustomerSummary[] = rows.map((r) => ({
      id: r.id,
      email: r.email,
      firstName: r.first_name,
      lastName: r.last_name,
      phone: r.phone,
      customerType: r.customer_type,
      status: r.status,
      emailVerified: r.email_verified,
      phoneVerified: r.phone_verified,
      marketingEmailOptIn: r.marketing_email_opt_in,
      groupIds: r.group_ids,
      segmentIds: r.segment_ids,
      addressCount: r.address_count,
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
    }));
    return paged(summaries, filters.limit, (s) => ({ createdAt: s.createdAt, id: s.id }));
  }

  async auditOf(customerId: string, limit: number, after?: Keyset): Promise<Page<AuditRecord>> {
    const where = new Conditions();
    where.add((p) => `customer_id = ${p}`, customerId);
    where.addKeyset(after, 'occurred_at', 'id', 'bigint');
    const limitParam = where.limit(limit + 1);
    const { rows } = await this.pool.query(
      `SELECT id, action, performed_by_kind, performed_by_id, occurred_at, changes
         FROM audit_log ${where.where} ORDER BY occurred_at DESC, id DESC LIMIT ${limitParam}`,
      where.values,
    );
    const records: AuditRecord[] = rows.map((r) => ({
      id: String(r.id),
      action: r.action,
      performedBy: { kind: r.performed_by_kind, id: r.performed_by_id },
      occurredAt: iso(r.occurred_at),
      changes: r.changes,
    }));
    return paged(records, limit, (r) => ({ createdAt: r.occurredAt, id: r.id }));
  }
}
