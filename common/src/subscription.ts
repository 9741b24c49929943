// Express handler for a route that a declarative Dapr subscription delivers to. It validates the
// CloudEvent's data against the event's schema in proto/, hands it to the app's handler, and answers
// Dapr explicitly: SUCCESS (processed or duplicate), RETRY (transient failure: Dapr redelivers,
// then dead-letters), DROP (invalid event: retrying cannot fix it; it goes to the dead-letter topic).
import type { RequestHandler } from 'express';
import { eventSchemaId, type CloudEvent } from '@idp/proto';
import { eventsConsumed } from './metrics.js';
import { schemaErrors } from './validation.js';
import type { Logger } from './logger.js';

export type EventOutcome = 'processed' | 'duplicate' | 'ignored';
export type EventHandler = (event: CloudEvent) => Promise<EventOutcome>;

export function subscriptionRoute(handlers: Record<string, EventHandler>, logger: Logger): RequestHandler {
  return async (req, res) => {
    const event = req.body as CloudEvent;
    const type = typeof event?.type === 'string' ? event.type : 'unknown';
    const handler = handlers[type];
    if (!handler) {
      eventsConsumed.inc({ type, outcome: 'ignored' });
      res.json({ status: 'SUCCESS' });
      return;
    }
    const errors = typeof event.id === 'string' ? schemaErrors(eventSchemaId(type), event.data) : [{ pointer: '/id', detail: 'is required' }];
    if (errors.length) {
      eventsConsumed.inc({ type, outcome: 'invalid' });
      logger.warn('dropping invalid event', { type, id: event.id, errors });
      res.json({ status: 'DROP' });
      return;
    }
    try {
      const outcome = await handler(event);
      eventsConsumed.inc({ type, outcome });
      res.json({ status: 'SUCCESS' });
    } catch (error) {
      eventsConsumed.inc({ type, outcome: 'retry' });
      logger.warn('event handler failed; asking Dapr to retry', { type, id: event.id, error: String(error) });
      res.json({ status: 'RETRY' });
    }
  };
}
