// order.completed (topic order-events, declarative subscription customer-orders) counted into the
// customer's statistics by the customer's actor, exactly once per orderId.
import type { EventHandler } from '@idp/common';
import { ORDER_EVENTS, type CloudEvent, type OrderCompletedEvent } from '@idp/proto';
import type { CustomerActors } from './clients/actors.js';

export function orderEventHandlers(actors: CustomerActors): Record<string, EventHandler> {
  return {
    [ORDER_EVENTS.completed]: async (event: CloudEvent) => {
      const order = event.data as OrderCompletedEvent;
      const result = await actors.applyOrder({ customerId: order.customerId, orderId: order.orderId, amountMinor: order.amountMinor, currency: order.currency, completedAt: order.completedAt });
      // A store or event-bus outage: Dapr redelivers with backoff, then dead-letters.
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.detail}`);
      switch (result.value.outcome) {
        case 'counted':
          return 'processed';
        case 'no_customer':
          return 'ignored';
        default:
          return 'duplicate';
      }
    },
  };
}
