// An outbox transaction that fails after Dapr's internal publish (here: a stale ETag) leaves an
// internal message whose marker never appears. daprd 1.18.2 as released retried its lookup with a
// zero delay for ever (tools/dapr/PATCHES.md): a busy core per orphan, for as long as the sidecar
// ran. With the patched runtime the handler gives up after ~11 s, the orphan is dropped with a log
// line, the sidecar stays idle and the next events flow.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { receivedEvents, sidecar } from '../../harness/clients.js';
import { eventually } from '../../harness/http.js';
import { registeredCustomer } from '../../harness/identities.js';
import { runtime } from '../../harness/runtime.js';
import { coreShare } from '../../../scripts/runtime/cpu.js';

const ORPHAN_DROPPED = /outbox state not found, discarding message/g;
const droppedSoFar = () => (readFileSync(runtime().apps.customer.daprd.logFile, 'utf8').match(ORPHAN_DROPPED) ?? []).length;

describe('outbox orphans in the customer sidecar', function () {
  this.timeout(120_000);

  it('when three outbox transactions fail after the internal publish, then the sidecar stays near idle, each orphan is dropped with a log line, and events still flow', async () => {
    const daprdPid = runtime().apps.customer.daprd.child.pid!;
    const droppedBefore = droppedSoFar();

    for (let i = 0; i < 3; i++) {
      // A first write with an ETag: the store finds no row to match, after the outbox handed its
      // internal message to the outbox pub/sub.
      const failed = await sidecar('customer', '/v1.0/state/customer-store/transaction', {
        method: 'POST',
        body: {
          operations: [
            { operation: 'upsert', request: { key: `orphan-probe:${randomUUID()}`, value: { probe: true }, etag: '1', metadata: { type: 'customer.updated', contentType: 'application/json' } } },
          ],
        },
      });
      expect(failed.status, failed.text).to.be.oneOf([409, 500]);
    }

    // Unpatched, the three handlers spin from ~11 s on: well above a core for the rest of the window.
    const share = (await coreShare(daprdPid, 30_000))!;
    console.log(`      customer sidecar over the 30 s after three orphans: ${(share * 100).toFixed(1)}% of a core`);
    expect(share).to.be.lessThan(0.15);

    expect(droppedSoFar() - droppedBefore).to.be.at.least(3);

    const customer = await registeredCustomer('afterorphans');
    await eventually('customer.created of the next registration', () => receivedEvents('customer.created', customer.id), (events) => events.length === 1);
  });
});
