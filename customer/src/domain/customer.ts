// The customer aggregate: one document per customer holding customer, profile and preferences, so a
// single state upsert changes all three atomically and the outbox emits exactly one event for it.
import {
  DEFAULT_CUSTOMER_TYPE,
  type Address,
  type CustomerCreatedEvent,
  type CustomerStatus,
  type CustomerType,
} from '@idp/proto';
import type { PasswordReset } from '@idp/common';
import type { ErasurePlan } from './erasure.js';
import type { OrderStats } from './order-stats.js';
import { pendingDefaults, type SegmentMembership } from './segments.js';
import type { PendingVerification } from './verification.js';

export interface CustomerRecord {
  id: string;
  email: string;
  status: CustomerStatus;
  customerType: CustomerType;
  emailVerified: boolean;
  phoneVerified: boolean;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  /** Kept by soft delete so support can tell what the account was before. */
  statusBeforeDeletion?: CustomerStatus;
  /** Set when GDPR erasure removed the personal data. */
  erasedAt?: string;
}

export interface CustomerProfile {
  firstName: string;
  lastName: string;
  phone: string | null;
  deletedAt: string | null;
}

export interface CustomerPreferences {
  marketingEmailOptIn: boolean;
  marketingSmsOptIn: boolean;
  language: string | null;
  updatedAt: string;
  deletedAt: string | null;
}

export interface CustomerAggregate {
  /** Incremented on every write; lets readers order snapshots. */
  version: number;
  customer: CustomerRecord;
  profile: CustomerProfile;
  preferences: CustomerPreferences;
  credentials: { passwordHash: string; passwordChangedAt: string };
  /** A reset token staff issued and nobody used yet (its hash only). */
  passwordReset?: PasswordReset;
  /** Pending verification codes, one per channel (hashes only). */
  verification?: Partial<Record<'email' | 'phone', PendingVerification>>;
  /** The address book (absent on documents written before addresses existed). */
  addresses?: Address[];
  /** Customer groups the customer belongs to (absent before groups existed). */
  groupIds?: string[];
  /** A scheduled GDPR erasure (status pending_deletion until it runs or is cancelled). */
  erasure?: ErasurePlan;
  /** Order statistics (absent until the first order event or reconcile). */
  stats?: OrderStats;
  /** Segment memberships (absent before segments existed: no segments, nothing pending). */
  segments?: SegmentMembership;
}

export interface NewCustomer {
  id: string;
  email: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  customerType?: CustomerType;
}

/** What any caller may see: no credentials, ever. */
export interface CustomerView {
  id: string;
  email: string;
  status: CustomerStatus;
  customerType: CustomerType;
  firstName: string;
  lastName: string;
  phone: string | null;
  emailVerified: boolean;
  phoneVerified: boolean;
  preferences: { marketingEmailOptIn: boolean; marketingSmsOptIn: boolean; language: string | null };
  groupIds: string[];
  createdAt: string;
  updatedAt: string;
}

export const customerKey = (id: string): string => `customer:${id}`;
/** The companion key that carries a registration's customer.segment.assigned (common/outbox.ts). */
export const registrationSegmentsKey = (id: string): string => `registration-segments:${id}`;

/** `defaultSegments`: assigned right after (a separate write); until then the customer is pending. */
export function newCustomerAggregate(input: NewCustomer, now: Date, defaultSegments: readonly string[] = []): CustomerAggregate {
  const at = now.toISOString();
  return {
    version: 1,
    customer: {
      id: input.id,
      email: input.email,
      status: 'active',
      customerType: input.customerType ?? DEFAULT_CUSTOMER_TYPE,
      emailVerified: false,
      phoneVerified: false,
      createdAt: at,
      updatedAt: at,
      deletedAt: null,
    },
    profile: { firstName: input.firstName, lastName: input.lastName, phone: input.phone, deletedAt: null },
    preferences: { marketingEmailOptIn: false, marketingSmsOptIn: false, language: null, updatedAt: at, deletedAt: null },
    credentials: { passwordHash: input.passwordHash, passwordChangedAt: at },
    segments: pendingDefaults(defaultSegments),
  };
}

export function toView(aggregate: CustomerAggregate): CustomerView {
  const { customer, profile, preferences } = aggregate;
  return {
    id: customer.id,
    email: customer.email,
    status: customer.status,
    customerType: customer.customerType,
    firstName: profile.firstName,
    lastName: profile.lastName,
    phone: profile.phone,
    emailVerified: customer.emailVerified,
    phoneVerified: customer.phoneVerified,
    preferences: {
      marketingEmailOptIn: preferences.marketingEmailOptIn,
      marketingSmsOptIn: preferences.marketingSmsOptIn,
      language: preferences.language,
    },
    groupIds: aggregate.groupIds ?? [],
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
  };
}

export function customerCreatedEvent(aggregate: CustomerAggregate, now: Date): CustomerCreatedEvent {
  const { customer, profile } = aggregate;
  return {
    customerId: customer.id,
    email: customer.email,
    firstName: profile.firstName,
    lastName: profile.lastName,
    phone: profile.phone,
    customerType: customer.customerType,
    status: customer.status,
    createdAt: customer.createdAt,
    segmentsPending: aggregate.segments?.pending ?? false,
    occurredAt: now.toISOString(),
  };
}

/** The value a customer holds in a uniqueness index; a deleted customer holds none. */
export function indexedValue(aggregate: CustomerAggregate, kind: 'email' | 'phone'): string | null {
  if (aggregate.customer.status === 'deleted') return null;
  return kind === 'email' ? aggregate.customer.email : aggregate.profile.phone;
}
