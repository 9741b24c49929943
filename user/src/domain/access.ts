// Who may do what to staff accounts. Admins with users:admin manage accounts; users:read lists and
// reads them; every staff member reads their own record, renames themself and changes their own
// password. No admin can suspend, deactivate or delete their own account, or drop their own
// users:admin (a platform must never lock out its last administrator by accident). Pure.
import { PERMISSIONS, type FieldError } from '@idp/proto';
import type { Principal } from '@idp/common';
import type { UserChanges } from './changes.js';
import { permissionsFor } from './roles.js';

export type UserOperation = 'read' | 'update' | 'manage' | 'change_own_password';

const isStaff = (principal: Principal): boolean => principal.userType === 'admin' || principal.userType === 'shipper';
export const isSelf = (principal: Principal, userId: string): boolean => isStaff(principal) && principal.subjectId === userId;
const has = (principal: Principal, permission: string): boolean => principal.userType === 'admin' && principal.permissions.includes(permission);

export const mayListUsers = (principal: Principal): boolean => has(principal, PERMISSIONS.usersRead) || has(principal, PERMISSIONS.usersAdmin);

export function mayAccessUser(principal: Principal, userId: string, operation: UserOperation, changes: UserChanges = {}): boolean {
  switch (operation) {
    case 'read':
      return isSelf(principal, userId) || mayListUsers(principal);
    case 'update': {
      if (has(principal, PERMISSIONS.usersAdmin)) return true;
      // Oneself: the name, nothing that grants or identifies access.
      return isSelf(principal, userId) && changes.email === undefined && changes.roles === undefined;
    }
    case 'manage':
      return has(principal, PERMISSIONS.usersAdmin);
    case 'change_own_password':
      return isSelf(principal, userId);
  }
}

/** Set when an admin's change to their own account would take away their own administration. */
export function selfLockout(principal: Principal, userId: string, change: { statusAction?: string; deleting?: boolean; changes?: UserChanges }): FieldError | null {
  if (!isSelf(principal, userId)) return null;
  if (change.deleting) return { pointer: '', detail: 'you cannot delete your own account' };
  if (change.statusAction && change.statusAction !== 'activate') return { pointer: '', detail: `you cannot ${change.statusAction} your own account` };
  if (change.changes?.roles && !permissionsFor(change.changes.roles).includes(PERMISSIONS.usersAdmin) && principal.permissions.includes(PERMISSIONS.usersAdmin)) {
    return { pointer: '/roles', detail: 'you cannot remove your own users:admin permission' };
  }
  return null;
}
