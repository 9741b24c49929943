// The contracts in proto/ agree with each other: every event constant an app publishes has a catalog
// entry, every catalog entry a schema that loads under its $id, and every schema an entry.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { schemaErrors } from '@idp/common';
import { AUTH_EVENTS, CUSTOMER_EVENTS, eventSchemaId, loadEventCatalog, ORDER_EVENTS, schemasDir, TOPIC_PRODUCERS, USER_EVENTS } from '@idp/proto';

describe('event contracts', () => {
  const catalog = loadEventCatalog();
  const types = catalog.events.map((e) => e.type);

  it('when an app publishes or consumes an event type, then the catalog lists it once with its topic and delivery', () => {
    expect(new Set(types).size).to.equal(types.length);
    const published = [...Object.values(CUSTOMER_EVENTS), ...Object.values(USER_EVENTS), ...Object.values(AUTH_EVENTS), ...Object.values(ORDER_EVENTS)];
    expect([...published].sort()).to.deep.equal([...types].sort());
    for (const entry of catalog.events) {
      // Each topic has exactly one producer (the pub/sub's publishingScopes enforce it).
      expect(TOPIC_PRODUCERS[entry.topic as keyof typeof TOPIC_PRODUCERS], entry.type).to.equal(entry.producer);
      expect(['outbox', 'direct'], entry.type).to.include(entry.delivery);
      expect(entry.consumers.length, entry.type).to.be.greaterThan(0);
    }
  });

  it('when the catalog names a schema, then the file exists and validates under the event type', () => {
    for (const entry of catalog.events) {
      expect(existsSync(join(schemasDir, '..', entry.schema)), entry.schema).to.equal(true);
      expect(entry.schema).to.equal(`schemas/events/${entry.type}.json`);
      // Compiles (an unknown $id throws) and rejects an empty object.
      expect(schemaErrors(eventSchemaId(entry.type), {}).length, entry.type).to.be.greaterThan(0);
    }
    const files = readdirSync(join(schemasDir, 'events')).map((f) => f.replace(/\.json$/, ''));
    expect(files.sort()).to.deep.equal([...types].sort());
  });
});
