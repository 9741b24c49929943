// One error type for the whole platform: domain and HTTP code throw AppError, a single express
// middleware (problem.ts) turns it into problem+json. Anything else becomes an opaque 500.
import { ERROR_CODES, type ErrorCode, type FieldError } from '@idp/proto';

export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'locked'
  | 'rate_limited'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unavailable'
  | 'internal';

export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  locked: 423,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export interface AppErrorOptions {
  errors?: FieldError[];
  /** Seconds a client should wait before retrying (503, 423, 429). */
  retryAfter?: number;
  /** Extra problem members, e.g. `currentStatus`. */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly kind: ErrorKind,
    readonly code: ErrorCode,
    readonly detail: string,
    readonly options: AppErrorOptions = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = 'AppError';
    this.status = STATUS_BY_KIND[kind];
  }
}

export const validationError = (errors: FieldError[], detail = 'The request body is not valid.'): AppError =>
  new AppError('invalid', ERROR_CODES.validationFailed, detail, { errors });

/** The wait of a 423/429/503, as the Retry-After header and as `retryAfterSeconds` in the body. */
export function retryAfterMs(ms: number): Pick<AppErrorOptions, 'retryAfter' | 'extensions'> {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return { retryAfter: seconds, extensions: { retryAfterSeconds: seconds } };
}

/** A login identity locked after too many wrong passwords (login and password changes alike). */
export const accountLockedError = (lockedForMs: number): AppError =>
  new AppError('locked', ERROR_CODES.accountLocked, 'Too many wrong passwords; try again later.', retryAfterMs(lockedForMs));

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

/** A serializable form of AppError, for crossing actor boundaries (actor errors arrive as bare 500s). */
export interface ErrorResult {
  kind: ErrorKind;
  code: ErrorCode;
  detail: string;
  options?: Omit<AppErrorOptions, 'cause'>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorResult };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function failure(error: AppError): { ok: false; error: ErrorResult } {
  const { cause: _cause, ...options } = error.options;
  return { ok: false, error: { kind: error.kind, code: error.code, detail: error.detail, options } };
}

/** Rebuilds the AppError an actor returned, or returns the value. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new AppError(result.error.kind, result.error.code, result.error.detail, result.error.options);
}

/** Runs an actor method body and returns domain errors as a Result: actor errors reach callers as
 * bare 500s, so AppErrors must cross the actor boundary as values. Other errors still throw. */
export async function asResult<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await work());
  } catch (error) {
    if (isAppError(error)) return failure(error);
    throw error;
  }
}

/** Formats milliseconds as a Dapr duration (`123s`); reminders reject day-based periods. */
export const daprDuration = (ms: number): string => `${Math.max(0, Math.ceil(ms / 1000))}s`;
