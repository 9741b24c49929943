// Composition root: config -> clients -> actors -> routes -> DaprServer.
import { createLogger, DaprClient, DirectPublisher, OutboxWriter, PublicRateLimits, readModelPool, runMain, startApp, startOutboxSweep, subscriptionRoute, type TokenVerifier } from '@idp/common';
import { PUBSUB_NAME, TOPICS } from '@idp/proto';
import { loadAuthConfig } from './config.js';
import { settingsFrom } from './settings.js';
import { configureActors } from './actors/deps.js';
import { KeyRingActor } from './actors/KeyRingActor.js';
import { LoginGuardActor } from './actors/LoginGuardActor.js';
import { SessionActor } from './actors/SessionActor.js';
import { SubjectActor } from './actors/SubjectActor.js';
import { CredentialsClient } from './clients/credentials.js';
import { identityEventHandlers } from './events/identity-events.js';
import { permissionEventHandlers } from './events/permission-events.js';
import { activeToken } from './flows/introspection.js';
import { authRouter } from './http/auth.js';
import { AttemptGuard } from './flows/attempt-guard.js';
import { internalRouter } from './http/internal.js';
import { KeyRingCache } from './tokens/key-ring-cache.js';
import { TokenService } from './tokens/token-service.js';
import { STORES } from './stores.js';
import { registerActiveSessionsGauge } from './active-sessions.js';
import { LiveSessions } from './sessions/live-sessions.js';

const logger = createLogger('auth', process.env.LOG_LEVEL);

runMain(logger, async () => {
  const config = loadAuthConfig();
  const settings = settingsFrom(config);
  const dapr = new DaprClient({ host: config.DAPR_HOST, httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });
  const sessions = new LiveSessions(dapr, config.SESSION_CACHE_MS);
  configureActors({ dapr, outbox: new OutboxWriter(dapr, STORES.records), logger, settings, sessions });
  if (config.AUTH_DB_URL) {
    registerActiveSessionsGauge(config.AUTH_DB_URL, logger);
    startOutboxSweep(config, { pool: readModelPool({ url: config.AUTH_DB_URL, schema: 'public', max: 1, logger }), dapr, logger, appId: 'auth', store: STORES.records, publishTopic: TOPICS.auth });
  } else logger.warn('AUTH_DB_URL not set: the auth_sessions_active gauge and the outbox sweep are off');
  const keys = new KeyRingCache(dapr);
  const tokens = new TokenService(keys, settings.tokens);
  const events = new DirectPublisher(dapr, PUBSUB_NAME, TOPICS.auth, logger);
  // Auth verifies its own tokens in process: the same rules as introspection, without a hop.
  const verifier: TokenVerifier = async (token) => {
    const active = await activeToken(sessions, tokens, logger, token);
    return active && { subjectId: active.claims.sub, userType: active.claims.userType, sessionId: active.claims.sid, permissions: active.claims.permissions, expiresAt: active.claims.exp };
  };

  return startApp({
    appId: 'auth',
    config,
    logger,
    dapr,
    readinessStores: [STORES.records, STORES.actors],
    actors: [SubjectActor, SessionActor, LoginGuardActor, KeyRingActor],
    routes: (app) => {
      const guard = new AttemptGuard(dapr);
      app.use(authRouter({ dapr, credentials: new CredentialsClient(dapr), tokens, events, guard, logger, verifier, sessions, sessionPolicy: settings.session, limits: new PublicRateLimits(config) }));
      app.use(internalRouter(dapr, keys, guard));
      app.post('/events/identity', subscriptionRoute(identityEventHandlers(dapr), logger));
      app.post('/events/permissions', subscriptionRoute(permissionEventHandlers(dapr, events), logger));
      app.post('/events/ignored', (_req, res) => {
        res.json({ status: 'SUCCESS' });
      });
    },
  });
});
