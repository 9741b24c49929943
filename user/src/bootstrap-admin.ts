// `npm run bootstrap-admin -w user`: creates the first administrator through a running user app's
// sidecar, once (see bootstrap.ts). Reads BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD, and
// DAPR_HTTP_PORT / DAPR_API_TOKEN of the user app's sidecar. Prints the outcome as JSON.
import { createLogger, DaprClient, loadConfig, type BaseConfig } from '@idp/common';
import { userConfigSchema } from './config.js';
import { accountServices } from './composition.js';
import { ensureBootstrapAdmin } from './bootstrap.js';

const logger = createLogger('user-bootstrap', process.env.LOG_LEVEL ?? 'warn');

async function main(): Promise<void> {
  const schema = { ...userConfigSchema, required: ['BOOTSTRAP_ADMIN_EMAIL', 'BOOTSTRAP_ADMIN_PASSWORD'] };
  const config = loadConfig<BaseConfig & { BOOTSTRAP_ADMIN_EMAIL: string; BOOTSTRAP_ADMIN_PASSWORD: string }>(schema, { ...process.env, NODE_ENV: 'development' });
  const dapr = new DaprClient({ host: config.DAPR_HOST, httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });
  const outcome = await ensureBootstrapAdmin({ dapr, ...accountServices(dapr, logger) }, { email: config.BOOTSTRAP_ADMIN_EMAIL, password: config.BOOTSTRAP_ADMIN_PASSWORD });
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bootstrap-admin failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
