// Prometheus metrics: one registry per process with default Node metrics and an HTTP histogram.
import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
let defaultsCollected = false;

export function initMetrics(app: string): Registry {
  if (!defaultsCollected) {
    registry.setDefaultLabels({ app });
    collectDefaultMetrics({ register: registry });
    defaultsCollected = true;
  }
  return registry;
}

const httpDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP requests handled by the app, by route template and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const eventsConsumed = new Counter({
  name: 'events_consumed_total',
  help: 'CloudEvents received from pub/sub, by type and outcome (processed, duplicate, invalid, retry)',
  labelNames: ['type', 'outcome'] as const,
  registers: [registry],
});

export const outboxWrites = new Counter({
  name: 'outbox_transactions_total',
  help: 'State transactions carrying an event through the Dapr outbox, by event type and outcome',
  labelNames: ['type', 'outcome'] as const,
  registers: [registry],
});

export const outboxMarkersSwept = new Counter({
  name: 'outbox_markers_swept_total',
  help: 'Outbox markers found long after their commit (the internal message was lost): republished, or unrecoverable (no message in the marker)',
  labelNames: ['store', 'outcome'] as const,
  registers: [registry],
});

/** Times every request; the route label is the matched template (never raw ids) to bound cardinality. */
export const rateLimited = new Counter({
  name: 'public_requests_rate_limited_total',
  help: 'Requests to public routes refused by a rate limit, by route and by what was limited (address or identity)',
  labelNames: ['route', 'by'] as const,
  registers: [registry],
});

export const httpMetrics: RequestHandler = (req, res, next) => {
  const end = httpDuration.startTimer({ method: req.method });
  res.on('finish', () => {
    const template = (req.route as { path?: string } | undefined)?.path;
    const route = template ? `${req.baseUrl}${template}` : 'unmatched';
    end({ route, status: String(res.statusCode) });
  });
  next();
};

export const metricsHandler: RequestHandler = async (_req, res, next) => {
  try {
    res.type(registry.contentType).send(await registry.metrics());
  } catch (error) {
    next(error);
  }
};
