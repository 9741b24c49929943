// Subscriptions to customer-events and user-events (declarative: components/subscription-auth-*.yaml).
// Each event is forwarded to the actor of the subject it concerns, which applies it once.
import { AppError, type DaprClient, type EventHandler, type Result } from '@idp/common';
import { CUSTOMER_EVENTS, USER_EVENTS } from '@idp/proto';
import { ACTORS, subjectActorId } from '../actors/names.js';
import { identityEffect } from '../domain/identity-events.js';

const TYPES = [CUSTOMER_EVENTS.created, CUSTOMER_EVENTS.statusChanged, CUSTOMER_EVENTS.deleted, CUSTOMER_EVENTS.passwordChanged, USER_EVENTS.statusChanged, USER_EVENTS.deleted, USER_EVENTS.passwordChanged, USER_EVENTS.updated];

export function identityEventHandlers(dapr: DaprClient): Record<string, EventHandler> {
  const handle: EventHandler = async (event) => {
    const effect = identityEffect(event.type, event.data as Record<string, unknown>);
    if (!effect) return 'ignored';
    const result = await dapr.invokeActor<Result<{ duplicate: boolean }>>(ACTORS.subject, subjectActorId(effect.userType, effect.subjectId), 'applyIdentityEvent', {
      event: { id: event.id, type: event.type, receivedAt: new Date().toISOString() },
      revokeReason: effect.revokeReason,
      ...(effect.exceptSessionId ? { exceptSessionId: effect.exceptSessionId } : {}),
      ...(effect.issuedBefore !== undefined ? { issuedBefore: effect.issuedBefore } : {}),
    });
    // A failed revocation must be retried by Dapr, never acknowledged.
    if (!result.ok) throw new AppError(result.error.kind, result.error.code, result.error.detail);
    return result.value.duplicate ? 'duplicate' : 'processed';
  };
  return Object.fromEntries(TYPES.map((type) => [type, handle]));
}
