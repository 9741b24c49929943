// The order service's figures for one customer, through Dapr service invocation (app-id `order` by
// default). Timeouts, retries and the circuit breaker are the sidecar's resiliency policy for that
// target (components/resiliency.yaml), not code here: an open breaker answers at once with an error.
import { schemaErrors, type DaprClient, type SidecarResponse } from '@idp/common';
import { externalSchemaId } from '@idp/proto';
import type { StatsSnapshot } from '../domain/order-stats.js';

export class OrderServiceError extends Error {}

export class OrderClient {
  constructor(
    private readonly dapr: DaprClient,
    private readonly appId: string,
  ) {}

  async customerStats(customerId: string): Promise<StatsSnapshot> {
    let res: SidecarResponse;
    try {
      // The id goes in the query: Dapr keeps one circuit breaker per method path, so a path per
      // customer would give every customer a breaker of its own and the service none.
      res = await this.dapr.invoke(this.appId, `/v1/order-stats?customerId=${encodeURIComponent(customerId)}`, 'GET');
    } catch (error) {
      throw new OrderServiceError(`order service unreachable: ${String(error)}`);
    }
    const text = await res.text();
    if (!res.ok) throw new OrderServiceError(`order service answered ${res.status}: ${text.slice(0, 200)}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new OrderServiceError('order service answered something that is not JSON');
    }
    const errors = schemaErrors(externalSchemaId('order.customer-stats'), body);
    if (errors.length) throw new OrderServiceError(`order service answer does not match its contract: ${JSON.stringify(errors)}`);
    const snapshot = body as StatsSnapshot & { customerId: string };
    if (snapshot.customerId !== customerId) throw new OrderServiceError('order service answered for another customer');
    return { orderCount: snapshot.orderCount, totalSpentMinor: snapshot.totalSpentMinor, firstOrderAt: snapshot.firstOrderAt, lastOrderAt: snapshot.lastOrderAt, asOf: snapshot.asOf };
  }
}
