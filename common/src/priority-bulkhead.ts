// A bulkhead with lanes in priority order: at most `maxConcurrent` runs at once over all lanes, and a
// freed slot goes to the first lane with someone waiting. Each lane turns work away at once (503
// server_busy + Retry-After) when its queue is full or when the wait it can expect — the work queued
// ahead of it, at the average run time measured so far — is longer than the lane allows; and work
// that still waited twice that long (pushed back by a busier lane ahead) is refused before it runs,
// so nothing runs for a client that has long given up. Used for password hashing, where sign-in
// goes before registrations and resets.
import { ERROR_CODES } from '@idp/proto';
import { AppError, retryAfterMs } from './errors.js';

export interface LaneLimits {
  maxQueued: number;
  /** The longest expected wait a new arrival accepts; past it, 503 at once. */
  maxWaitMs: number;
}

interface Waiter {
  deadline: number;
  admit: () => void;
  refuse: (error: AppError) => void;
}

/** How fast the run-time average follows new measurements. */
const SMOOTHING = 0.2;

const busy = (waitMs: number) => new AppError('unavailable', ERROR_CODES.serverBusy, 'The service is busy; retry shortly.', retryAfterMs(Math.min(Math.max(waitMs, 1_000), 60_000)));

export class PriorityBulkhead<Lane extends string> {
  private running = 0;
  private readonly order: Lane[];
  private readonly queues = new Map<Lane, Waiter[]>();
  private averageRunMs: number;

  /** `lanes` in priority order, the first served first. `initialRunMs` is the guess before anything ran. */
  constructor(
    private readonly maxConcurrent: number,
    private readonly lanes: Record<Lane, LaneLimits>,
    initialRunMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.order = Object.keys(lanes) as Lane[];
    for (const lane of this.order) this.queues.set(lane, []);
    this.averageRunMs = initialRunMs;
  }

  /** The wait a new arrival in `lane` can expect: what is queued in its lane and the lanes before it. */
  expectedWaitMs(lane: Lane): number {
    if (this.running < this.maxConcurrent) return 0;
    let ahead = 0;
    for (const other of this.order) {
      ahead += this.queues.get(other)!.length;
      if (other === lane) break;
    }
    // Half a run for the slot to free up, then a full run per `maxConcurrent` queued ahead.
    return ((ahead + 0.5) * this.averageRunMs) / this.maxConcurrent;
  }

  async run<T>(lane: Lane, work: () => Promise<T>): Promise<T> {
    if (this.running < this.maxConcurrent) {
      this.running++;
    } else {
      const { maxQueued, maxWaitMs } = this.lanes[lane];
      const queue = this.queues.get(lane)!;
      const expected = this.expectedWaitMs(lane);
      if (queue.length >= maxQueued || expected > maxWaitMs) throw busy(expected);
      // A slot is handed over by `release` (`running` stays counted for the one admitted).
      await new Promise<void>((admit, refuse) => queue.push({ deadline: this.now() + 2 * maxWaitMs, admit, refuse }));
    }
    const started = this.now();
    try {
      return await work();
    } finally {
      this.averageRunMs += SMOOTHING * (this.now() - started - this.averageRunMs);
      this.release();
    }
  }

  private release(): void {
    for (const lane of this.order) {
      const queue = this.queues.get(lane)!;
      for (let waiter = queue.shift(); waiter; waiter = queue.shift()) {
        if (this.now() <= waiter.deadline) return waiter.admit();
        waiter.refuse(busy(this.expectedWaitMs(lane)));
      }
    }
    this.running--;
  }
}
