import { expect } from 'chai';
import { markerMessage, outboxInternalTopic } from '../../src/outbox-sweeper.js';

describe('outbox sweep', () => {
  it('when a marker holds the internal message whose id is its key, then that message is what is republished', () => {
    const message = { id: 'outbox-1b4e28ba-2fa1-11d2-883f-0016d3cca427', type: 'customer.created', data: { customerId: 'c1' } };
    expect(markerMessage('outbox-1b4e28ba-2fa1-11d2-883f-0016d3cca427', JSON.stringify(message))).to.deep.equal(message);
  });

  it('when a marker holds "0" (an unpatched runtime), not JSON, or another message than its own, then nothing is republished', () => {
    expect(markerMessage('outbox-a', '"0"')).to.equal(undefined);
    expect(markerMessage('outbox-a', '0')).to.equal(undefined);
    expect(markerMessage('outbox-a', '{not json')).to.equal(undefined);
    expect(markerMessage('outbox-a', '[]')).to.equal(undefined);
    expect(markerMessage('outbox-a', JSON.stringify({ id: 'outbox-b', data: {} }))).to.equal(undefined);
  });

  it('names the internal topic as daprd does: namespace, app id, topic, "outbox"', () => {
    expect(outboxInternalTopic('default', 'customer', 'customer-events')).to.equal('defaultcustomercustomer-eventsoutbox');
  });
});
