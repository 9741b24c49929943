import type pg from 'pg';
import { dependencyHolder, type DaprClient, type Logger } from '@idp/common';
import type { CustomerActors } from '../clients/actors.js';
import type { SegmentCatalog } from '../directory/segments.js';

export interface SegmentDeps {
  dapr: DaprClient;
  logger: Logger;
  /** The directory read model (customer_db, schema directory). */
  pool: pg.Pool;
  catalog: SegmentCatalog;
  actors: CustomerActors;
  /** Directory rows read per page, and membership changes written at once. */
  pageSize: number;
  concurrency: number;
  /** Work per actor turn before the run continues on its next reminder. */
  turnBudgetMs: number;
  retryDelayMs: number;
  teardownDelayMs: number;
}

const holder = dependencyHolder<SegmentDeps>('segment actors');
export const configureSegmentActors = holder.configure;
export const segmentDeps = holder.get;
