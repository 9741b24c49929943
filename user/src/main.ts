// Composition root: config -> clients -> routes -> DaprServer. The user app's accounts, roles and
// actors arrive with its own issue; until then it boots, reports health and serves metrics.
import { createLogger, DaprClient, runMain, startApp } from '@idp/common';
import { loadUserConfig } from './config.js';
import { STORES } from './stores.js';

const logger = createLogger('user', process.env.LOG_LEVEL);

runMain(logger, async () => {
  const config = loadUserConfig();
  const dapr = new DaprClient({ host: config.DAPR_HOST, httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });
  return startApp({ appId: 'user', config, logger, dapr, readinessStores: [STORES.aggregates, STORES.actors], routes: () => undefined });
});
