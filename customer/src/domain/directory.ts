// The customer directory read model: the row kept per customer and the list filters. Pure: the
// projection and the queries do the I/O.
import type { CustomerStatus, CustomerType } from '@idp/proto';
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
  };
}

export interface ListFilters {
  status?: CustomerStatus[];
  customerType?: CustomerType[];
  emailVerified?: boolean;
  phoneVerified?: boolean;
  marketingEmailOptIn?: boolean;
  groupId?: string;
  createdFrom?: string;
  createdTo?: string;
  /** Prefix of the email or of the last name, case-insensitive. */
  q?: string;
  limit: number;
  cursor?: string;
}

/** How the list's query string is parsed before validation (common's normalizeQuery). */
export const LIST_QUERY_SHAPE = { lists: ['status', 'customerType'], booleans: ['emailVerified', 'phoneVerified', 'marketingEmailOptIn'] } as const;
