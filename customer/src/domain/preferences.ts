// Communication preferences and marketing consent (PDPA/GDPR): replaced as a whole by PUT, each
// change recorded with its event so downstream senders honour an opt-out.
import type { CustomerPreferencesUpdatedEvent } from '@idp/proto';
import type { CustomerAggregate, CustomerPreferences } from './customer.js';

export interface PreferencesInput {
  marketingEmailOptIn: boolean;
  marketingSmsOptIn: boolean;
  language: string | null;
}

export const preferencesView = (preferences: CustomerPreferences): PreferencesInput & { updatedAt: string } => ({
  marketingEmailOptIn: preferences.marketingEmailOptIn,
  marketingSmsOptIn: preferences.marketingSmsOptIn,
  language: preferences.language,
  updatedAt: preferences.updatedAt,
});

/** The fields whose value differs; empty means nothing to write. */
export function changedPreferences(current: CustomerPreferences, input: PreferencesInput): (keyof PreferencesInput)[] {
  return (['marketingEmailOptIn', 'marketingSmsOptIn', 'language'] as const).filter((field) => current[field] !== input[field]);
}

export function withPreferences(aggregate: CustomerAggregate, input: PreferencesInput, now: Date): { next: CustomerAggregate; event: CustomerPreferencesUpdatedEvent } {
  const at = now.toISOString();
  const changed = changedPreferences(aggregate.preferences, input);
  const next: CustomerAggregate = { ...aggregate, version: aggregate.version + 1, preferences: { ...aggregate.preferences, ...input, updatedAt: at } };
  return {
    next,
    event: {
      customerId: aggregate.customer.id,
      preferences: { ...input },
      changed,
      previous: Object.fromEntries(changed.map((field) => [field, aggregate.preferences[field]])),
      updatedAt: at,
      occurredAt: at,
    },
  };
}
