// Two load drivers: autocannon for independent requests, and a closed loop of workers for chains
// where each request needs the previous answer (refresh tokens) or runs in process (jose, scrypt).
import autocannon from 'autocannon';
import { summarize, type LoadResult } from './stats.js';

export interface HttpLoad<C extends object> {
  name: string;
  /** POST unless said otherwise. */
  method?: 'GET' | 'POST' | 'PATCH';
  url: string;
  /** A path per request (on the url's origin), e.g. to spread requests over several records. */
  path?: (context: C) => string;
  /** Headers per request on top of `headers` (e.g. each connection's own bearer token). */
  requestHeaders?: (context: C) => Record<string, string>;
  headers: Record<string, string>;
  /** A fresh body per request; `context` lives until that request's answer (one per connection). */
  body?: (context: C) => string;
  /** Called with every answer and the context its request was built with. */
  onResponse?: (status: number, body: string, context: C) => void;
  seconds: number;
  connections: number;
}

export async function httpLoad<C extends object>(load: HttpLoad<C>): Promise<LoadResult> {
  const result = await autocannon({
    url: load.url,
    method: load.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...load.headers },
    connections: load.connections,
    duration: load.seconds,
    requests: [
      {
        setupRequest: (request, context) => {
          const ctx = context as C;
          return {
            ...request,
            ...(load.path ? { path: load.path(ctx) } : {}),
            ...(load.requestHeaders ? { headers: { ...request.headers, ...load.requestHeaders(ctx) } } : {}),
            ...(load.body ? { body: load.body(ctx) } : {}),
          };
        },
        ...(load.onResponse ? { onResponse: (status: number, body: string, context: object) => load.onResponse!(status, body, context as C) } : {}),
      },
    ],
  });
  return {
    name: load.name,
    requests: result.requests.total,
    // Every answer that is not 2xx counts, as do socket errors and timeouts.
    errors: result.non2xx + result.errors + result.timeouts,
    non2xx: result.non2xx,
    statusCounts: statusCounts(result),
    seconds: load.seconds,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

function statusCounts(result: autocannon.Result): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [status, count] of Object.entries(result.statusCodeStats ?? {})) counts[status] = count.count ?? 0;
  return counts;
}

/** `workers` loops run `step` back to back for `seconds`; each worker keeps its own state. */
export async function closedLoop<S>(name: string, workers: number, seconds: number, init: (worker: number) => Promise<S>, step: (state: S) => Promise<S>): Promise<LoadResult> {
  const states = await Promise.all(Array.from({ length: workers }, (_, i) => init(i)));
  const samples: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    states.map(async (initial) => {
      let state = initial;
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          state = await step(state);
          samples.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  return summarize(name, samples, errors, (performance.now() - started) / 1000);
}
