// Roles → permissions, and which roles suit which staff account type. The table is ROLE_PERMISSIONS
// in proto/ (one source for every app); this only reads it. Pure.
import { ROLE_PERMISSIONS, ROLES_BY_USER_TYPE, type FieldError, type Role, type StaffUserType } from '@idp/proto';

/** The union of the roles' permissions, sorted (stable for tokens and events). */
export const permissionsFor = (roles: readonly Role[]): string[] => [...new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role]))].sort();

export function roleErrors(userType: StaffUserType, roles: readonly Role[]): FieldError[] {
  const allowed = ROLES_BY_USER_TYPE[userType];
  return roles
    .map((role, index) => ({ role, index }))
    .filter(({ role }) => !allowed.includes(role))
    .map(({ role, index }) => ({ pointer: `/roles/${index}`, detail: `a ${userType} account cannot hold the role ${role} (allowed: ${allowed.join(', ')})` }));
}
