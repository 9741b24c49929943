import { expect } from 'chai';
import { newCustomerAggregate } from '../../src/domain/customer.js';
import { joinSegments, leaveSegments, membershipOf, type SegmentChange } from '../../src/domain/segments.js';
import { afterPage, afterTeardown, finished, MAX_IDLE_TEARDOWN_PASSES, newRun, pageActions, type CandidateRow } from '../../src/domain/segment-run.js';
import type { CustomerFacts, Rule } from '../../src/domain/segment-rules.js';

const now = new Date('2026-06-01T00:00:00Z');
const defaults = ['all-customers', 'new-customers'];
const fresh = newCustomerAggregate({ id: 'c-1', email: 'a@shop.example', passwordHash: 'h', firstName: 'A', lastName: 'B', phone: null }, now, defaults);
const change = (segmentIds: string[], reason: SegmentChange['reason'] = 'evaluation'): SegmentChange => ({ segmentIds, reason, runId: 'run-1', performedBy: { kind: 'system', id: 'segment:x' }, defaults });

describe('segment memberships', () => {
  it('when a customer registers, then they wait for the default segments; joining them clears the mark with one event', () => {
    expect(membershipOf(fresh)).to.deep.equal({ ids: [], pending: true });
    const decision = joinSegments(fresh, change(defaults, 'registration'), now);
    if (decision.kind !== 'changed') throw new Error('expected a change');
    expect(decision.next.segments).to.deep.equal({ ids: defaults, pending: false });
    expect(decision.next.version).to.equal(fresh.version + 1);
    expect(decision.event).to.deep.include({ customerId: 'c-1', segmentIds: defaults, memberOf: defaults, reason: 'registration', runId: 'run-1' });
  });

  it('when only part of the defaults is assigned, then the customer stays pending', () => {
    const decision = joinSegments(fresh, change(['all-customers']), now);
    expect(decision.kind === 'changed' && decision.next.segments).to.deep.equal({ ids: ['all-customers'], pending: true });
  });

  it('when a customer joins a segment twice or leaves one they are not in, then nothing is written', () => {
    const joined = joinSegments(fresh, change(['vip']), now);
    if (joined.kind !== 'changed') throw new Error('expected a change');
    expect(joinSegments(joined.next, change(['vip']), now)).to.deep.equal({ kind: 'unchanged', membership: joined.next.segments });
    expect(leaveSegments(joined.next, change(['other']), now).kind).to.equal('unchanged');
    const left = leaveSegments(joined.next, change(['vip'], 'segment_deleted'), now);
    expect(left.kind === 'changed' && left.event).to.deep.include({ segmentIds: ['vip'], memberOf: [], reason: 'segment_deleted' });
  });

  it('when a customer registered before segments existed, then they have none and nothing pending', () => {
    const { segments: _none, ...old } = fresh;
    expect(membershipOf(old)).to.deep.equal({ ids: [], pending: false });
  });
});

describe('segment runs', () => {
  const facts = (customerType: string): CustomerFacts => ({
    customerType, status: 'active', emailDomain: 'shop.example', emailVerified: false, phoneVerified: false, marketingEmailOptIn: false,
    groupIds: [], defaultShippingCountry: null, createdAt: '2026-05-01T00:00:00.000Z', lastOrderAt: null, orderCount: 0, totalSpentMinor: {},
  });
  const row = (id: string, customerType: string, segmentIds: string[] = []): CandidateRow => ({ id, createdAt: `2026-05-0${id.length}T00:00:00.000Z`, facts: facts(customerType), segmentIds });
  const business: Rule = { all: [{ field: 'customerType', op: 'eq', value: 'business' }] };

  it('when a page is evaluated, then matching non-members join, members that no longer match leave, and the rest is left alone', () => {
    const rows = [row('a', 'business'), row('b', 'business', ['seg']), row('c', 'individual', ['seg']), row('d', 'individual')];
    expect(pageActions('seg', 'evaluate', business, rows, now)).to.deep.equal([
      { customerId: 'a', action: 'assign' },
      { customerId: 'c', action: 'remove' },
    ]);
  });

  it('when a segment is torn down, then every member leaves whatever the rules say', () => {
    const rows = [row('a', 'business', ['seg']), row('b', 'individual')];
    expect(pageActions('seg', 'teardown', business, rows, now)).to.deep.equal([{ customerId: 'a', action: 'remove' }]);
  });

  it('when pages are done, then the cursor moves to the last row and the counters add up into the finished run', () => {
    let run = newRun('run-1', 'evaluate', 'request', 'admin-1', now);
    expect(run.snapshotAt).to.equal(now.toISOString());
    run = afterPage(run, { rows: 500, lastRow: { createdAt: '2026-05-01T00:00:00.000Z', id: 'z' }, assigned: 10, removed: 2, failed: 1 });
    run = afterPage(run, { rows: 0, lastRow: null, assigned: 0, removed: 0, failed: 0 });
    expect(run.cursor).to.deep.equal({ createdAt: '2026-05-01T00:00:00.000Z', id: 'z' });
    expect(finished(run, 'completed', new Date('2026-06-01T00:00:05Z'))).to.deep.equal({
      runId: 'run-1', kind: 'evaluate', trigger: 'request', startedAt: now.toISOString(), finishedAt: '2026-06-01T00:00:05.000Z', outcome: 'completed', evaluated: 500, assigned: 10, removed: 2, failed: 1,
    });
  });

  it('when a teardown pass ends, then it goes round again while members may remain, and stops once none are listed or the listing stays stale', () => {
    const pass = (removed: number, failed: number, idlePasses: number) => ({ ...newRun('t', 'teardown', 'deletion', 'admin', now), removed, failed, idlePasses });
    expect(afterTeardown(pass(5, 0, 0), 0)).to.deep.equal({ kind: 'done', staleListing: false });
    expect(afterTeardown(pass(5, 0, 3), 7)).to.deep.equal({ kind: 'again', idlePasses: 0 });
    expect(afterTeardown(pass(0, 1, 3), 7)).to.deep.equal({ kind: 'again', idlePasses: 0 });
    expect(afterTeardown(pass(0, 0, 0), 7)).to.deep.equal({ kind: 'again', idlePasses: 1 });
    expect(afterTeardown(pass(0, 0, MAX_IDLE_TEARDOWN_PASSES - 1), 7)).to.deep.equal({ kind: 'done', staleListing: true });
  });
});
