// A bulkhead: at most `maxConcurrent` runs at once and `maxQueued` waiting; past that, callers are
// turned away at once with 503 + Retry-After instead of piling up until everything times out. Used
// around password hashing, which saturates the CPU long before anything else does.
import { ERROR_CODES } from '@idp/proto';
import { AppError } from './errors.js';

export class Bulkhead {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueued: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxConcurrent) {
      if (this.waiting.length >= this.maxQueued) {
        throw new AppError('unavailable', ERROR_CODES.serverBusy, 'The service is busy; retry shortly.', { retryAfter: 1 });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
