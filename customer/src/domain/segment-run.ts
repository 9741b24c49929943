// One run of a segment: what it decides for each customer of a directory page, and the run's own
// progress (cursor, counters) kept in the segment actor's state between turns. Pure.
import type { Keyset } from '@idp/common';
import { matches, type CustomerFacts, type Rule } from './segment-rules.js';

export type RunKind = 'evaluate' | 'teardown';
export type RunTrigger = 'schedule' | 'request' | 'deletion';
export type RunOutcome = 'completed' | 'cancelled';

export interface SegmentRun {
  runId: string;
  kind: RunKind;
  trigger: RunTrigger;
  requestedBy: string;
  startedAt: string;
  /** Customers registered after this are left to the next run: a run never chases its own tail. */
  snapshotAt: string;
  cursor: Keyset | null;
  evaluated: number;
  assigned: number;
  removed: number;
  /** Customers whose change failed (the next run tries them again). */
  failed: number;
  /** An evaluation asked for while this one ran: it starts when this one ends. */
  rerun: boolean;
  /** Teardown passes in a row that released nobody while the directory still listed members. */
  idlePasses: number;
}

export interface FinishedRun {
  runId: string;
  kind: RunKind;
  trigger: RunTrigger;
  startedAt: string;
  finishedAt: string;
  outcome: RunOutcome;
  evaluated: number;
  assigned: number;
  removed: number;
  failed: number;
}

export function newRun(runId: string, kind: RunKind, trigger: RunTrigger, requestedBy: string, now: Date): SegmentRun {
  const at = now.toISOString();
  return { runId, kind, trigger, requestedBy, startedAt: at, snapshotAt: at, cursor: null, evaluated: 0, assigned: 0, removed: 0, failed: 0, rerun: false, idlePasses: 0 };
}

/** A directory row as the run sees it. */
export interface CandidateRow {
  id: string;
  createdAt: string;
  facts: CustomerFacts;
  segmentIds: string[];
}

export interface MembershipAction {
  customerId: string;
  action: 'assign' | 'remove';
}

/** The changes a page needs: an evaluation assigns matching non-members and removes members that no
 * longer match; a teardown (the segment was deleted) removes every member. */
export function pageActions(segmentId: string, kind: RunKind, rules: Rule, rows: CandidateRow[], now: Date): MembershipAction[] {
  const actions: MembershipAction[] = [];
  for (const row of rows) {
    const member = row.segmentIds.includes(segmentId);
    const wanted = kind === 'evaluate' && matches(rules, row.facts, now);
    if (wanted && !member) actions.push({ customerId: row.id, action: 'assign' });
    if (!wanted && member) actions.push({ customerId: row.id, action: 'remove' });
  }
  return actions;
}

export interface PageResult {
  rows: number;
  lastRow: Keyset | null;
  assigned: number;
  removed: number;
  failed: number;
}

export function afterPage(run: SegmentRun, page: PageResult): SegmentRun {
  return {
    ...run,
    cursor: page.lastRow ?? run.cursor,
    evaluated: run.evaluated + page.rows,
    assigned: run.assigned + page.assigned,
    removed: run.removed + page.removed,
    failed: run.failed + page.failed,
  };
}

export function finished(run: SegmentRun, outcome: RunOutcome, now: Date): FinishedRun {
  const { runId, kind, trigger, startedAt, evaluated, assigned, removed, failed } = run;
  return { runId, kind, trigger, startedAt, finishedAt: now.toISOString(), outcome, evaluated, assigned, removed, failed };
}

/** Teardown passes that may release nobody while the directory still lists members (its rows catching
 * up with removals, or assignments written just before the deletion) before the listing counts as stale. */
export const MAX_IDLE_TEARDOWN_PASSES = 10;

export type TeardownNext = { kind: 'again'; idlePasses: number } | { kind: 'done'; staleListing: boolean };

/** After a teardown pass: go round again while members may remain, or finish. */
export function afterTeardown(run: SegmentRun, listedMembers: number): TeardownNext {
  if (run.failed > 0) return { kind: 'again', idlePasses: 0 };
  if (listedMembers === 0) return { kind: 'done', staleListing: false };
  const idlePasses = run.removed > 0 ? 0 : (run.idlePasses ?? 0) + 1;
  return idlePasses >= MAX_IDLE_TEARDOWN_PASSES ? { kind: 'done', staleListing: true } : { kind: 'again', idlePasses };
}
