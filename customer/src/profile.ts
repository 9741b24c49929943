// Profile update: a new email or phone is claimed on its index before the write, the old one is
// released after it. From the customer's point of view the move is atomic: the record never shows a
// value another customer holds, and a failed write leaves the old values and claims in place.
import { unwrap, type Logger } from '@idp/common';
import type { PerformedBy } from '@idp/proto';
import type { CustomerView } from './domain/customer.js';
import type { ProfileChanges } from './domain/profile-update.js';
import type { CustomerActors } from './clients/actors.js';
import { indexValues, type IndexClaims } from './claims.js';

export async function updateCustomerProfile(
  actors: CustomerActors,
  claims: IndexClaims,
  logger: Logger,
  current: CustomerView,
  requested: ProfileChanges,
  performedBy: PerformedBy,
): Promise<CustomerView> {
  const id = current.id;
  // Claim only values that differ from what the customer holds now; the actor re-checks on write.
  const newValues = indexValues(
    requested.email !== undefined && requested.email !== current.email ? requested.email : undefined,
    requested.phone !== undefined && requested.phone !== current.phone ? requested.phone : undefined,
  );
  await claims.claimAll(newValues, id);

  let outcome;
  try {
    outcome = unwrap(await actors.updateProfile(id, requested, performedBy));
  } catch (error) {
    await claims.releaseAll(newValues, id);
    throw error;
  }
  const { changes, previous } = outcome;
  await claims.confirmAll(indexValues(changes.email, changes.phone), id);
  // Claims taken for values that turned out unchanged (a concurrent update got there first) are
  // the customer's own current values: releasing them would free a held value, so keep them.
  const stillHeld = new Set([outcome.view.email, outcome.view.phone]);
  await claims.releaseAll(
    [...newValues.filter((entry) => !stillHeld.has(entry.value)), ...indexValues(changes.email !== undefined ? previous.email : undefined, changes.phone !== undefined ? previous.phone : undefined)],
    id,
  );
  if (Object.keys(changes).length) logger.info('customer profile updated', { customerId: id, fields: Object.keys(changes) });
  return outcome.view;
}
