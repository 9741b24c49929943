import { baseConfigProperties, hashingConfigProperties, type HashingConfig, loadConfig, type BaseConfig } from '@idp/common';

export interface UserConfig extends BaseConfig, HashingConfig {
  /** user_db, for the staff directory read model (a secret: never logged). */
  USER_DB_URL: string;
  /** A pending email claim older than this, whose user never appeared, can be taken over. */
  EMAIL_CLAIM_PENDING_TIMEOUT_MS: number;
  /** How long an "active" answer of auth's introspection is reused: the revocation bound. */
  AUTH_INTROSPECTION_CACHE_SECONDS: number;
  /** How long an admin-issued password reset token works. */
  PASSWORD_RESET_TTL_SECONDS: number;
  /** The first administrator, created once at start when absent (both or neither; see README). */
  BOOTSTRAP_ADMIN_EMAIL?: string;
  BOOTSTRAP_ADMIN_PASSWORD?: string;
}

export const userConfigSchema = {
  type: 'object',
  properties: {
    ...baseConfigProperties,
    APP_PORT: { ...baseConfigProperties.APP_PORT, default: 3002 },
    USER_DB_URL: { type: 'string', pattern: '^postgres(ql)?://' },
    EMAIL_CLAIM_PENDING_TIMEOUT_MS: { type: 'integer', minimum: 1000, default: 30_000 },
    AUTH_INTROSPECTION_CACHE_SECONDS: { type: 'number', minimum: 0, maximum: 60, default: 0.5 },
    ...hashingConfigProperties,
    PASSWORD_RESET_TTL_SECONDS: { type: 'integer', minimum: 60, maximum: 7 * 86_400, default: 3_600 },
    BOOTSTRAP_ADMIN_EMAIL: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' },
    BOOTSTRAP_ADMIN_PASSWORD: { type: 'string', minLength: 12, maxLength: 128 },
  },
  required: ['USER_DB_URL'],
  dependentRequired: { BOOTSTRAP_ADMIN_EMAIL: ['BOOTSTRAP_ADMIN_PASSWORD'], BOOTSTRAP_ADMIN_PASSWORD: ['BOOTSTRAP_ADMIN_EMAIL'] },
};

export const loadUserConfig = (env: NodeJS.ProcessEnv = process.env): UserConfig => loadConfig(userConfigSchema, env);
