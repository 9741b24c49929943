// The customer directory read model: the row kept per customer and the list filters. Pure: the
// projection and the queries do the I/O.
import type { CustomerCreatedEvent, CustomerStatus, CustomerType } from '@idp/proto';
import type { CustomerAggregate } from './customer.js';

export interface DirectoryRow {
  id: string;
  version: number;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  customerType: CustomerType;
  status: CustomerStatus;
  emailVerified: boolean;
  phoneVerified: boolean;
  marketingEmailOptIn: boolean;
  marketingSmsOptIn: boolean;
  language: string | null;
  groupIds: string[];
  addressCount: number;
  defaultShippingCountry: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  orderCount: number;
  totalSpentMinor: Record<string, number>;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  segmentIds: string[];
  segmentsPending: boolean;
}

export function directoryRow(aggregate: CustomerAggregate): DirectoryRow {
  const { customer, profile, preferences } = aggregate;
  const addresses = aggregate.addresses ?? [];
  return {
    id: customer.id,
    version: aggregate.version,
    email: customer.email,
    firstName: profile.firstName,
    lastName: profile.lastName,
    phone: profile.phone,
    customerType: customer.customerType,
    status: customer.status,
    emailVerified: customer.emailVerified,
    phoneVerified: customer.phoneVerified,
    marketingEmailOptIn: preferences.marketingEmailOptIn,
    marketingSmsOptIn: preferences.marketingSmsOptIn,
    language: preferences.language,
    groupIds: [...(aggregate.groupIds ?? [])].sort(),
    addressCount: addresses.length,
    defaultShippingCountry: addresses.find((a) => a.isDefaultShipping)?.countryCode ?? null,
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
    deletedAt: customer.deletedAt,
    orderCount: aggregate.stats?.orderCount ?? 0,
    totalSpentMinor: aggregate.stats?.totalSpentMinor ?? {},
    firstOrderAt: aggregate.stats?.firstOrderAt ?? null,
    lastOrderAt: aggregate.stats?.lastOrderAt ?? null,
    segmentIds: [...(aggregate.segments?.ids ?? [])].sort(),
    segmentsPending: aggregate.segments?.pending ?? false,
  };
}

/** A new customer's row from customer.created alone (version 1): registration-heavy loads then need
 * no state read per event. Equal to directoryRow of the new aggregate (unit-tested). */
export function directoryRowFromCreated(event: CustomerCreatedEvent): DirectoryRow {
  return {
    id: event.customerId,
    version: 1,
    email: event.email,
    firstName: event.firstName,
    lastName: event.lastName,
    phone: event.phone,
    customerType: event.customerType,
    status: event.status,
    emailVerified: false,
    phoneVerified: false,
    marketingEmailOptIn: false,
    marketingSmsOptIn: false,
    language: null,
    groupIds: [],
    addressCount: 0,
    defaultShippingCountry: null,
    createdAt: event.createdAt,
    updatedAt: event.createdAt,
    deletedAt: null,
    orderCount: 0,
    totalSpentMinor: {},
    firstOrderAt: null,
    lastOrderAt: null,
    segmentIds: [],
    segmentsPending: event.segmentsPending ?? false,
  };
}

export interface ListFilters {
  status?: CustomerStatus[];
  customerType?: CustomerType[];
  emailVerified?: boolean;
  phoneVerified?: boolean;
  marketingEmailOptIn?: boolean;
  groupId?: string;
  /** Members of a segment (GET /v1/segments/{id}/customers). */
  segmentId?: string;
  createdFrom?: string;
  createdTo?: string;
  /** Prefix of the email or of the last name, case-insensitive. */
  q?: string;
  limit: number;
  cursor?: string;
}

/** How the list's query string is parsed before validation (common's normalizeQuery). */
export const LIST_QUERY_SHAPE = { lists: ['status', 'customerType'], booleans: ['emailVerified', 'phoneVerified', 'marketingEmailOptIn'] } as const;
