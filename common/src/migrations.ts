// Read-model migrations: plain SQL files kept beside each app (`<app>/migrations/NNN_name.sql`, with
// `-- Up Migration` / `-- Down Migration` sections), applied at start by node-pg-migrate. Replicas
// starting together wait on its advisory lock, so each migration runs once.
import { runner } from 'node-pg-migrate';
import type { Logger } from './logger.js';

export interface MigrationOptions {
  databaseUrl: string;
  /** Folder of the app's .sql migrations. */
  dir: string;
  /** Schema the read model lives in (created if absent); Dapr's own tables stay outside it. */
  schema: string;
  logger: Logger;
}

export async function applyMigrations({ databaseUrl, dir, schema, logger }: MigrationOptions): Promise<string[]> {
  const applied = await runner({
    databaseUrl,
    dir,
    schema,
    createSchema: true,
    migrationsSchema: schema,
    migrationsTable: 'migrations',
    direction: 'up',
    singleTransaction: true,
    advisoryLockMode: 'wait',
    checkOrder: true,
    log: () => undefined,
  });
  const names = applied.map((migration) => migration.name);
  logger.info('read-model migrations applied', { schema, applied: names });
  return names;
}
