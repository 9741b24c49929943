// Stable machine-readable error codes carried in problem+json `code`. Clients branch on these,
// never on `title` or `detail`; a code, once published, is never renamed.

export const ERROR_CODES = {
  validationFailed: 'validation_failed',
  malformedBody: 'malformed_body',
  unsupportedMediaType: 'unsupported_media_type',
  payloadTooLarge: 'payload_too_large',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not_found',
  routeNotFound: 'route_not_found',
  customerNotFound: 'customer_not_found',
  emailTaken: 'email_taken',
  phoneTaken: 'phone_taken',
  invalidStatusTransition: 'invalid_status_transition',
  statusNotUpdatable: 'status_not_updatable',
  alreadyVerified: 'already_verified',
  verificationNotPossible: 'verification_not_possible',
  verificationCooldown: 'verification_cooldown',
  verificationNotRequested: 'verification_not_requested',
  verificationCodeExpired: 'verification_code_expired',
  verificationAttemptsExhausted: 'verification_attempts_exhausted',
  verificationBudgetExhausted: 'verification_budget_exhausted',
  invalidVerificationCode: 'invalid_verification_code',
  addressNotFound: 'address_not_found',
  addressLimitReached: 'address_limit_reached',
  userNotFound: 'user_not_found',
  invalidResetToken: 'invalid_reset_token',
  selfLockout: 'self_lockout',
  erasureNotScheduled: 'erasure_not_scheduled',
  groupNotFound: 'group_not_found',
  groupNameTaken: 'group_name_taken',
  groupNotEmpty: 'group_not_empty',
  groupLimitReached: 'group_limit_reached',
  segmentNotFound: 'segment_not_found',
  segmentExists: 'segment_exists',
  segmentNameTaken: 'segment_name_taken',
  segmentProtected: 'segment_protected',
  invalidCredentials: 'invalid_credentials',
  accountLocked: 'account_locked',
  tooManyAttempts: 'too_many_attempts',
  tooManyRequests: 'too_many_requests',
  accountDisabled: 'account_disabled',
  invalidToken: 'invalid_token',
  invalidRefreshToken: 'invalid_refresh_token',
  deviceMismatch: 'device_mismatch',
  sessionLimitReached: 'session_limit_reached',
  sessionNotFound: 'session_not_found',
  eventBusUnavailable: 'event_bus_unavailable',
  dependencyUnavailable: 'dependency_unavailable',
  serverBusy: 'server_busy',
  concurrentModification: 'concurrent_modification',
  internal: 'internal_error',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** One entry of `errors[]` in a validation problem. */
export interface FieldError {
  /** JSON Pointer into the request body, e.g. `/email`; empty string for the whole body. */
  pointer: string;
  detail: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: ErrorCode;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}
