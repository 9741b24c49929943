// Boots an app: its own express app (context, metrics, JSON bodies, health, app-token guard, its
// routes, problem+json) handed to the SDK's DaprServer, which adds the actor routes and listens.
import type { Server } from 'node:http';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { AbstractActor, CommunicationProtocolEnum, DaprServer } from '@dapr/dapr';
import type { ActorRuntimeOptions } from '@dapr/dapr/types/actors/ActorRuntimeOptions.js';
import { requireAppToken, requireScrapeToken } from './app-token.js';
import type { BaseConfig } from './config.js';
import { contextFromTraceparent, runWithContext } from './context.js';
import type { DaprClient } from './dapr.js';
import { isAppError } from './errors.js';
import type { Logger } from './logger.js';
import { httpMetrics, initMetrics, metricsHandler } from './metrics.js';
import { problemHandler, routeNotFound } from './problem.js';

type ActorClass = new (...args: never[]) => AbstractActor;

export interface AppDefinition {
  appId: string;
  config: BaseConfig;
  logger: Logger;
  dapr: DaprClient;
  /** State stores whose answer makes the app ready. */
  readinessStores: string[];
  /** Other dependencies that must answer for the app to be ready (e.g. its read-model database). */
  readinessChecks?: Record<string, () => Promise<boolean>>;
  actors?: ActorClass[];
  actorOptions?: ActorRuntimeOptions;
  /** Mounts the app's own routes (public, internal, event subscriptions). */
  routes: (app: Express) => void;
  /** Work once the app serves (e.g. making sure singleton reminders exist): not awaited; it must
   * retry on its own until the sidecar's actor runtime answers. */
  afterStart?: () => Promise<void>;
}

export interface RunningApp {
  app: Express;
  stop(): Promise<void>;
}

const traceContext: RequestHandler = (req, res, next) => {
  const context = contextFromTraceparent(req.header('traceparent'));
  res.setHeader('traceparent', context.traceparent);
  runWithContext(context, next);
};

/** daprd reuses idle connections to the app; if Node closes one first (its default keep-alive is
 * 5 s) a request sent at that moment fails with ECONNRESET. Keep idle connections open longer than
 * the sidecar does. The SDK calls app.listen() itself, so the server is adjusted there. */
function keepConnectionsLongerThanDaprd(app: Express): void {
  const listen = app.listen.bind(app) as (...args: unknown[]) => Server;
  app.listen = ((...args: unknown[]) => {
    const server = listen(...args);
    server.keepAliveTimeout = 120_000;
    server.headersTimeout = 125_000;
    return server;
  }) as Express['listen'];
}

interface RouteLayer {
  route?: { path: string; stack: { handle: (req: Request, res: Response, next: NextFunction) => unknown }[] };
}

/**
 * The SDK's actor routes (deactivation, timers, reminders) are async Express 4 handlers without a
 * catch: a rejection becomes an unhandled rejection, and this process exits on those. Seen when daprd
 * deactivates an actor this process never activated (after a restart): the SDK throws
 * ACTOR_NOT_ACTIVATED. Each such handler is wrapped so a failure answers the sidecar instead; an
 * actor that is not active counts as deactivated. Reaches into Express 4's router stack, the only
 * place those handlers can be caught.
 */
function guardActorRoutes(app: Express, logger: Logger): void {
  const stack = (app as unknown as { _router?: { stack: RouteLayer[] } })._router?.stack ?? [];
  for (const layer of stack) {
    if (!layer.route?.path.startsWith('/actors/')) continue;
    for (const handler of layer.route.stack) {
      const original = handler.handle;
      handler.handle = (req, res, next) =>
        Promise.resolve(original(req, res, next)).catch((error: unknown) => {
          const text = String(error);
          if (req.method === 'DELETE' && text.includes('ACTOR_NOT_ACTIVATED')) {
            if (!res.headersSent) res.status(200).end();
            return;
          }
          logger.error('actor route failed', { path: req.path, error: text });
          if (!res.headersSent) res.status(500).json({ error: 'actor route failed' });
        });
    }
  }
}

/** Errors already logged by an inner actor method (the wrapper covers helpers too). */
const loggedErrors = new WeakSet<object>();

