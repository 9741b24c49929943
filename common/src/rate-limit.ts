// Rate limits of the public, unauthenticated routes (login, refresh, registration, password reset):
// per client address — read only from the header the platform's own gateway writes
// (CLIENT_ADDRESS_HEADER; Dapr appends the calling sidecar to X-Forwarded-For, so that one proves
// nothing) — and per identity (an email, the account behind a reset token). Fixed windows of a
// minute, counted in this replica's memory (rate-limiter-flexible): behind N replicas a client gets
// at most N times the limit, a flood damper in front of the per-identity rules that are exact
// (login lockout, verification budget). A request without the header came from inside the platform
// (another service through Dapr), and is limited per identity only.
import type { Request, RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ERROR_CODES } from '@idp/proto';
import { AppError, retryAfterMs } from './errors.js';
import { parseResetToken } from './reset-token.js';
import type { BaseConfig } from './config.js';
import { rateLimited } from './metrics.js';

export interface PublicLimitOptions {
  /** Names the route in the key space and the metric: `login`, `registration`, … */
  route: string;
  /** The identity a request acts on, from its body; undefined: none (no per-identity limit). */
  identity?: (req: Request) => string | undefined;
}

const WINDOW_SECONDS = 60;

/** The end client's address as the gateway wrote it, or undefined. A list keeps the last entry:
 * a gateway that appends writes the address it saw last. */
export function clientAddress(req: Request, header: string): string | undefined {
  if (!header) return undefined;
  const raw = req.headers[header.toLowerCase()];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  const last = value?.split(',').pop()?.trim();
  return last ? last.slice(0, 100) : undefined;
}

/** The lowercased, trimmed string at `field` of the body, if it is one. */
export const bodyField = (field: string) => (req: Request): string | undefined => {
  const value = (req.body as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' && value.length <= 320 ? value.trim().toLowerCase() : undefined;
};

/** The account a reset token names (its secret is not checked here). */
export const resetTokenAccount = (req: Request): string | undefined => {
  const token = (req.body as Record<string, unknown> | undefined)?.token;
  return typeof token === 'string' && token.length <= 300 ? parseResetToken(token)?.userId : undefined;
};

export class PublicRateLimits {
  private readonly perAddress: RateLimiterMemory;
  private readonly perIdentity: RateLimiterMemory;

  constructor(private readonly config: Pick<BaseConfig, 'CLIENT_ADDRESS_HEADER' | 'PUBLIC_RATE_LIMIT_PER_ADDRESS' | 'PUBLIC_RATE_LIMIT_PER_IDENTITY'>) {
    this.perAddress = new RateLimiterMemory({ keyPrefix: 'address', points: config.PUBLIC_RATE_LIMIT_PER_ADDRESS, duration: WINDOW_SECONDS });
    this.perIdentity = new RateLimiterMemory({ keyPrefix: 'identity', points: config.PUBLIC_RATE_LIMIT_PER_IDENTITY, duration: WINDOW_SECONDS });
  }

  /** Middleware for one public route: 429 too_many_requests with Retry-After once a limit is spent. */
  route(options: PublicLimitOptions): RequestHandler {
    return (req, _res, next) => {
      const address = clientAddress(req, this.config.CLIENT_ADDRESS_HEADER);
      const identity = options.identity?.(req);
      const checks: Promise<unknown>[] = [];
      if (address) checks.push(this.perAddress.consume(`${options.route}:${address}`).catch((refusal: unknown) => Promise.reject(refused(refusal, options.route, 'address'))));
      if (identity) checks.push(this.perIdentity.consume(`${options.route}:${identity}`).catch((refusal: unknown) => Promise.reject(refused(refusal, options.route, 'identity'))));
      Promise.all(checks).then(() => next(), next);
    };
  }
}

function refused(refusal: unknown, route: string, by: 'address' | 'identity'): unknown {
  if (!(refusal instanceof RateLimiterRes)) return refusal;
  rateLimited.inc({ route, by });
  const detail = by === 'address' ? 'Too many requests from this address; try again later.' : 'Too many requests for this account; try again later.';
  return new AppError('rate_limited', ERROR_CODES.tooManyRequests, detail, retryAfterMs(refusal.msBeforeNext));
}
