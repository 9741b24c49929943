import type { Request, Response } from 'express';
import { AppError, principalOf, type Principal } from '@idp/common';
import { ERROR_CODES, type PerformedBy } from '@idp/proto';
import { mayAccessCustomer, mayActOnCustomers, type CustomerOperation } from '../domain/access.js';
import { CUSTOMER_ID_PATTERN, customerNotFound } from '../reads.js';

/** The `:id` of the route, once the caller may do `operation` on it: 403 comes before 404, so other
 * callers learn nothing about which ids exist. Needs requireAuth before it. */
export function authorizedCustomerId(req: Request, res: Response, operation: CustomerOperation): string {
  const id = String(req.params.id);
  if (!mayAccessCustomer(principalOf(res), id, operation)) throw new AppError('forbidden', ERROR_CODES.forbidden, 'You may not do this to this customer.');
  if (!CUSTOMER_ID_PATTERN.test(id)) throw customerNotFound();
  return id;
}

/** For routes over many customers (lookup, listing, groups): staff or services with the permission. */
export function requireCustomersPermission(res: Response, operation: 'read' | 'write'): void {
  if (!mayActOnCustomers(principalOf(res), operation)) throw new AppError('forbidden', ERROR_CODES.forbidden, `This needs the permission customers:${operation}.`);
}

/** Who a change is recorded as made by, in its event and the audit log. */
export const performerOf = (principal: Principal): PerformedBy => ({ kind: principal.userType, id: principal.subjectId });
