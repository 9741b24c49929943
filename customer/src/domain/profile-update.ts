// PATCH of a customer's profile: only these fields; status changes go through the explicit
// endpoints. A new email or phone is unverified until verified again.
import type { CustomerType, CustomerUpdatedEvent } from '@idp/proto';
import type { CustomerAggregate } from './customer.js';

export interface ProfileChanges {
  firstName?: string;
  lastName?: string;
  email?: string;
  /** null removes the phone number. */
  phone?: string | null;
  customerType?: CustomerType;
}

export const PROFILE_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'customerType'] as const;

function currentValues(aggregate: CustomerAggregate): Required<ProfileChanges> {
  return {
    firstName: aggregate.profile.firstName,
    lastName: aggregate.profile.lastName,
    email: aggregate.customer.email,
    phone: aggregate.profile.phone,
    customerType: aggregate.customer.customerType,
  };
}

/** The requested changes that differ from the document: an unchanged field is not a change. */
export function effectiveChanges(aggregate: CustomerAggregate, requested: ProfileChanges): ProfileChanges {
  const current = currentValues(aggregate);
  const changes: Record<string, unknown> = {};
  for (const field of PROFILE_FIELDS) {
    if (requested[field] !== undefined && requested[field] !== current[field]) changes[field] = requested[field];
  }
  return changes as ProfileChanges;
}

export function withProfileChanges(aggregate: CustomerAggregate, changes: ProfileChanges, now: Date): { next: CustomerAggregate; event: CustomerUpdatedEvent } {
  const at = now.toISOString();
  const { customer, profile } = aggregate;
  // A code sent to the old email or phone must not verify the new one.
  const verification = { ...aggregate.verification };
  if (changes.email !== undefined) delete verification.email;
  if (changes.phone !== undefined) delete verification.phone;
  const next: CustomerAggregate = {
    ...aggregate,
    version: aggregate.version + 1,
    verification,
    customer: {
      ...customer,
      email: changes.email ?? customer.email,
      customerType: changes.customerType ?? customer.customerType,
      emailVerified: changes.email !== undefined ? false : customer.emailVerified,
      phoneVerified: changes.phone !== undefined ? false : customer.phoneVerified,
      updatedAt: at,
    },
    profile: {
      ...profile,
      firstName: changes.firstName ?? profile.firstName,
      lastName: changes.lastName ?? profile.lastName,
      phone: changes.phone !== undefined ? changes.phone : profile.phone,
    },
  };
  const before = { firstName: profile.firstName, lastName: profile.lastName, email: customer.email, phone: profile.phone, customerType: customer.customerType };
  const previous = Object.fromEntries(Object.keys(changes).map((field) => [field, before[field as keyof typeof before]]));
  return { next, event: { customerId: customer.id, changes, previous, version: next.version, updatedAt: at, occurredAt: at } };
}
