// The customer directory read model: the row kept per customer, the list filters, and the opaque
// keyset cursor. Pure: the projection and the queries do the I/O.
import type { CustomerStatus, CustomerType, FieldError } from '@idp/proto';
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

export const DEFAULT_PAGE_SIZE = 20;

const LIST_FIELDS = ['status', 'customerType'] as const;
const BOOLEAN_FIELDS = ['emailVerified', 'phoneVerified', 'marketingEmailOptIn'] as const;

/** Query strings arrive as text: lists split on commas, booleans and the limit parsed, so the
 * request schema can check types. Anything unparseable is left as is for the schema to reject. */
export function normalizeListQuery(query: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...query };
  for (const field of LIST_FIELDS) {
    if (typeof out[field] === 'string') out[field] = (out[field] as string).split(',').map((v) => v.trim().toLowerCase()).filter(Boolean);
  }
  for (const field of BOOLEAN_FIELDS) {
    if (out[field] === 'true' || out[field] === 'false') out[field] = out[field] === 'true';
  }
  if (typeof out.limit === 'string' && /^\d{1,4}$/.test(out.limit)) out.limit = Number(out.limit);
  return out;
}

/** Position after the last row of a page: newest first, id breaking ties. */
export interface Keyset {
  createdAt: string;
  id: string;
}

export const encodeCursor = (keyset: Keyset): string => Buffer.from(JSON.stringify([keyset.createdAt, keyset.id])).toString('base64url');

export function decodeCursor(cursor: string): Keyset | FieldError {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt)) && typeof id === 'string') return { createdAt, id };
  } catch {
    // fall through: not one of ours
  }
  return { pointer: '/cursor', detail: 'is not a cursor this API returned' };
}

export const isKeyset = (value: Keyset | FieldError): value is Keyset => 'createdAt' in value;
