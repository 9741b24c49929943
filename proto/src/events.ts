// Event names and topics. Apps import these constants; no app spells an event name as a literal.
import type { CustomerStatus, CustomerType, RevokeReason, UserStatus, UserType } from './enums.js';

export const PUBSUB_NAME = 'pubsub';

export const TOPICS = {
  auth: 'auth-events',
  user: 'user-events',
  customer: 'customer-events',
  order: 'order-events',
  /** Verification codes in clear, for the notification service alone. */
  verificationCodes: 'customer-verification-codes',
} as const;

/** The one app that may publish on each topic (the pub/sub's publishingScopes say the same). */
export const TOPIC_PRODUCERS: Record<(typeof TOPICS)[keyof typeof TOPICS], string> = {
  'auth-events': 'auth',
  'user-events': 'user',
  'customer-events': 'customer',
  'order-events': 'order',
  'customer-verification-codes': 'customer',
};

export const CUSTOMER_EVENTS = {
  created: 'customer.created',
  statusChanged: 'customer.status.changed',
  deleted: 'customer.deleted',
  updated: 'customer.updated',
  preferencesUpdated: 'customer.preferences.updated',
  passwordChanged: 'customer.password.changed',
  passwordResetIssued: 'customer.password_reset.issued',
  verificationRequested: 'customer.verification.requested',
  verificationCode: 'customer.verification.code',
  verified: 'customer.verified',
  addressCreated: 'customer.address.created',
  addressUpdated: 'customer.address.updated',
  addressDeleted: 'customer.address.deleted',
  groupAssigned: 'customer.group.assigned',
  groupUnassigned: 'customer.group.unassigned',
  erasureScheduled: 'customer.erasure.scheduled',
  erasureCancelled: 'customer.erasure.cancelled',
  statsUpdated: 'customer.stats.updated',
  segmentAssigned: 'customer.segment.assigned',
  segmentRemoved: 'customer.segment.removed',
  verificationExpired: 'customer.verification.expired',
} as const;

/** Consumed, not published: the order service (outside this platform) publishes on order-events. */
export const ORDER_EVENTS = {
  completed: 'order.completed',
} as const;

export const USER_EVENTS = {
  created: 'user.created',
  updated: 'user.updated',
  statusChanged: 'user.status_changed',
  deleted: 'user.deleted',
  passwordChanged: 'user.password.changed',
  passwordResetIssued: 'user.password_reset.issued',
} as const;

export const AUTH_EVENTS = {
  sessionCreated: 'session.created',
  sessionRevoked: 'session.revoked',
  userAuthenticated: 'user.authenticated',
  accountLocked: 'account.locked',
  accountUnlocked: 'account.unlocked',
  permissionRefreshNeeded: 'permission.refresh.needed',
} as const;

export type CustomerEventType = (typeof CUSTOMER_EVENTS)[keyof typeof CUSTOMER_EVENTS];

export interface CustomerCreatedEvent {
  customerId: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  customerType: CustomerType;
  status: CustomerStatus;
  createdAt: string;
  /** Default segments not assigned yet (a customer.segment.assigned follows). */
  segmentsPending?: boolean;
  occurredAt: string;
}

/** What a subscriber receives from Dapr: a CloudEvent 1.0 envelope around the event data. */
export interface CloudEvent<T = unknown> {
  id: string;
  type: string;
  source: string;
  specversion: string;
  topic?: string;
  pubsubname?: string;
  datacontenttype?: string;
  traceparent?: string;
  time?: string;
  data: T;
}

export interface SessionCreatedEvent {
  sessionId: string;
  subjectId: string;
  userType: UserType;
  deviceId: string | null;
  createdAt: string;
  expiresAt: string;
  occurredAt: string;
}

/** Gateways may keep `sid` in a denylist until `exp` (seconds since epoch). */
export interface SessionRevokedEvent {
  sid: string;
  subjectId: string;
  userType: UserType;
  reason: RevokeReason;
  exp: number;
  revokedAt: string;
  occurredAt: string;
}

