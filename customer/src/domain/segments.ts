// Segment memberships on the customer aggregate: joined and left idempotently, each change with its
// customer.segment.assigned|removed event. `pending` marks a registered customer whose default
// segments are not assigned yet (the next evaluation of those segments assigns them). Pure.
import type { CustomerSegmentMembershipEvent, PerformedBy, SegmentChangeReason } from '@idp/proto';
import type { CustomerAggregate } from './customer.js';

export interface SegmentMembership {
  ids: string[];
  pending: boolean;
}

export const NO_SEGMENTS: SegmentMembership = { ids: [], pending: false };

export const membershipOf = (aggregate: CustomerAggregate): SegmentMembership => aggregate.segments ?? NO_SEGMENTS;

export interface SegmentChange {
  segmentIds: string[];
  reason: SegmentChangeReason;
  runId: string | null;
  performedBy: PerformedBy;
  /** The default segments: once the customer is in all of them, nothing is pending any more. */
  defaults: readonly string[];
}

export type SegmentDecision =
  | { kind: 'changed'; next: CustomerAggregate; event: CustomerSegmentMembershipEvent }
  | { kind: 'unchanged'; membership: SegmentMembership };

function decide(aggregate: CustomerAggregate, change: SegmentChange, join: boolean, now: Date): SegmentDecision {
  const current = membershipOf(aggregate);
  const changed = [...new Set(change.segmentIds)].filter((id) => current.ids.includes(id) !== join).sort();
  const ids = join ? [...current.ids, ...changed].sort() : current.ids.filter((id) => !changed.includes(id));
  const pending = current.pending && !change.defaults.every((id) => ids.includes(id));
  if (!changed.length) return { kind: 'unchanged', membership: current };
  const next: CustomerAggregate = { ...aggregate, version: aggregate.version + 1, segments: { ids, pending } };
  return { kind: 'changed', next, event: membershipEvent(aggregate, changed, ids, change, now) };
}

function membershipEvent(aggregate: CustomerAggregate, segmentIds: string[], memberOf: string[], change: SegmentChange, now: Date): CustomerSegmentMembershipEvent {
  return { customerId: aggregate.customer.id, segmentIds, memberOf, reason: change.reason, runId: change.runId, performedBy: change.performedBy, occurredAt: now.toISOString() };
}

export const joinSegments = (aggregate: CustomerAggregate, change: SegmentChange, now: Date): SegmentDecision => decide(aggregate, change, true, now);
export const leaveSegments = (aggregate: CustomerAggregate, change: SegmentChange, now: Date): SegmentDecision => decide(aggregate, change, false, now);

/** A new customer waits for its default segments (if any are configured). */
export const pendingDefaults = (defaults: readonly string[]): SegmentMembership => ({ ids: [], pending: defaults.length > 0 });
