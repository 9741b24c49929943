import { baseConfigProperties, hashingConfigProperties, type HashingConfig, ConfigError, loadConfig, type BaseConfig, type Logger, type ServicePermissions } from '@idp/common';
import { PERMISSIONS } from '@idp/proto';

export interface CustomerConfig extends BaseConfig, HashingConfig {
  /** A pending email claim older than this, whose customer never appeared, can be taken over. */
  EMAIL_CLAIM_PENDING_TIMEOUT_MS: number;
  /** How long an active actor's copy of its document serves reads before one goes to the store. */
  ACTIVE_CUSTOMER_MAX_AGE_MS: number;
  /** How long an "active" answer of auth's introspection is reused: the revocation bound. */
  AUTH_INTROSPECTION_CACHE_SECONDS: number;
  /** ISO 3166 region for phone numbers given without a country code (e.g. TH); unset: + required. */
  DEFAULT_PHONE_REGION?: string;
  /** Verification codes: lifetime, wait before another may be sent, wrong tries allowed per code. */
  VERIFICATION_CODE_TTL_SECONDS: number;
  VERIFICATION_RESEND_COOLDOWN_SECONDS: number;
  VERIFICATION_MAX_ATTEMPTS: number;
  VERIFICATION_BUDGET_WINDOW_SECONDS: number;
  VERIFICATION_MAX_SENDS_PER_WINDOW: number;
  VERIFICATION_MAX_WRONG_CODES_PER_WINDOW: number;
  MAX_ADDRESSES_PER_CUSTOMER: number;
  MAX_GROUPS_PER_CUSTOMER: number;
  /** Time between an erasure request and the erasure (default 30 days). */
  ERASURE_GRACE_SECONDS: number;
  PASSWORD_RESET_TTL_SECONDS: number;
  /** First wait before a failed erasure step is tried again; it doubles up to an hour. */
  ERASURE_RETRY_SECONDS: number;
  /** customer_db, for the directory read model and the audit log (a secret: never logged). */
  CUSTOMER_DB_URL: string;
  /** Other services of the shop allowed in without a user's token, by Dapr app-id, as JSON, e.g.
   * {"order":["customers:read"]}. Dapr's access-control policy must admit the app-id too. */
  SERVICE_PERMISSIONS: string;
  /** Dapr app-id of the order service, asked for each customer's figures by the periodic reconcile. */
  ORDER_APP_ID: string;
  /** Period of each customer's order-statistics reconcile (default daily; jittered per customer). */
  STATS_RECONCILE_INTERVAL_SECONDS: number;
  /** Default period between a segment's scheduled evaluations (a segment may set its own). */
  SEGMENT_EVALUATION_INTERVAL_SECONDS: number;
  /** Segments every new customer joins at registration, comma-separated; each must exist. */
  DEFAULT_SEGMENTS: string;
  /** Directory rows per page of a segment run, and membership writes at once. */
  SEGMENT_PAGE_SIZE: number;
  SEGMENT_WRITE_CONCURRENCY: number;
  /** Audit entries older than this are pruned (daily, by the maintenance actor). */
  AUDIT_LOG_RETENTION_DAYS: number;
  /** Period of the audit pruning (default daily). */
  AUDIT_PRUNE_INTERVAL_SECONDS: number;
}

