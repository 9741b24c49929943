// Composition root: config -> clients -> actors -> routes -> DaprServer.
import { fileURLToPath } from 'node:url';
import { applyMigrations, Bulkhead, IndexClaims, createLogger, DaprClient, databaseReachable, hashingOptions, OutboxWriter, startOutboxSweep, PasswordHasher, PublicRateLimits, readModelPool, remoteVerifier, requireAuth, runMain, startApp, subscriptionRoute } from '@idp/common';
import { defaultSegmentIds, loadCustomerConfig, servicePermissions } from './config.js';
import { configureActors } from './actors/deps.js';
import { configureSegmentActors } from './actors/segment-deps.js';
import { configureMaintenanceActor } from './actors/maintenance-deps.js';
import { SegmentActor } from './actors/SegmentActor.js';
import { AUDIT_RETENTION_ID, MAINTENANCE_ACTOR, MaintenanceActor } from './actors/MaintenanceActor.js';
import { OrderClient } from './clients/orders.js';
import { SegmentActors } from './clients/segment-actors.js';
import { SegmentCatalog } from './directory/segments.js';
import { segmentsRouter } from './http/segments.js';
import { statsRouter } from './http/stats.js';
import { orderEventHandlers } from './orders.js';
import { ensureSchedules } from './schedules.js';
import { CustomerActor } from './actors/CustomerActor.js';
import { EmailIndexActor, PhoneIndexActor } from './actors/UniqueIndexActor.js';
import { CustomerActors } from './clients/actors.js';
import { AuthClient } from './clients/auth.js';
import { VerificationCodes } from './clients/verification-codes.js';
import { CustomerReader } from './reads.js';
import { ActiveCustomers } from './actors/active-customers.js';
import { CustomerLifecycle } from './lifecycle.js';
import { customersRouter } from './http/customers.js';
import { internalRouter } from './http/internal.js';
import { settingsRouter } from './http/settings.js';
import { addressesRouter } from './http/addresses.js';
import { directoryRouter } from './http/directory.js';
import { erasureRouter } from './http/erasure.js';
import { groupsRouter } from './http/groups.js';
import { CustomerGroups } from './directory/groups.js';
import { DirectoryProjection } from './directory/projection.js';
import { DirectoryQueries } from './directory/queries.js';
import { AUDITED_EVENTS, PROJECTED_ONLY_EVENTS } from './domain/audit.js';
import { STORES } from './stores.js';
import { TOPICS, type CloudEvent } from '@idp/proto';

const logger = createLogger('customer', process.env.LOG_LEVEL);
/** The read model's schema in customer_db; Dapr's state tables stay in public. */
const DIRECTORY_SCHEMA = 'directory';
const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

