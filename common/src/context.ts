// Per-request context (trace id) carried through async calls, so logs and outgoing Dapr calls
// carry the W3C trace context of the request that caused them without passing it by hand.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestContext {
  traceparent: string;
  traceId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Accepts an incoming `traceparent` header or starts a new trace. */
export function contextFromTraceparent(header: string | undefined): RequestContext {
  const match = header ? TRACEPARENT.exec(header.trim()) : null;
  if (match?.[1]) return { traceparent: header!.trim(), traceId: match[1] };
  // randomUUID draws from a cached pool of random bytes; randomBytes(16) and (8) per request went to
  // the system's generator each time: 6% of the customer app's CPU on a GET in a --cpu-prof profile.
  const traceId = randomUUID().replace(/-/g, '');
  return { traceparent: `00-${traceId}-${randomUUID().slice(-16)}-01`, traceId };
}

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
