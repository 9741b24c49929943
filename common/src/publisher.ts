// Direct publishing, for events the catalog marks `direct` (best effort, not tied to a state change).
// The event is checked against its schema first, like every outbox event.
import { eventSchemaId } from '@idp/proto';
import type { DaprClient } from './dapr.js';
import type { Logger } from './logger.js';
import { schemaErrors } from './validation.js';

export class DirectPublisher {
  constructor(
    private readonly dapr: DaprClient,
    private readonly pubsub: string,
    private readonly topic: string,
    private readonly logger: Logger,
  ) {}

  /** Never throws: a lost best-effort event is logged, not propagated. */
  async publish(type: string, data: object): Promise<boolean> {
    const errors = schemaErrors(eventSchemaId(type), data);
    if (errors.length) {
      this.logger.error('refusing to publish an event that breaks its schema', { type, errors });
      return false;
    }
    try {
      await this.dapr.publish(this.pubsub, this.topic, type, data);
      return true;
    } catch (error) {
      this.logger.warn('event not published', { type, error: String(error) });
      return false;
    }
  }
}
