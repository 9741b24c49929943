// RFC 9457 problem+json: the only way any route reports an error.
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { ERROR_CODES, type Problem } from '@idp/proto';
import { AppError, isAppError } from './errors.js';
import { DaprError } from './dapr.js';
import { isDatabaseUnavailable } from './database.js';
import type { Logger } from './logger.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemFromError(error: AppError, instance?: string): Problem {
  return {
    type: `https://errors.idp.local/${error.code}`,
    title: TITLES[error.status] ?? 'Error',
    status: error.status,
    detail: error.detail,
    code: error.code,
    ...(instance ? { instance } : {}),
    ...(error.options.errors ? { errors: error.options.errors } : {}),
    ...error.options.extensions,
  };
}

export function sendProblem(res: Response, error: AppError, instance?: string): void {
  if (error.options.retryAfter !== undefined) res.setHeader('Retry-After', String(error.options.retryAfter));
  res.status(error.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problemFromError(error, instance)));
}

/** Body-parser failures are client errors, not 500s. */
function fromBodyParser(error: { type?: string; status?: number }): AppError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new AppError('invalid', ERROR_CODES.malformedBody, 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new AppError('too_large', ERROR_CODES.payloadTooLarge, 'The request body is too large.');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new AppError('unsupported_media_type', ERROR_CODES.unsupportedMediaType, 'The request body encoding is not supported.');
    default:
      return undefined;
  }
}

const dependencyFailed = () => new AppError('unavailable', ERROR_CODES.dependencyUnavailable, 'A platform dependency failed; retry shortly.', { retryAfter: 1 });

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const known = isAppError(error) ? error : fromBodyParser(error as { type?: string });
    if (known) {
      if (known.status >= 500) logger.warn('request failed', { path: req.path, code: known.code, detail: known.detail, cause: String(known.cause ?? '') });
      return sendProblem(res, known, req.originalUrl);
    }
    if (error instanceof DaprError) {
      // The sidecar or something behind it (an actor, a store) failed: retryable, not a client error.
      logger.warn('sidecar call failed', { path: req.path, errorCode: error.errorCode, status: error.status, error: error.message });
      return sendProblem(res, dependencyFailed(), req.originalUrl);
    }
    if (isDatabaseUnavailable(error)) {
      // A read model's database is down or restarting: retryable, and nothing was written by us.
      logger.warn('database unavailable', { path: req.path, error: String(error) });
      return sendProblem(res, dependencyFailed(), req.originalUrl);
    }
    logger.error('unhandled error', { path: req.path, error: error instanceof Error ? error.stack : String(error) });
    sendProblem(res, new AppError('internal', ERROR_CODES.internal, 'An unexpected error occurred.'), req.originalUrl);
  };
}

export const routeNotFound: RequestHandler = (req, res) => {
  sendProblem(res, new AppError('not_found', ERROR_CODES.routeNotFound, `No route for ${req.method} ${req.path}.`), req.originalUrl);
};

/** Express 4 does not route rejected promises to the error handler; this does. */
export const asyncHandler =
  (work: (req: Request, res: Response, next: NextFunction) => Promise<void>): RequestHandler =>
  (req, res, next) => {
    work(req, res, next).catch(next);
  };
