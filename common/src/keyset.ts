// Keyset pagination for read models: newest first, id breaking ties, an opaque cursor naming the
// last row of a page. No OFFSET, so a page costs the same deep in a list as at its start.
import type { Request } from 'express';
import { ERROR_CODES, requestSchemaId, type FieldError } from '@idp/proto';
import { AppError } from './errors.js';
import { assertValid } from './validation.js';

export const DEFAULT_PAGE_SIZE = 20;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Position after the last row of a page. */
export interface Keyset {
  createdAt: string;
  id: string;
}

export const encodeCursor = (keyset: Keyset): string => Buffer.from(JSON.stringify([keyset.createdAt, keyset.id])).toString('base64url');

const badCursor: FieldError = { pointer: '/cursor', detail: 'is not a cursor this API returned' };

/** The timestamps this API writes into cursors (ISO 8601, UTC or an offset). `Date.parse` alone is
 * far looser ("1", February 30th and hour 24 are dates to it) and PostgreSQL refuses what it lets
 * through, so every field is checked. */
const CURSOR_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-](\d{2}):(\d{2}))$/;

export function isCursorTime(text: string): boolean {
  const match = CURSOR_TIME.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = match[8] === 'Z' || (Number(match[9]) <= 15 && Number(match[10]) <= 59);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59 && offsetOk;
}

export function decodeCursor(cursor: string): Keyset | FieldError {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const [createdAt, id] = Array.isArray(decoded) && decoded.length === 2 ? decoded : [];
    if (typeof createdAt === 'string' && isCursorTime(createdAt) && typeof id === 'string') return { createdAt, id };
  } catch {
    // fall through: not one of ours
  }
  return badCursor;
}

export const isKeyset = (value: Keyset | FieldError): value is Keyset => 'createdAt' in value;

/** Accumulates WHERE conditions with numbered parameters. */
export class Conditions {
  readonly clauses: string[] = [];
  readonly values: unknown[] = [];

  add(sql: (param: string) => string, value: unknown): void {
    this.values.push(value);
    this.clauses.push(sql(`$${this.values.length}`));
  }

  /** Rows strictly after `after` in (time DESC, id DESC) order; `idType` casts the id parameter. */
  addKeyset(after: Keyset | undefined, timeColumn: string, idColumn: string, idType = 'text'): void {
    if (!after) return;
    this.values.push(after.createdAt, after.id);
    const n = this.values.length;
    this.clauses.push(`(${timeColumn}, ${idColumn}) < ($${n - 1}::timestamptz, $${n}::${idType})`);
  }

  /** Adds the LIMIT parameter and returns its placeholder. */
  limit(limit: number): string {
    this.values.push(limit);
    return `$${this.values.length}`;
  }

  get where(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

/** Fetch one more row than asked: it tells whether there is a next page. */
export function paged<T>(rows: T[], limit: number, keyOf: (row: T) => Keyset): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface QueryShape {
  /** Comma-separated lists, lowercased (enum values). */
  lists?: readonly string[];
  booleans?: readonly string[];
}

/** Query strings arrive as text: lists split on commas, booleans and the limit parsed, so the
 * request schema can check types. Anything unparseable is left as is for the schema to reject. */
export function normalizeQuery(query: Record<string, unknown>, shape: QueryShape = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...query };
  for (const field of shape.lists ?? []) {
    if (typeof out[field] === 'string') out[field] = (out[field] as string).split(',').map((v) => v.trim().toLowerCase()).filter(Boolean);
  }
  for (const field of shape.booleans ?? []) {
    if (out[field] === 'true' || out[field] === 'false') out[field] = out[field] === 'true';
  }
  if (typeof out.limit === 'string' && /^\d{1,4}$/.test(out.limit)) out.limit = Number(out.limit);
  return out;
}

/** The request's query string validated against `schema`, with its cursor decoded and its id part
 * checked against `idPattern` (so it can never reach SQL as something else). */
export function pageQuery<T extends { limit?: number; cursor?: string }>(
  req: Request,
  schema: string,
  options: QueryShape & { idPattern?: RegExp } = {},
): { query: T & { limit: number }; after?: Keyset } {
  const query = assertValid<T>(requestSchemaId(schema), normalizeQuery(req.query as Record<string, unknown>, options));
  let after: Keyset | undefined;
  if (query.cursor !== undefined) {
    const decoded = decodeCursor(query.cursor);
    if (!isKeyset(decoded) || !(options.idPattern ?? /^[A-Za-z0-9_-]{1,64}$/).test(decoded.id)) {
      throw new AppError('invalid', ERROR_CODES.validationFailed, 'The cursor is not valid.', { errors: [badCursor] });
    }
    after = decoded;
  }
  return { query: { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE }, after };
}
