// Environment configuration: each app declares a JSON Schema for its variables; values are coerced,
// defaulted and validated once at start, and the process stops with one clear message otherwise.
import { Ajv } from 'ajv';

export interface BaseConfig {
  NODE_ENV: 'development' | 'test' | 'production';
  LOG_LEVEL: 'error' | 'warn' | 'info' | 'debug';
  APP_HOST: string;
  /** 0 picks a free port (tests). */
  APP_PORT: number;
  DAPR_HOST: string;
  DAPR_HTTP_PORT: number;
  DAPR_GRPC_PORT: number;
  /** Token daprd sends to the app (`dapr-api-token` header); required outside development. */
  APP_API_TOKEN: string;
  /** Token the app sends to daprd; required outside development. */
  DAPR_API_TOKEN: string;
  /** The header in which the platform's own gateway (ingress) writes the end client's address;
   * empty: public routes are not limited per address. Never a header a client may set itself. */
  CLIENT_ADDRESS_HEADER: string;
  /** Requests per minute one client address may make to each limited public route. */
  PUBLIC_RATE_LIMIT_PER_ADDRESS: number;
  /** Requests per minute for one identity (an email, an account behind a token) on such a route. */
  PUBLIC_RATE_LIMIT_PER_IDENTITY: number;
  /** Dapr's namespace of this app (names the outbox's internal topic); `default` locally. */
  NAMESPACE: string;
  /** How often the outbox sweep looks for committed events never published, and how old a marker
   * must be before it counts as lost (common/src/outbox-sweeper.ts). */
  OUTBOX_SWEEP_INTERVAL_SECONDS: number;
  OUTBOX_SWEEP_MIN_AGE_SECONDS: number;
}

export const baseConfigProperties = {
  NODE_ENV: { type: 'string', enum: ['development', 'test', 'production'], default: 'development' },
  LOG_LEVEL: { type: 'string', enum: ['error', 'warn', 'info', 'debug'], default: 'info' },
  APP_HOST: { type: 'string', default: '127.0.0.1' },
  APP_PORT: { type: 'integer', minimum: 0, maximum: 65535 },
  DAPR_HOST: { type: 'string', default: '127.0.0.1' },
  DAPR_HTTP_PORT: { type: 'integer', minimum: 1, maximum: 65535, default: 3500 },
  DAPR_GRPC_PORT: { type: 'integer', minimum: 1, maximum: 65535, default: 50001 },
  APP_API_TOKEN: { type: 'string', default: '' },
  DAPR_API_TOKEN: { type: 'string', default: '' },
  CLIENT_ADDRESS_HEADER: { type: 'string', pattern: '^[A-Za-z0-9-]*$', default: '' },
  PUBLIC_RATE_LIMIT_PER_ADDRESS: { type: 'integer', minimum: 1, maximum: 100_000, default: 60 },
  PUBLIC_RATE_LIMIT_PER_IDENTITY: { type: 'integer', minimum: 1, maximum: 100_000, default: 30 },
  NAMESPACE: { type: 'string', pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$', default: 'default' },
  OUTBOX_SWEEP_INTERVAL_SECONDS: { type: 'number', minimum: 1, maximum: 3_600, default: 30 },
  // Above the outbox pub/sub's processingTimeout (60 s), after which a pending message is claimed again.
  OUTBOX_SWEEP_MIN_AGE_SECONDS: { type: 'number', minimum: 5, maximum: 86_400, default: 90 },
} as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true, strict: false });

export function loadConfig<T extends BaseConfig>(schema: { properties?: object }, env: NodeJS.ProcessEnv = process.env): T {
  const keys = Object.keys(schema.properties ?? {});
  const raw: Record<string, unknown> = {};
  for (const key of keys) if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  const validate = ajv.compile(schema);
  if (!validate(raw)) {
    throw new ConfigError((validate.errors ?? []).map((e) => `${e.instancePath.slice(1) || (e.params as { missingProperty?: string }).missingProperty || 'env'}: ${e.message}`));
  }
  const config = raw as unknown as T;
  if (config.NODE_ENV !== 'development') {
    const missing = (['APP_API_TOKEN', 'DAPR_API_TOKEN'] as const).filter((k) => !config[k]);
    if (missing.length) throw new ConfigError(missing.map((k) => `${k}: is required when NODE_ENV is ${config.NODE_ENV}`));
  }
  return config;
}
