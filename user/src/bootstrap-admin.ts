// `npm run bootstrap-admin -w user`: creates the first administrator through a running user app's
// sidecar, once (see bootstrap.ts). With `--reset-password` (`npm run admin:reset-password` from the
// repository root): the operator's recovery — sets the bootstrap administrator's password to
// BOOTSTRAP_ADMIN_PASSWORD (user.password.changed, performed by the system), ends its sessions and
// its login lock (account.unlocked). Reads BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD, and
// DAPR_HTTP_PORT / DAPR_API_TOKEN of the user app's sidecar. Prints the outcome as JSON.
import { createLogger, DaprClient, loadConfig, type BaseConfig } from '@idp/common';
import { userConfigSchema } from './config.js';
import { accountServices } from './composition.js';
import { ensureBootstrapAdmin, PASSWORD_MISMATCH_HINT } from './bootstrap.js';

const logger = createLogger('user-bootstrap', process.env.LOG_LEVEL ?? 'warn');

async function main(): Promise<void> {
  const reset = process.argv.includes('--reset-password');
  const schema = { ...userConfigSchema, required: ['BOOTSTRAP_ADMIN_EMAIL', 'BOOTSTRAP_ADMIN_PASSWORD'] };
  const config = loadConfig<BaseConfig & { BOOTSTRAP_ADMIN_EMAIL: string; BOOTSTRAP_ADMIN_PASSWORD: string }>(schema, { ...process.env, NODE_ENV: 'development' });
  const dapr = new DaprClient({ host: config.DAPR_HOST, httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });
  const services = accountServices(dapr, logger);
  const admin = { email: config.BOOTSTRAP_ADMIN_EMAIL, password: config.BOOTSTRAP_ADMIN_PASSWORD };
  const outcome = await ensureBootstrapAdmin({ dapr, ...services }, admin, { checkPassword: !reset });
  if (reset && outcome.result === 'exists') {
    await services.accounts.setPasswordAsOperator(outcome.userId, admin.password, { kind: 'system', id: 'bootstrap-reset' });
    process.stdout.write(`${JSON.stringify({ result: 'password_reset', userId: outcome.userId })}\n`);
    return;
  }
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
  if (outcome.result === 'exists' && outcome.passwordMatches === false) process.stderr.write(`${PASSWORD_MISMATCH_HINT}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bootstrap-admin failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
