// Who may do what to a customer record. A customer acts on their own record; an admin, or another
// service of the shop calling through Dapr, acts on any record with the matching permission;
// everyone else is refused. Pure: handlers pass the principal.
import { PERMISSIONS } from '@idp/proto';
import type { Principal } from '@idp/common';

export type CustomerOperation =
  /** Read the record and its sub-resources. */
  | 'read'
  /** Change profile, preferences, addresses; request verification. */
  | 'write'
  /** Change the password with the current one: the customer alone (staff issue a reset token). */
  | 'change_own_password'
  /** Deactivate or delete one's own account, or any account as an admin. */
  | 'close'
  /** Activate or suspend, issue a password reset, end a login lock: staff (or a granted service)
   * only, or a suspension could be lifted by its subject. */
  | 'moderate';

const isSelf = (principal: Principal, customerId: string): boolean => principal.userType === 'customer' && principal.subjectId === customerId;
/** Staff with the permission, or a service the app grants it to (config SERVICE_PERMISSIONS). */
const grants = (principal: Principal, permission: string): boolean =>
  (principal.userType === 'admin' || principal.userType === 'service') && principal.permissions.includes(permission);

export function mayAccessCustomer(principal: Principal, customerId: string, operation: CustomerOperation): boolean {
  switch (operation) {
    case 'read':
      return isSelf(principal, customerId) || grants(principal, PERMISSIONS.customersRead) || grants(principal, PERMISSIONS.customersWrite);
    case 'write':
    case 'close':
      return isSelf(principal, customerId) || grants(principal, PERMISSIONS.customersWrite);
    case 'change_own_password':
      return isSelf(principal, customerId);
    case 'moderate':
      return grants(principal, PERMISSIONS.customersWrite);
  }
}

/** Admin-only operations over many customers (lookup by email or phone, listing, groups). */
export const mayActOnCustomers = (principal: Principal, operation: 'read' | 'write'): boolean =>
  operation === 'read' ? grants(principal, PERMISSIONS.customersRead) || grants(principal, PERMISSIONS.customersWrite) : grants(principal, PERMISSIONS.customersWrite);