export interface UserAuthenticatedEvent {
  subjectId: string;
  userType: UserType;
  sessionId: string;
  deviceId: string | null;
  authenticatedAt: string;
  occurredAt: string;
}

export interface AccountLockedEvent {
  userType: UserType;
  identifierHash: string;
  subjectId: string | null;
  failedAttempts: number;
  lockedUntil: string;
  occurredAt: string;
}

export interface AccountUnlockedEvent {
  userType: UserType;
  identifierHash: string;
  subjectId: string;
  /** false: no lock was in force, only recent failures were forgotten. */
  wasLocked: boolean;
  performedBy: PerformedBy;
  occurredAt: string;
}

export interface PermissionRefreshNeededEvent {
  subjectId: string;
  userType: UserType;
  reason: string;
  occurredAt: string;
}

export interface CustomerStatusChangedEvent {
  customerId: string;
  previousStatus: CustomerStatus;
  status: CustomerStatus;
  customerType: CustomerType;
  changedAt: string;
  occurredAt: string;
}

/** New values of the fields that changed; `phone: null` means the number was removed. */
export interface CustomerProfileFields {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string | null;
  customerType?: CustomerType;
}

export interface CustomerUpdatedEvent {
  customerId: string;
  changes: CustomerProfileFields;
  /** What the changed fields held before. */
  previous?: CustomerProfileFields;
  version: number;
  performedBy?: PerformedBy;
  updatedAt: string;
  occurredAt: string;
}

/** The whole preference set after the change, and which fields changed (consent audit trail). */
export interface CustomerPreferencesUpdatedEvent {
  customerId: string;
  preferences: { marketingEmailOptIn: boolean; marketingSmsOptIn: boolean; language: string | null };
  changed: ('marketingEmailOptIn' | 'marketingSmsOptIn' | 'language')[];
  previous?: Partial<{ marketingEmailOptIn: boolean; marketingSmsOptIn: boolean; language: string | null }>;
  updatedAt: string;
  performedBy?: PerformedBy;
  occurredAt: string;
}

export interface CustomerPasswordChangedEvent {
  customerId: string;
  /** The session the change was made in, which stays signed in; every other one is revoked. */
  keepSessionId: string | null;
  changedAt: string;
  occurredAt: string;
}

export interface CustomerPasswordResetIssuedEvent {
  customerId: string;
  expiresAt: string;
  occurredAt: string;
  performedBy?: PerformedBy;
}

export type VerificationChannel = 'email' | 'phone';

/** For the notification service to deliver `code` to `destination`. The only place the code is in clear. */
/** A code is pending; the code itself goes only to the notification service (below). */
export interface CustomerVerificationRequestedEvent {
  customerId: string;
  channel: VerificationChannel;
  destination: string;
  codeId: string;
  expiresAt: string;
  requestedAt: string;
  occurredAt: string;
}

/** On customer-verification-codes, for the notification service alone: the code to deliver. */
export interface CustomerVerificationCodeEvent {
  customerId: string;
  channel: VerificationChannel;
  destination: string;
  code: string;
  codeId: string;
  expiresAt: string;
  occurredAt: string;
}

/** Typed at the root: which channel was verified, and the address or number it was. */
export interface CustomerVerifiedEvent {
  customerId: string;
  channel: VerificationChannel;
  destination: string;
  verifiedAt: string;
  occurredAt: string;
}

/** Who made a change, as recorded in events and the audit log. */
export interface PerformedBy {
  kind: 'customer' | 'admin' | 'shipper' | 'service' | 'system';
  id: string;
}

export interface Address {
  id: string;
  label: string | null;
  firstName: string;
  lastName: string;
  company: string | null;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2, uppercase. */
  countryCode: string;
  /** E.164. */
  phone: string | null;
  isDefaultShipping: boolean;
  isDefaultBilling: boolean;
  createdAt: string;
  updatedAt: string;
}

export type AddressField = Exclude<keyof Address, 'id' | 'createdAt' | 'updatedAt'>;

