import type pg from 'pg';
import { dependencyHolder, type DaprClient, type Logger } from '@idp/common';

export interface MaintenanceDeps {
  dapr: DaprClient;
  logger: Logger;
  pool: pg.Pool;
  retentionDays: number;
}

const holder = dependencyHolder<MaintenanceDeps>('maintenance actor');
export const configureMaintenanceActor = holder.configure;
export const maintenanceDeps = holder.get;
