// Enums shared by every app and every event. Values are lowercase strings; inputs are normalized
// (trimmed, lowercased) before they are checked against these lists.

export const USER_TYPES = ['customer', 'admin', 'shipper'] as const;
export type UserType = (typeof USER_TYPES)[number];

export const CUSTOMER_TYPES = ['individual', 'business'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];
export const DEFAULT_CUSTOMER_TYPE: CustomerType = 'individual';

export const CUSTOMER_STATUSES = ['active', 'inactive', 'suspended', 'pending_deletion', 'deleted'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

/** Why a session ended; carried by session.revoked. */
export const REVOKE_REASONS = [
  'logout',
  'user_revoked',
  'refresh_reuse',
  'session_limit',
  'expired',
  'idle_timeout',
  'subject_suspended',
  'subject_deactivated',
  'subject_deleted',
  'subject_erased',
  'password_changed',
  'admin_revoked',
  'permissions_changed',
] as const;
export type RevokeReason = (typeof REVOKE_REASONS)[number];

/** Lowercases and trims an enum-like input so `"Customer "` and `"customer"` are the same value. */
export function normalizeEnumInput(value: unknown): unknown {
  return typeof value === 'string' ? value.trim().toLowerCase() : value;
}

export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** Permissions carried in admin access tokens (granted through roles by the user app). */
export const PERMISSIONS = {
  customersRead: 'customers:read',
  customersWrite: 'customers:write',
  usersRead: 'users:read',
  usersAdmin: 'users:admin',
} as const;
export type Permission = (typeof PERMISSIONS)[keyof typeof PERMISSIONS];

/** Account types the user app owns (customers are the customer app's). */
export const STAFF_USER_TYPES = ['admin', 'shipper'] as const;
export type StaffUserType = (typeof STAFF_USER_TYPES)[number];

export const USER_STATUSES = ['active', 'inactive', 'suspended', 'deleted'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** Roles a staff account can hold, each a set of permissions (the only place they are granted). */
export const ROLE_PERMISSIONS = {
  /** Full control, including other staff accounts. */
  admin: [PERMISSIONS.customersRead, PERMISSIONS.customersWrite, PERMISSIONS.usersRead, PERMISSIONS.usersAdmin],
  /** Customer service: reads and changes customer records. */
  support: [PERMISSIONS.customersRead, PERMISSIONS.customersWrite],
  /** Read-only back office. */
  viewer: [PERMISSIONS.customersRead, PERMISSIONS.usersRead],
  /** Delivery staff: no access to the customer or user APIs. */
  shipper: [],
} as const satisfies Record<string, readonly Permission[]>;
export type Role = keyof typeof ROLE_PERMISSIONS;
export const ROLES = Object.keys(ROLE_PERMISSIONS) as Role[];

/** Which roles each staff account type may hold. */
export const ROLES_BY_USER_TYPE: Record<StaffUserType, readonly Role[]> = {
  admin: ['admin', 'support', 'viewer'],
  shipper: ['shipper'],
};