runMain(logger, async () => {
  const config = loadCustomerConfig();
  await applyMigrations({ databaseUrl: config.CUSTOMER_DB_URL, dir: MIGRATIONS_DIR, schema: DIRECTORY_SCHEMA, logger });
  const db = readModelPool({ url: config.CUSTOMER_DB_URL, schema: DIRECTORY_SCHEMA, logger });
  const dapr = new DaprClient({ host: config.DAPR_HOST, httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });
  const outbox = new OutboxWriter(dapr, STORES.aggregates);
  startOutboxSweep(config, { pool: db, dapr, logger, appId: 'customer', store: STORES.aggregates, publishTopic: TOPICS.customer });
  const active = new ActiveCustomers(config.ACTIVE_CUSTOMER_MAX_AGE_MS);
  const actors = new CustomerActors(dapr);
  const claims = new IndexClaims(actors, logger);
  const auth = new AuthClient(dapr, logger);
  const catalog = new SegmentCatalog(db);
  const defaultSegments = defaultSegmentIds(config);
  await catalog.requireLive(defaultSegments);
  configureActors({ dapr, outbox, logger, claimPendingTimeoutMs: config.EMAIL_CLAIM_PENDING_TIMEOUT_MS,
    verification: {
      codeTtlMs: config.VERIFICATION_CODE_TTL_SECONDS * 1000,
      resendCooldownMs: config.VERIFICATION_RESEND_COOLDOWN_SECONDS * 1000,
      maxAttempts: config.VERIFICATION_MAX_ATTEMPTS,
      budget: {
        windowMs: config.VERIFICATION_BUDGET_WINDOW_SECONDS * 1000,
        maxSends: config.VERIFICATION_MAX_SENDS_PER_WINDOW,
        maxWrongCodes: config.VERIFICATION_MAX_WRONG_CODES_PER_WINDOW,
      },
    },
    maxAddresses: config.MAX_ADDRESSES_PER_CUSTOMER,
    maxGroups: config.MAX_GROUPS_PER_CUSTOMER,
    erasureGraceMs: config.ERASURE_GRACE_SECONDS * 1000,
    passwordResetTtlMs: config.PASSWORD_RESET_TTL_SECONDS * 1000,
    erasureRetryMs: config.ERASURE_RETRY_SECONDS * 1000,
    // 8 at once, 64 waiting: far below daprd's 1,024 connections to the app (CustomerActor.runErasure).
    erasureBulkhead: new Bulkhead(8, 64),
    auth,
    codes: new VerificationCodes(dapr),
    claims,
    defaultSegments,
    statsReconcileMs: config.STATS_RECONCILE_INTERVAL_SECONDS * 1000,
    orders: new OrderClient(dapr, config.ORDER_APP_ID),
    active,
  });
  configureSegmentActors({ dapr, logger, pool: db, catalog, actors, pageSize: config.SEGMENT_PAGE_SIZE, concurrency: config.SEGMENT_WRITE_CONCURRENCY,
    turnBudgetMs: 3_000, retryDelayMs: 30_000, teardownDelayMs: 2_000 });
  configureMaintenanceActor({ dapr, logger, pool: db, retentionDays: config.AUDIT_LOG_RETENTION_DAYS });
  const segments = new SegmentActors(dapr);
  const segmentEveryMs = config.SEGMENT_EVALUATION_INTERVAL_SECONDS * 1000;
  const hasher = PasswordHasher.create(hashingOptions(config));
  // Sign-in's password checks go first: a flood of registrations or resets waits behind them (and
  // is turned away with 503 server_busy), never the other way round.
  const signInHasher = hasher.forSignIn();
  const limits = new PublicRateLimits(config);
  const verifier = remoteVerifier(dapr, { cacheSeconds: config.AUTH_INTROSPECTION_CACHE_SECONDS });
  const authenticated = requireAuth(verifier, servicePermissions(config, logger));
  const reader = new CustomerReader(dapr, active);
  const lifecycle = new CustomerLifecycle(actors, claims, auth, logger);
  const projection = new DirectoryProjection(db, reader);
  const directoryHandlers = Object.fromEntries([...AUDITED_EVENTS, ...PROJECTED_ONLY_EVENTS].map((type) => [type, (event: CloudEvent) => projection.handle(event)]));

  return startApp({
    appId: 'customer',
    config,
    logger,
    dapr,
    readinessStores: [STORES.aggregates, STORES.actors],
    readinessChecks: { directory: () => databaseReachable(db) },
    actors: [CustomerActor, EmailIndexActor, PhoneIndexActor, SegmentActor, MaintenanceActor],
    routes: (app) => {
      app.use(customersRouter({ actors, claims, lifecycle, reader, hasher, logger, authenticated, defaultPhoneRegion: config.DEFAULT_PHONE_REGION, limits }));
      app.use(settingsRouter({ actors, reader, hasher, auth, logger, authenticated, limits }));
      const queries = new DirectoryQueries(db);
      app.use(directoryRouter({ queries, authenticated }));
      app.use(groupsRouter({ groups: new CustomerGroups(db), queries, actors, authenticated }));
      app.post('/events/directory', subscriptionRoute(directoryHandlers, logger));
      app.post('/events/orders', subscriptionRoute(orderEventHandlers(actors), logger));
      app.use(statsRouter({ actors, reader, authenticated }));
      app.use(segmentsRouter({ catalog, queries, segments, authenticated, defaultEveryMs: segmentEveryMs }));
      app.use(erasureRouter({ actors, authenticated }));
      app.use(addressesRouter({ actors, reader, authenticated, defaultPhoneRegion: config.DEFAULT_PHONE_REGION }));
      app.use(internalRouter(actors, reader, signInHasher, logger));
    },
    afterStart: () =>
      ensureSchedules({ catalog, segments, dapr, logger, segmentEveryMs, maintenance: { actorType: MAINTENANCE_ACTOR, id: AUDIT_RETENTION_ID, everyMs: config.AUDIT_PRUNE_INTERVAL_SECONDS * 1000 } }),
  });
});
