// Composition root: config -> clients -> actors -> routes -> DaprServer, then the bootstrap admin.
import { fileURLToPath } from 'node:url';
import {
  applyMigrations,
  createLogger,
  DaprClient,
  databaseReachable,
  hashingOptions,
  OutboxWriter,
  PublicRateLimits,
  readModelPool,
  remoteVerifier,
  runMain,
  startApp,
  startOutboxSweep,
  subscriptionRoute,
} from '@idp/common';
import { TOPICS, USER_EVENTS, type CloudEvent } from '@idp/proto';
import { loadUserConfig } from './config.js';
import { configureActors } from './actors/deps.js';
import { UserActor } from './actors/UserActor.js';
import { UserEmailIndexActor } from './actors/UserEmailIndexActor.js';
import { accountServices } from './composition.js';
import { bootstrapWhenReady } from './bootstrap.js';
import { UserDirectoryProjection } from './directory/projection.js';
import { UserDirectoryQueries } from './directory/queries.js';
import { usersRouter } from './http/users.js';
import { internalRouter } from './http/internal.js';
import { STORES } from './stores.js';

const logger = createLogger('user', process.env.LOG_LEVEL);
/** The read model's schema in user_db; Dapr's state tables stay in public. */
const DIRECTORY_SCHEMA = 'directory';
const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

runMain(logger, async () => {
  const config = loadUserConfig();
  await applyMigrations({ databaseUrl: config.USER_DB_URL, dir: MIGRATIONS_DIR, schema: DIRECTORY_SCHEMA, logger });
  const db = readModelPool({ url: config.USER_DB_URL, schema: DIRECTORY_SCHEMA, logger });
  const dapr = new DaprClient({ host: config.DAPR_HOST, httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });
  configureActors({
    dapr,
    outbox: new OutboxWriter(dapr, STORES.aggregates),
    logger,
    claimPendingTimeoutMs: config.EMAIL_CLAIM_PENDING_TIMEOUT_MS,
    passwordResetTtlMs: config.PASSWORD_RESET_TTL_SECONDS * 1000,
  });
  startOutboxSweep(config, { pool: db, dapr, logger, appId: 'user', store: STORES.aggregates, publishTopic: TOPICS.user });
  const services = accountServices(dapr, logger, hashingOptions(config));
  const verifier = remoteVerifier(dapr, { cacheSeconds: config.AUTH_INTROSPECTION_CACHE_SECONDS });
  const projection = new UserDirectoryProjection(db, services.reader);
  const directoryHandlers = Object.fromEntries(Object.values(USER_EVENTS).map((type) => [type, (event: CloudEvent) => projection.handle(event)]));

  const running = await startApp({
    appId: 'user',
    config,
    logger,
    dapr,
    readinessStores: [STORES.aggregates, STORES.actors],
    readinessChecks: { directory: () => databaseReachable(db) },
    actors: [UserActor, UserEmailIndexActor],
    routes: (app) => {
      app.use(usersRouter({ accounts: services.accounts, reader: services.reader, queries: new UserDirectoryQueries(db), verifier, limits: new PublicRateLimits(config) }));
      app.use(internalRouter(services.actors, services.reader, services.signInHasher, logger));
      app.post('/events/directory', subscriptionRoute(directoryHandlers, logger));
    },
  });
  if (config.BOOTSTRAP_ADMIN_EMAIL && config.BOOTSTRAP_ADMIN_PASSWORD) {
    void bootstrapWhenReady({ dapr, ...services }, { email: config.BOOTSTRAP_ADMIN_EMAIL, password: config.BOOTSTRAP_ADMIN_PASSWORD }, logger);
  } else {
    logger.info('no bootstrap administrator configured (BOOTSTRAP_ADMIN_EMAIL, BOOTSTRAP_ADMIN_PASSWORD)');
  }
  return running;
});
