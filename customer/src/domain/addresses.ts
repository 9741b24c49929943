// A customer's address book: a capped list with at most one default shipping and one default
// billing address. Pure: the actor supplies ids and time and writes the result with its event.
import type {
  Address,
  AddressField,
  CustomerAddressCreatedEvent,
  CustomerAddressDeletedEvent,
  CustomerAddressUpdatedEvent,
  PerformedBy,
} from '@idp/proto';
import type { CustomerAggregate } from './customer.js';

/** What a client sends: the stored address without id and timestamps; optional fields may be absent. */
export type AddressInput = Partial<Omit<Address, 'id' | 'createdAt' | 'updatedAt'>>;

export const ADDRESS_FIELDS: readonly AddressField[] = [
  'label', 'firstName', 'lastName', 'company', 'line1', 'line2', 'city', 'region', 'postalCode', 'countryCode', 'phone', 'isDefaultShipping', 'isDefaultBilling',
];

export type AddressDecision<T> = { kind: 'ok'; next: CustomerAggregate; event: T; address?: Address } | { kind: 'not_found' } | { kind: 'limit_reached'; limit: number } | { kind: 'unchanged'; address: Address };

export const addressesOf = (aggregate: CustomerAggregate): Address[] => aggregate.addresses ?? [];

export function defaultsOf(addresses: Address[]): { defaultShippingAddressId: string | null; defaultBillingAddressId: string | null } {
  return {
    defaultShippingAddressId: addresses.find((a) => a.isDefaultShipping)?.id ?? null,
    defaultBillingAddressId: addresses.find((a) => a.isDefaultBilling)?.id ?? null,
  };
}

/** Moves a default to `chosen`: the address that had it loses it, so there is only ever one. */
function withDefaultsMovedTo(addresses: Address[], chosen: Address, at: string): Address[] {
  return addresses.map((address) => {
    if (address.id === chosen.id) return chosen;
    const loseShipping = chosen.isDefaultShipping && address.isDefaultShipping;
    const loseBilling = chosen.isDefaultBilling && address.isDefaultBilling;
    if (!loseShipping && !loseBilling) return address;
    return { ...address, isDefaultShipping: address.isDefaultShipping && !loseShipping, isDefaultBilling: address.isDefaultBilling && !loseBilling, updatedAt: at };
  });
}

function written<T>(aggregate: CustomerAggregate, addresses: Address[], event: (defaults: ReturnType<typeof defaultsOf>) => T, address?: Address): AddressDecision<T> {
  const next: CustomerAggregate = { ...aggregate, version: aggregate.version + 1, addresses };
  return { kind: 'ok', next, event: event(defaultsOf(addresses)), ...(address ? { address } : {}) };
}

export function addAddress(
  aggregate: CustomerAggregate,
  input: AddressInput,
  id: string,
  limit: number,
  performedBy: PerformedBy,
  now: Date,
): AddressDecision<CustomerAddressCreatedEvent> {
  const addresses = addressesOf(aggregate);
  if (addresses.length >= limit) return { kind: 'limit_reached', limit };
  const at = now.toISOString();
  const first = addresses.length === 0;
  const address: Address = {
    id,
    label: input.label ?? null,
    firstName: input.firstName!,
    lastName: input.lastName!,
    company: input.company ?? null,
    line1: input.line1!,
    line2: input.line2 ?? null,
    city: input.city!,
    region: input.region ?? null,
    postalCode: input.postalCode ?? null,
    countryCode: input.countryCode!,
    phone: input.phone ?? null,
    // The first address is where everything goes until the customer says otherwise.
    isDefaultShipping: input.isDefaultShipping ?? first,
    isDefaultBilling: input.isDefaultBilling ?? first,
    createdAt: at,
    updatedAt: at,
  };
  const next = withDefaultsMovedTo([...addresses, address], address, at);
  return written(aggregate, next, (defaults) => ({ customerId: aggregate.customer.id, address, ...defaults, performedBy, occurredAt: at }), address);
}

export function updateAddress(
  aggregate: CustomerAggregate,
  addressId: string,
  patch: AddressInput,
  performedBy: PerformedBy,
  now: Date,
): AddressDecision<CustomerAddressUpdatedEvent> {
  const addresses = addressesOf(aggregate);
  const current = addresses.find((a) => a.id === addressId);
  if (!current) return { kind: 'not_found' };
  const changed = ADDRESS_FIELDS.filter((field) => patch[field] !== undefined && patch[field] !== current[field]);
  if (!changed.length) return { kind: 'unchanged', address: current };
  const at = now.toISOString();
  const address: Address = { ...current, ...Object.fromEntries(changed.map((field) => [field, patch[field]])), updatedAt: at };
  const next = withDefaultsMovedTo(addresses, address, at);
  const previous = Object.fromEntries(changed.map((field) => [field, current[field]]));
  return written(aggregate, next, (defaults) => ({ customerId: aggregate.customer.id, address, changed, previous, ...defaults, performedBy, occurredAt: at }), address);
}

/** Deleting the default leaves no default: picking another for the customer could ship to the wrong place. */
export function removeAddress(aggregate: CustomerAggregate, addressId: string, performedBy: PerformedBy, now: Date): AddressDecision<CustomerAddressDeletedEvent> {
  const addresses = addressesOf(aggregate);
  if (!addresses.some((a) => a.id === addressId)) return { kind: 'not_found' };
  const at = now.toISOString();
  const next = addresses.filter((a) => a.id !== addressId);
  return written(aggregate, next, (defaults) => ({ customerId: aggregate.customer.id, addressId, ...defaults, performedBy, occurredAt: at }));
}

/** Trims text and uppercases the country before validation; phones are normalized by the caller. */
export function normalizeAddressInput(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const input = { ...(body as Record<string, unknown>) };
  for (const [field, value] of Object.entries(input)) if (typeof value === 'string') input[field] = value.trim();
  if (typeof input.countryCode === 'string') input.countryCode = input.countryCode.toUpperCase();
  return input;
}
