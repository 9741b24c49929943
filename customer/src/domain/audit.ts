// The audit log entry for each customer event: who did what, when, and the before/after of each
// changed field. Personal data is masked (enough for support to recognise a value, not to use it);
// secrets and verification codes never appear. Pure: the projection stores what this returns.
import {
  CUSTOMER_EVENTS,
  type Address,
  type CustomerAddressCreatedEvent,
  type CustomerAddressDeletedEvent,
  type CustomerAddressUpdatedEvent,
  type CustomerCreatedEvent,
  type CustomerDeletedEvent,
  type CustomerErasureCancelledEvent,
  type CustomerErasureScheduledEvent,
  type CustomerGroupMembershipEvent,
  type CustomerSegmentMembershipEvent,
  type CustomerVerificationExpiredEvent,
  type CustomerPasswordResetIssuedEvent,
  CustomerPreferencesUpdatedEvent,
  type CustomerStatusChangedEvent,
  type CustomerUpdatedEvent,
  type CustomerVerificationRequestedEvent,
  type CustomerVerifiedEvent,
  type PerformedBy,
} from '@idp/proto';

export interface AuditChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface AuditEntry {
  customerId: string;
  action: string;
  performedBy: PerformedBy;
  occurredAt: string;
  changes: AuditChange[];
}

const MASK = '•••';
const SECRET = '[secret]';

export const maskText = (value: string): string => (value.length ? `${value[0]}${MASK}` : value);
export const maskEmail = (email: string): string => {
  const at = email.lastIndexOf('@');
  return at > 0 ? `${maskText(email.slice(0, at))}${email.slice(at)}` : maskText(email);
};
export const maskPhone = (phone: string): string => `${MASK}${phone.slice(-4)}`;

type Masker = (value: string) => string;
/** Fields holding personal data, and how each is masked. Others (status, flags, country) are kept. */
const PERSONAL: Record<string, Masker> = {
  email: maskEmail,
  phone: maskPhone,
  firstName: maskText,
  lastName: maskText,
  company: maskText,
  line1: maskText,
  line2: maskText,
  postalCode: maskText,
  destination: (value) => (value.includes('@') ? maskEmail(value) : maskPhone(value)),
};

export function masked(field: string, value: unknown): unknown {
  const mask = PERSONAL[field];
  return mask && typeof value === 'string' ? mask(value) : (value ?? null);
}

const maskedAddress = (address: Address): Record<string, unknown> =>
  Object.fromEntries(Object.entries(address).filter(([field]) => !['id', 'createdAt', 'updatedAt'].includes(field)).map(([field, value]) => [field, masked(field, value)]));

/** before/after for `fields`, masked. */
function fieldChanges<T extends object>(fields: readonly string[], before: Partial<T> | undefined, after: T, prefix = ''): AuditChange[] {
  const read = (source: Partial<T> | undefined, field: string): unknown => (source as Record<string, unknown> | undefined)?.[field];
  return fields.map((field) => ({ field: `${prefix}${field}`, before: masked(field, read(before, field)), after: masked(field, read(after, field)) }));
}

type Describe = (data: never) => AuditChange[];
/** Ties each describer to its event's type; the data was validated against that schema on receipt. */
const describe = <T>(fn: (data: T) => AuditChange[]): Describe => fn as Describe;

