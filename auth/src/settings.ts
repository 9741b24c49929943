import type { LockoutPolicy } from './domain/lockout.js';
import type { SessionPolicy } from './domain/session.js';
import type { SessionLimitPolicy } from './domain/session-limit.js';
import type { TokenSettings } from './tokens/token-service.js';
import type { AuthConfig } from './config.js';

/** Auth's rules, in the units the domain uses, derived once from the validated configuration. */
export interface AuthSettings {
  session: SessionPolicy;
  sessionLimit: number;
  sessionLimitPolicy: SessionLimitPolicy;
  lockout: LockoutPolicy;
  tokens: TokenSettings;
  keyRotationIntervalMs: number;
}

export function settingsFrom(config: AuthConfig): AuthSettings {
  return {
    session: {
      absoluteTtlMs: config.SESSION_ABSOLUTE_TTL_SECONDS * 1000,
      idleTimeoutMs: config.SESSION_IDLE_TIMEOUT_SECONDS * 1000,
      deviceBinding: config.DEVICE_BINDING_ENABLED,
      reuseGraceMs: config.REFRESH_REUSE_GRACE_SECONDS * 1000,
    },
    sessionLimit: config.SESSION_LIMIT,
    sessionLimitPolicy: config.SESSION_LIMIT_POLICY,
    lockout: {
      maxFailures: config.LOGIN_MAX_FAILURES,
      windowMs: config.LOGIN_FAILURE_WINDOW_SECONDS * 1000,
      lockMs: config.LOGIN_LOCK_SECONDS * 1000,
    },
    tokens: { issuer: config.TOKEN_ISSUER, audience: config.TOKEN_AUDIENCE, accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS },
    keyRotationIntervalMs: config.KEY_ROTATION_INTERVAL_SECONDS * 1000,
  };
}
