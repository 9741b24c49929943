// Group membership on the customer aggregate: assigning twice or removing an absent group changes
// nothing and publishes nothing, so callers may retry freely. Pure.
import type { CustomerGroupMembershipEvent, PerformedBy } from '@idp/proto';
import type { CustomerAggregate } from './customer.js';

export type MembershipDecision =
  | { kind: 'changed'; next: CustomerAggregate; event: CustomerGroupMembershipEvent }
  | { kind: 'unchanged'; groupIds: string[] }
  | { kind: 'limit_reached'; limit: number };

export const groupsOf = (aggregate: CustomerAggregate): string[] => aggregate.groupIds ?? [];

function changed(aggregate: CustomerAggregate, groupId: string, groupIds: string[], performedBy: PerformedBy, now: Date): MembershipDecision {
  const at = now.toISOString();
  return {
    kind: 'changed',
    next: { ...aggregate, version: aggregate.version + 1, groupIds, customer: { ...aggregate.customer, updatedAt: at } },
    event: { customerId: aggregate.customer.id, groupId, groupIds, performedBy, occurredAt: at },
  };
}

export function assignGroup(aggregate: CustomerAggregate, groupId: string, limit: number, performedBy: PerformedBy, now: Date): MembershipDecision {
  const current = groupsOf(aggregate);
  if (current.includes(groupId)) return { kind: 'unchanged', groupIds: current };
  if (current.length >= limit) return { kind: 'limit_reached', limit };
  return changed(aggregate, groupId, [...current, groupId], performedBy, now);
}

export function unassignGroup(aggregate: CustomerAggregate, groupId: string, performedBy: PerformedBy, now: Date): MembershipDecision {
  const current = groupsOf(aggregate);
  if (!current.includes(groupId)) return { kind: 'unchanged', groupIds: current };
  return changed(aggregate, groupId, current.filter((id) => id !== groupId), performedBy, now);
}
