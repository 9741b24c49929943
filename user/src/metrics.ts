// User-specific Prometheus metrics (registered on the shared registry served at /metrics).
import { Counter } from 'prom-client';
import { registry } from '@idp/common';

export const sessionRevocations = new Counter({
  name: 'user_session_revocations_total',
  help: "Synchronous calls to auth's revoke-all on status change, deletion or password change, by outcome (ok, deferred: left to auth's safety-net subscription)",
  labelNames: ['reason', 'outcome'] as const,
  registers: [registry],
});