/** The SDK answers a throwing actor method with a bare 500 `{}` and logs nothing: log it here. */
function logActorErrors(actor: ActorClass, logger: Logger): void {
  const prototype = actor.prototype as unknown as Record<string, unknown>;
  // Methods inherited from a shared base class (e.g. the uniqueness index) count too; the most
  // derived definition of each name is the one wrapped, on the actor's own prototype.
  const names = new Set<string>();
  for (let level = actor.prototype as object; level !== AbstractActor.prototype && level !== Object.prototype; level = Object.getPrototypeOf(level) as object) {
    for (const name of Object.getOwnPropertyNames(level)) names.add(name);
  }
  for (const name of names) {
    // Descriptors, not values: reading a getter on the prototype would run it without an actor.
    let method: unknown;
    for (let level = actor.prototype as object; method === undefined && level !== AbstractActor.prototype; level = Object.getPrototypeOf(level) as object) {
      const descriptor = Object.getOwnPropertyDescriptor(level, name);
      if (descriptor) method = descriptor.value ?? null;
    }
    if (name === 'constructor' || typeof method !== 'function') continue;
    const log = (self: AbstractActor, error: unknown): void => {
      // Domain errors become Results at the method's edge (asResult): expected, not failures.
      if (isAppError(error) || (error instanceof Object && loggedErrors.has(error))) return;
      logger.error('actor method failed', { actor: actor.name, method: name, actorId: self.getActorId().getId(), error: error instanceof Error ? error.stack : String(error) });
      if (error instanceof Object) loggedErrors.add(error);
    };
    // Synchronous helpers stay synchronous: only a returned promise is awaited for its failure.
    prototype[name] = function (this: AbstractActor, ...args: unknown[]) {
      let result: unknown;
      try {
        result = (method as (...a: unknown[]) => unknown).apply(this, args);
      } catch (error) {
        log(this, error);
        throw error;
      }
      if (result instanceof Promise) {
        return result.catch((error: unknown) => {
          log(this, error);
          throw error;
        });
      }
      return result;
    };
  }
}

function healthRoutes(app: Express, definition: AppDefinition): void {
  const { dapr, readinessStores, appId } = definition;
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', app: appId });
  });
  app.get('/readyz', async (_req, res) => {
    const checks: Record<string, boolean> = { sidecar: await dapr.healthy() };
    for (const store of readinessStores) {
      try {
        await dapr.getState(store, '__readiness_probe');
        checks[store] = true;
      } catch {
        checks[store] = false;
      }
    }
    for (const [name, check] of Object.entries(definition.readinessChecks ?? {})) checks[name] = await check();
    const ready = Object.values(checks).every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks });
  });
  app.get('/metrics', requireScrapeToken(definition.config.APP_API_TOKEN), metricsHandler);
}

export async function startApp(definition: AppDefinition): Promise<RunningApp> {
  const { config, logger, appId } = definition;
  initMetrics(appId);

  const app = express();
  app.disable('x-powered-by');
  // No contract uses HTTP ETags (writes go through actors, not If-Match), and Express's default hashes
  // every response body with SHA-1 for one: 2–3% of the customer app's CPU on GET /v1/customers/me.
  app.set('etag', false);
  keepConnectionsLongerThanDaprd(app);
  app.use(traceContext, httpMetrics);
  app.use(express.json({ limit: '100kb', type: ['application/json', 'application/*+json'] }));
  healthRoutes(app, definition);
  app.use(requireAppToken(config.APP_API_TOKEN));

  // Constructing the server adds the SDK's body parsers; init() adds /dapr/config and /actors/*.
  const server = new DaprServer({
    serverHost: config.APP_HOST,
    serverPort: String(config.APP_PORT),
    communicationProtocol: CommunicationProtocolEnum.HTTP,
    serverHttp: app,
    clientOptions: {
      daprHost: config.DAPR_HOST,
      daprPort: String(config.DAPR_HTTP_PORT),
      communicationProtocol: CommunicationProtocolEnum.HTTP,
      ...(config.DAPR_API_TOKEN ? { daprApiToken: config.DAPR_API_TOKEN } : {}),
      actor: { drainOngoingCallTimeout: '20s', drainRebalancedActors: true, ...definition.actorOptions },
      logger: { level: 1 },
    },
  });
  if (definition.actors?.length) {
    await server.actor.init();
    for (const actor of definition.actors) {
      logActorErrors(actor, logger);
      await server.actor.registerActor(actor as never);
    }
    guardActorRoutes(app, logger);
  }

  definition.routes(app);
  // Subscriptions are declarative (components/subscriptions); tell daprd there are none in code.
  app.get('/dapr/subscribe', (_req, res) => {
    res.json([]);
  });
  app.use(routeNotFound);
  app.use(problemHandler(logger));

  await server.start();
  logger.info('app started', { port: config.APP_PORT, daprHttpPort: config.DAPR_HTTP_PORT });
  definition.afterStart?.().catch((error: unknown) => logger.error('after-start work failed', { error: String(error) }));
  return {
    app,
    stop: async () => {
      await server.stop();
    },
  };
}

/** Crash policy: a request error never exits; a start-up error or an uncaught one does, loudly. */
export function runMain(logger: Logger, main: () => Promise<RunningApp>): void {
  process.on('uncaughtException', (error) => {
    logger.error('uncaught exception; exiting', { error: error.stack });
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    logger.error('unhandled rejection; exiting', { error: reason instanceof Error ? reason.stack : String(reason) });
    process.exit(1);
  });
  main()
    .then((running) => {
      const shutdown = (signal: string) => {
        logger.info('shutting down', { signal });
        running.stop().finally(() => process.exit(0));
      };
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    })
    .catch((error: unknown) => {
      logger.error('start-up failed; exiting', { error: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    });
}
