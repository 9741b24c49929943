// The bench subscriber as a synthetic Multi-App Run entry, so scripts/runtime starts it with its own
// real daprd like the platform's apps (and with their health-check settings, taken from `template`).
// Its resources are the platform's own components/: pubsub.yaml is unscoped (any service of the shop
// may subscribe), the stores and auth's declarative subscriptions are scoped away from it.
import { join } from 'node:path';
import type { AppSpec } from '../../scripts/runtime/apps.js';
import { freePorts } from '../../scripts/runtime/net.js';

export const SUBSCRIBER_APP_ID = 'bench-subscriber';

export async function subscriberSpec(root: string, template: AppSpec): Promise<AppSpec> {
  const [app, daprHttp, daprGrpc, daprInternalGrpc, metrics] = (await freePorts(5)) as [number, number, number, number, number];
  return {
    ...template,
    appId: SUBSCRIBER_APP_ID,
    cwd: join(root, 'bench', 'subscriber'),
    command: [process.execPath, '--import', 'tsx', 'main.ts'],
    configFile: join(root, 'bench', 'dapr', 'config.yaml'),
    resourcesPath: join(root, 'components'),
    ports: { app, daprHttp, daprGrpc, daprInternalGrpc, metrics },
    env: {},
    healthCheckPath: '/healthz',
    logLevel: 'warn',
  };
}