const CHANGES: Record<string, Describe> = {
  [CUSTOMER_EVENTS.created]: describe<CustomerCreatedEvent>((d) => fieldChanges(['email', 'firstName', 'lastName', 'phone', 'customerType', 'status'], undefined, d)),
  [CUSTOMER_EVENTS.updated]: describe<CustomerUpdatedEvent>((d) => fieldChanges(Object.keys(d.changes), d.previous, d.changes)),
  [CUSTOMER_EVENTS.statusChanged]: describe<CustomerStatusChangedEvent>((d) => [{ field: 'status', before: d.previousStatus, after: d.status }]),
  [CUSTOMER_EVENTS.deleted]: describe<CustomerDeletedEvent>((d) => [
    { field: 'status', before: null, after: 'deleted' },
    { field: 'deletionReason', before: null, after: d.reason },
  ]),
  [CUSTOMER_EVENTS.preferencesUpdated]: describe<CustomerPreferencesUpdatedEvent>((d) => fieldChanges(d.changed, d.previous, d.preferences)),
  [CUSTOMER_EVENTS.passwordChanged]: () => [{ field: 'password', before: SECRET, after: SECRET }],
  // Who issued a reset and until when it works; never the token (the event does not hold it).
  [CUSTOMER_EVENTS.passwordResetIssued]: describe<CustomerPasswordResetIssuedEvent>((d) => [{ field: 'passwordReset', before: null, after: { expiresAt: d.expiresAt } }]),
  // The code itself is in the event for the notification service; it never reaches the audit log.
  [CUSTOMER_EVENTS.verificationRequested]: describe<CustomerVerificationRequestedEvent>((d) => [
    { field: `verification.${d.channel}`, before: null, after: { sentTo: masked('destination', d.destination), expiresAt: d.expiresAt } },
  ]),
  [CUSTOMER_EVENTS.verified]: describe<CustomerVerifiedEvent>((d) => [{ field: d.channel === 'email' ? 'emailVerified' : 'phoneVerified', before: false, after: true }]),
  [CUSTOMER_EVENTS.addressCreated]: describe<CustomerAddressCreatedEvent>((d) => [{ field: `addresses/${d.address.id}`, before: null, after: maskedAddress(d.address) }]),
  [CUSTOMER_EVENTS.addressUpdated]: describe<CustomerAddressUpdatedEvent>((d) => fieldChanges(d.changed, d.previous, d.address, `addresses/${d.address.id}/`)),
  [CUSTOMER_EVENTS.addressDeleted]: describe<CustomerAddressDeletedEvent>((d) => [{ field: `addresses/${d.addressId}`, before: MASK, after: null }]),
  [CUSTOMER_EVENTS.groupAssigned]: describe<CustomerGroupMembershipEvent>((d) => [{ field: 'groupIds', before: null, after: { added: d.groupId } }]),
  [CUSTOMER_EVENTS.groupUnassigned]: describe<CustomerGroupMembershipEvent>((d) => [{ field: 'groupIds', before: { removed: d.groupId }, after: null }]),
  [CUSTOMER_EVENTS.segmentAssigned]: describe<CustomerSegmentMembershipEvent>((d) => [{ field: 'segmentIds', before: null, after: { added: d.segmentIds, reason: d.reason } }]),
  [CUSTOMER_EVENTS.segmentRemoved]: describe<CustomerSegmentMembershipEvent>((d) => [{ field: 'segmentIds', before: { removed: d.segmentIds }, after: { reason: d.reason } }]),
  [CUSTOMER_EVENTS.verificationExpired]: describe<CustomerVerificationExpiredEvent>((d) => d.channels.map((channel) => ({ field: `verification.${channel}`, before: 'pending', after: 'expired' }))),
  [CUSTOMER_EVENTS.erasureScheduled]: describe<CustomerErasureScheduledEvent>((d) => [
    { field: 'status', before: d.previousStatus, after: 'pending_deletion' },
    { field: 'erasureScheduledFor', before: null, after: d.scheduledFor },
  ]),
  [CUSTOMER_EVENTS.erasureCancelled]: describe<CustomerErasureCancelledEvent>((d) => [
    { field: 'status', before: 'pending_deletion', after: d.restoredStatus },
    { field: 'erasureScheduledFor', before: MASK, after: null },
  ]),
};

export const AUDITED_EVENTS: readonly string[] = Object.keys(CHANGES);

/** Events that change the directory row but are not audit entries: statistics move with every order. */
export const PROJECTED_ONLY_EVENTS: readonly string[] = [CUSTOMER_EVENTS.statsUpdated];

/** Events written before `performedBy` existed are attributed to the platform. */
const UNKNOWN_PERFORMER: PerformedBy = { kind: 'system', id: 'unrecorded' };

/** Every customer event has these; the rest is read by the event's describer. */
interface EventData {
  customerId: string;
  occurredAt: string;
  performedBy?: PerformedBy;
}

export function auditEntryFor(type: string, data: EventData): AuditEntry | undefined {
  const changes = CHANGES[type];
  if (!changes) return undefined;
  return { customerId: data.customerId, action: type, performedBy: data.performedBy ?? UNKNOWN_PERFORMER, occurredAt: data.occurredAt, changes: changes(data as never) };
}

/** After an erasure: every value of a personal field, even masked, is removed from the customer's
 * audit entries; what happened and when stays. */
export function scrubbedChanges(changes: AuditChange[]): AuditChange[] {
  const personal = (field: string): boolean => {
    const last = field.split('/').pop()!;
    return last in PERSONAL || field.startsWith('addresses/') || field.startsWith('verification.');
  };
  const erased = (value: unknown): unknown => (value === null || value === undefined ? null : '[erased]');
  return changes.map((change) => (personal(change.field) ? { field: change.field, before: erased(change.before), after: erased(change.after) } : change));
}
