// Verification codes go to the notification service alone: a topic of their own
// (customer-verification-codes) that the pub/sub's subscriptionScopes admit no other app to, never
// a broadcast event. Published before the state that holds the code's hash commits: a failed publish
// writes nothing (503), and a commit that fails after it leaves a delivered code that verifies
// nothing (the client retries and gets a new one).
import { AppError, schemaErrors, type DaprClient } from '@idp/common';
import { CUSTOMER_EVENTS, ERROR_CODES, eventSchemaId, PUBSUB_NAME, TOPICS, type CustomerVerificationCodeEvent } from '@idp/proto';

export class VerificationCodes {
  constructor(private readonly dapr: DaprClient) {}

  async send(code: CustomerVerificationCodeEvent): Promise<void> {
    const errors = schemaErrors(eventSchemaId(CUSTOMER_EVENTS.verificationCode), code);
    if (errors.length) throw new Error(`customer.verification.code does not match its schema: ${JSON.stringify(errors)}`);
    try {
      await this.dapr.publish(PUBSUB_NAME, TOPICS.verificationCodes, CUSTOMER_EVENTS.verificationCode, code);
    } catch (error) {
      throw new AppError('unavailable', ERROR_CODES.eventBusUnavailable, 'The code cannot be sent right now; nothing was written. Retry later.', { retryAfter: 5, cause: error });
    }
  }
}
