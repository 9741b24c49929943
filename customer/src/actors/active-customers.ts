// The documents of the customers whose CustomerActor is active in this process. The actor is the
// only writer of its document and Dapr activates it in one process at a time, so what it last read
// or committed is the document: a read here needs no store round trip. The actor puts in what it
// read or wrote, and takes it out when it is deactivated or when a write's outcome is unknown (a
// failed save may still have committed). An entry serves reads for at most `maxAgeMs`, after which
// a read goes to the store again: the bound for a process whose sidecar restarted under it, where
// nobody tells the actor instance that its activation ended.
import type { CustomerAggregate } from '../domain/customer.js';

interface Entry {
  aggregate: CustomerAggregate;
  at: number;
}

export class ActiveCustomers {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxAgeMs: number) {}

  /** Called by the customer's actor with the document it just read or committed. */
  hold(id: string, aggregate: CustomerAggregate, at = Date.now()): void {
    this.entries.set(id, { aggregate, at });
  }

  /** Called by the actor when it is deactivated, or when it cannot know what the store holds. */
  release(id: string): void {
    this.entries.delete(id);
  }

  /** The document, when this process's actor holds a recent enough copy. */
  fresh(id: string, now = Date.now()): CustomerAggregate | undefined {
    const entry = this.entries.get(id);
    return entry && now - entry.at < this.maxAgeMs ? entry.aggregate : undefined;
  }

  /** A store read made outside the actor, for an id whose actor is active here: renews the entry
   * unless the actor put in something newer meanwhile. */
  renew(id: string, aggregate: CustomerAggregate, readAt: number): void {
    const entry = this.entries.get(id);
    if (entry && entry.at < readAt && entry.aggregate.version <= aggregate.version) this.entries.set(id, { aggregate, at: readAt });
  }

  get size(): number {
    return this.entries.size;
  }
}
