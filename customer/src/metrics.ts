// Customer-specific Prometheus metrics (registered on the shared registry served at /metrics).
import { Counter } from 'prom-client';
import { registry } from '@idp/common';

export const sessionRevocations = new Counter({
  name: 'customer_session_revocations_total',
  help: "Synchronous calls to auth's revoke-all on status change or deletion, by outcome (ok, deferred: left to auth's safety-net subscription)",
  labelNames: ['reason', 'outcome'] as const,
  registers: [registry],
});

export const erasures = new Counter({
  name: 'customer_erasures_total',
  help: 'GDPR erasures by outcome: scheduled, cancelled, done, retried (a step failed; the reminder tries again later)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});
