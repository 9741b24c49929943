// user.updated with new roles or permissions: tell gateways that cache permissions to drop the
// subject's (permission.refresh.needed, best effort; the next access token carries the new ones).
import type { DirectPublisher, EventHandler } from '@idp/common';
import { AUTH_EVENTS, USER_EVENTS, type PermissionRefreshNeededEvent, type UserUpdatedEvent } from '@idp/proto';

export function permissionEventHandlers(events: DirectPublisher): Record<string, EventHandler> {
  return {
    [USER_EVENTS.updated]: async (event) => {
      const data = event.data as UserUpdatedEvent;
      if (!data.changes.roles && !data.changes.permissions) return 'ignored';
      const notice: PermissionRefreshNeededEvent = {
        subjectId: data.userId,
        userType: data.userType,
        reason: data.changes.roles ? 'roles changed' : 'permissions changed',
        occurredAt: new Date().toISOString(),
      };
      // Direct publishing never throws; a lost notice costs at most one token lifetime of staleness.
      await events.publish(AUTH_EVENTS.permissionRefreshNeeded, notice);
      return 'processed';
    },
  };
}
