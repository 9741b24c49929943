// user.updated with new roles or permissions: the account's sessions opened before the change end
// (the user app revokes them at once; this is the safety net when that call was lost, applied once
// per event by the subject's actor), then gateways that cache permissions are told to drop the
// subject's (permission.refresh.needed, best effort).
import type { DaprClient, DirectPublisher, EventHandler } from '@idp/common';
import { AUTH_EVENTS, USER_EVENTS, type PermissionRefreshNeededEvent, type UserUpdatedEvent } from '@idp/proto';
import { identityEventHandlers } from './identity-events.js';

export function permissionEventHandlers(dapr: DaprClient, events: DirectPublisher): Record<string, EventHandler> {
  const revokeSessions = identityEventHandlers(dapr)[USER_EVENTS.updated]!;
  return {
    [USER_EVENTS.updated]: async (event) => {
      const data = event.data as UserUpdatedEvent;
      if (!data.changes.roles && !data.changes.permissions) return 'ignored';
      // A failed revocation throws: Dapr redelivers, and the notice goes out after it.
      const applied = await revokeSessions(event);
      const notice: PermissionRefreshNeededEvent = {
        subjectId: data.userId,
        userType: data.userType,
        reason: data.changes.roles ? 'roles changed' : 'permissions changed',
        occurredAt: new Date().toISOString(),
      };
      // Direct publishing never throws; a lost notice costs a gateway at most its cache lifetime.
      if (applied !== 'duplicate') await events.publish(AUTH_EVENTS.permissionRefreshNeeded, notice);
      return applied;
    },
  };
}
