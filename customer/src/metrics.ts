// Customer-specific Prometheus metrics (registered on the shared registry served at /metrics).
import { Counter, Histogram } from 'prom-client';
import { registry } from '@idp/common';

export const sessionRevocations = new Counter({
  name: 'customer_session_revocations_total',
  help: "Synchronous calls to auth's revoke-all on status change or deletion, by outcome (ok, deferred: left to auth's safety-net subscription)",
  labelNames: ['reason', 'outcome'] as const,
  registers: [registry],
});

export const erasures = new Counter({
  name: 'customer_erasures_total',
  help: 'GDPR erasures by outcome: scheduled, cancelled, done, retried (a step failed; the reminder tries again later), deferred (the queue was full; it comes back shortly)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const erasureDuration = new Histogram({
  name: 'customer_erasure_duration_seconds',
  help: 'Time one erasure attempt took (revoking sessions, the anonymizing write, releasing claims), by outcome (done, retried)',
  labelNames: ['outcome'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const statsUpdates = new Counter({
  name: 'customer_stats_updates_total',
  help: 'Order statistics updates by source (event, reconcile) and outcome: counted, duplicate (order already counted), in_snapshot (already in the last reconcile), replaced, stale_snapshot (older than the figures: ignored), unavailable (order service down), no_customer',
  labelNames: ['source', 'outcome'] as const,
  registers: [registry],
});

export const reconcileDuration = new Histogram({
  name: 'customer_stats_reconcile_duration_seconds',
  help: 'One reconcile of a customer against the order service, by outcome',
  labelNames: ['outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const segmentRuns = new Counter({
  name: 'customer_segment_runs_total',
  help: 'Segment runs finished, by kind (evaluate, teardown) and outcome (completed, cancelled)',
  labelNames: ['kind', 'outcome'] as const,
  registers: [registry],
});

export const segmentCustomers = new Counter({
  name: 'customer_segment_customers_total',
  help: 'Customers handled by segment runs: evaluated, assigned, removed, failed (left for the next run)',
  labelNames: ['result'] as const,
  registers: [registry],
});

export const segmentRunDuration = new Histogram({
  name: 'customer_segment_run_duration_seconds',
  help: 'Wall time of a whole segment run, from its start to its last page',
  labelNames: ['kind'] as const,
  buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
  registers: [registry],
});

export const defaultSegmentAssignments = new Counter({
  name: 'customer_default_segments_total',
  help: 'Default segment assignment at registration: assigned, pending (failed; the next evaluation assigns them)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const expiredVerificationCodes = new Counter({
  name: 'customer_verification_codes_expired_total',
  help: 'Verification codes removed from customers after they expired unused',
  registers: [registry],
});

export const auditEntriesPruned = new Counter({
  name: 'customer_audit_entries_pruned_total',
  help: 'Audit log entries deleted after the retention period (AUDIT_LOG_RETENTION_DAYS)',
  registers: [registry],
});