const schema = {
  type: 'object',
  properties: {
    ...baseConfigProperties,
    APP_PORT: { ...baseConfigProperties.APP_PORT, default: 3003 },
    EMAIL_CLAIM_PENDING_TIMEOUT_MS: { type: 'integer', minimum: 1000, default: 30_000 },
    ACTIVE_CUSTOMER_MAX_AGE_MS: { type: 'integer', minimum: 0, maximum: 60_000, default: 2_000 },
    AUTH_INTROSPECTION_CACHE_SECONDS: { type: 'number', minimum: 0, maximum: 60, default: 0.5 },
    ...hashingConfigProperties,
    DEFAULT_PHONE_REGION: { type: 'string', pattern: '^[A-Z]{2}$' },
    VERIFICATION_CODE_TTL_SECONDS: { type: 'integer', minimum: 1, maximum: 86_400, default: 600 },
    VERIFICATION_RESEND_COOLDOWN_SECONDS: { type: 'integer', minimum: 0, maximum: 3_600, default: 60 },
    VERIFICATION_MAX_ATTEMPTS: { type: 'integer', minimum: 1, maximum: 20, default: 5 },
    // Per customer and channel, whatever the destination (see domain/verification-budget.ts).
    VERIFICATION_BUDGET_WINDOW_SECONDS: { type: 'integer', minimum: 60, maximum: 7 * 86_400, default: 3_600 },
    VERIFICATION_MAX_SENDS_PER_WINDOW: { type: 'integer', minimum: 1, maximum: 100, default: 5 },
    VERIFICATION_MAX_WRONG_CODES_PER_WINDOW: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
    MAX_ADDRESSES_PER_CUSTOMER: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    MAX_GROUPS_PER_CUSTOMER: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    ERASURE_GRACE_SECONDS: { type: 'integer', minimum: 1, maximum: 365 * 86_400, default: 30 * 86_400 },
    PASSWORD_RESET_TTL_SECONDS: { type: 'integer', minimum: 60, maximum: 7 * 86_400, default: 3_600 },
    ERASURE_RETRY_SECONDS: { type: 'integer', minimum: 1, maximum: 3_600, default: 30 },
    CUSTOMER_DB_URL: { type: 'string', pattern: '^postgres(ql)?://' },
    SERVICE_PERMISSIONS: { type: 'string', default: '{}' },
    ORDER_APP_ID: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$', default: 'order' },
    STATS_RECONCILE_INTERVAL_SECONDS: { type: 'integer', minimum: 60, maximum: 30 * 86_400, default: 86_400 },
    SEGMENT_EVALUATION_INTERVAL_SECONDS: { type: 'integer', minimum: 60, maximum: 30 * 86_400, default: 86_400 },
    DEFAULT_SEGMENTS: { type: 'string', pattern: '^([a-z0-9][a-z0-9-]{0,63}(,[a-z0-9][a-z0-9-]{0,63})*)?$', default: 'all-customers,new-customers' },
    SEGMENT_PAGE_SIZE: { type: 'integer', minimum: 10, maximum: 5_000, default: 500 },
    SEGMENT_WRITE_CONCURRENCY: { type: 'integer', minimum: 1, maximum: 64, default: 16 },
    AUDIT_LOG_RETENTION_DAYS: { type: 'integer', minimum: 1, maximum: 36_500, default: 365 },
    AUDIT_PRUNE_INTERVAL_SECONDS: { type: 'integer', minimum: 5, maximum: 30 * 86_400, default: 86_400 },
  },
  required: ['CUSTOMER_DB_URL'],
};

export const loadCustomerConfig = (env: NodeJS.ProcessEnv = process.env): CustomerConfig => loadConfig(schema, env);

const CUSTOMER_PERMISSIONS: readonly string[] = [PERMISSIONS.customersRead, PERMISSIONS.customersWrite];

/** SERVICE_PERMISSIONS parsed and checked. The caller id is trusted only when daprd proves itself to
 * the app (APP_API_TOKEN): without it, any local process could claim to be a service. */
export function servicePermissions(config: CustomerConfig, logger: Logger): ServicePermissions {
  let parsed: unknown;
  try {
    parsed = JSON.parse(config.SERVICE_PERMISSIONS);
  } catch {
    throw new ConfigError(['SERVICE_PERMISSIONS: is not JSON']);
  }
  const valid =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) &&
    Object.entries(parsed).every(([appId, list]) => /^[a-z0-9][a-z0-9-]{0,62}$/.test(appId) && Array.isArray(list) && list.every((p) => CUSTOMER_PERMISSIONS.includes(p)));
  if (!valid) throw new ConfigError([`SERVICE_PERMISSIONS: must map Dapr app-ids to lists of ${CUSTOMER_PERMISSIONS.join(', ')}`]);
  const services = parsed as ServicePermissions;
  if (Object.keys(services).length && !config.APP_API_TOKEN) {
    logger.warn('SERVICE_PERMISSIONS ignored: without APP_API_TOKEN the caller app-id cannot be trusted');
    return {};
  }
  return services;
}

export const defaultSegmentIds = (config: CustomerConfig): string[] => (config.DEFAULT_SEGMENTS ? config.DEFAULT_SEGMENTS.split(',') : []);