interface AddressEventBase {
  customerId: string;
  /** The defaults after the change. */
  defaultShippingAddressId: string | null;
  defaultBillingAddressId: string | null;
  performedBy?: PerformedBy;
  occurredAt: string;
}

export interface CustomerAddressCreatedEvent extends AddressEventBase {
  address: Address;
}

export interface CustomerAddressUpdatedEvent extends AddressEventBase {
  address: Address;
  changed: AddressField[];
  previous?: Partial<Pick<Address, AddressField>>;
}

export interface CustomerAddressDeletedEvent extends AddressEventBase {
  addressId: string;
}

/** Membership changes carry the whole set after the change, so a consumer needs no earlier event. */
export interface CustomerGroupMembershipEvent {
  customerId: string;
  groupId: string;
  groupIds: string[];
  performedBy?: PerformedBy;
  occurredAt: string;
}

export interface CustomerErasureScheduledEvent {
  customerId: string;
  scheduledFor: string;
  previousStatus: CustomerStatus;
  requestedAt: string;
  performedBy?: PerformedBy;
  occurredAt: string;
}

export interface CustomerErasureCancelledEvent {
  customerId: string;
  restoredStatus: CustomerStatus;
  cancelledAt: string;
  performedBy?: PerformedBy;
  occurredAt: string;
}

export interface CustomerDeletedEvent {
  customerId: string;
  reason: 'soft_delete' | 'erasure';
  deletedAt: string;
  occurredAt: string;
}


export interface UserStatusChangedEvent {
  userId: string;
  userType: UserType;
  previousStatus: UserStatus;
  status: UserStatus;
  changedAt: string;
  occurredAt: string;
}

export interface UserDeletedEvent {
  userId: string;
  userType: UserType;
  deletedAt: string;
  occurredAt: string;
}

export interface UserUpdatedEvent {
  userId: string;
  userType: UserType;
  changes: { email?: string; firstName?: string; lastName?: string; roles?: string[]; permissions?: string[] };
  performedBy?: PerformedBy;
  occurredAt: string;
}

export interface UserCreatedEvent {
  userId: string;
  userType: UserType;
  email: string;
  firstName: string;
  lastName: string;
  roles: string[];
  permissions: string[];
  status: UserStatus;
  createdAt: string;
  performedBy?: PerformedBy;
  occurredAt: string;
}

export interface UserPasswordChangedEvent {
  userId: string;
  userType: UserType;
  method: 'change' | 'reset';
  keepSessionId: string | null;
  changedAt: string;
  performedBy?: PerformedBy;
  occurredAt: string;
}

export interface UserPasswordResetIssuedEvent {
  userId: string;
  userType: UserType;
  expiresAt: string;
  performedBy?: PerformedBy;
  occurredAt: string;
}

/** order.completed, from the order service. Amounts are integer minor units (cents, satang). */
export interface OrderCompletedEvent {
  orderId: string;
  customerId: string;
  amountMinor: number;
  currency: string;
  completedAt: string;
  occurredAt?: string;
}

export interface CustomerStatsUpdatedEvent {
  customerId: string;
  orderCount: number;
  totalSpentMinor: Record<string, number>;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  asOf: string | null;
  source: 'event' | 'reconcile';
  orderId?: string | null;
  performedBy?: PerformedBy;
  occurredAt: string;
}

export type SegmentChangeReason = 'registration' | 'evaluation' | 'segment_deleted';

/** customer.segment.assigned and customer.segment.removed. */
export interface CustomerSegmentMembershipEvent {
  customerId: string;
  /** The segments that changed. */
  segmentIds: string[];
  /** Every segment the customer is in after the change. */
  memberOf: string[];
  reason: SegmentChangeReason;
  runId?: string | null;
  performedBy?: PerformedBy;
  occurredAt: string;
}

export interface CustomerVerificationExpiredEvent {
  customerId: string;
  channels: VerificationChannel[];
  performedBy?: PerformedBy;
  occurredAt: string;
}
