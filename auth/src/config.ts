import { baseConfigProperties, ConfigError, loadConfig, type BaseConfig } from '@idp/common';

export interface AuthConfig extends BaseConfig {
  ACCESS_TOKEN_TTL_SECONDS: number;
  SESSION_ABSOLUTE_TTL_SECONDS: number;
  SESSION_IDLE_TIMEOUT_SECONDS: number;
  SESSION_LIMIT: number;
  SESSION_LIMIT_POLICY: 'evict-oldest' | 'reject';
  LOGIN_MAX_FAILURES: number;
  LOGIN_FAILURE_WINDOW_SECONDS: number;
  LOGIN_LOCK_SECONDS: number;
  DEVICE_BINDING_ENABLED: boolean;
  /** 0 (default): reusing a rotated refresh token revokes its session at once. Above 0: the exact
   * duplicate of the last refresh within this many seconds gets the same answer again. */
  REFRESH_REUSE_GRACE_SECONDS: number;
  TOKEN_ISSUER: string;
  TOKEN_AUDIENCE: string;
  KEY_ROTATION_INTERVAL_SECONDS: number;
  /** Read-only access to auth_db for the active-sessions gauge; the gauge is off without it. */
  AUTH_DB_URL: string;
  /** How old a replica's copy of a session may be when introspection uses it (the revocation bound
   * across auth replicas; the other apps add their own AUTH_INTROSPECTION_CACHE_SECONDS). */
  SESSION_CACHE_MS: number;
}

const seconds = (fallback: number, minimum = 1) => ({ type: 'integer', minimum, default: fallback });

const schema = {
  type: 'object',
  properties: {
    ...baseConfigProperties,
    APP_PORT: { ...baseConfigProperties.APP_PORT, default: 3001 },
    ACCESS_TOKEN_TTL_SECONDS: seconds(15 * 60, 5),
    SESSION_ABSOLUTE_TTL_SECONDS: seconds(30 * 24 * 3600, 10),
    SESSION_IDLE_TIMEOUT_SECONDS: seconds(7 * 24 * 3600, 10),
    SESSION_LIMIT: { type: 'integer', minimum: 1, maximum: 1000, default: 10 },
    SESSION_LIMIT_POLICY: { type: 'string', enum: ['evict-oldest', 'reject'], default: 'evict-oldest' },
    LOGIN_MAX_FAILURES: { type: 'integer', minimum: 1, maximum: 100, default: 5 },
    LOGIN_FAILURE_WINDOW_SECONDS: seconds(15 * 60),
    LOGIN_LOCK_SECONDS: seconds(15 * 60),
    DEVICE_BINDING_ENABLED: { type: 'boolean', default: false },
    // Hydra's refresh_token_grace_period and Okta's grace period cap this window at a minute or so.
    REFRESH_REUSE_GRACE_SECONDS: { type: 'integer', minimum: 0, maximum: 300, default: 0 },
    TOKEN_ISSUER: { type: 'string', minLength: 1, default: 'urn:idp:auth' },
    TOKEN_AUDIENCE: { type: 'string', minLength: 1, default: 'urn:idp:platform' },
    KEY_ROTATION_INTERVAL_SECONDS: seconds(7 * 24 * 3600, 10),
    AUTH_DB_URL: { type: 'string', default: '' },
    SESSION_CACHE_MS: { type: 'integer', minimum: 0, maximum: 5000, default: 500 },
  },
};

export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const config = loadConfig<AuthConfig>(schema, env);
  // The previous key verifies until the next rotation: it must outlive every token it signed.
  if (config.KEY_ROTATION_INTERVAL_SECONDS <= config.ACCESS_TOKEN_TTL_SECONDS) {
    throw new ConfigError(['KEY_ROTATION_INTERVAL_SECONDS: must be longer than ACCESS_TOKEN_TTL_SECONDS']);
  }
  return config;
}
