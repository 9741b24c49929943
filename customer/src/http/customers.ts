// Public customer routes. Registration is open; everything else takes a bearer access token: a
// customer acts on their own record, an admin per permission (domain/access.ts).
import { Router, type RequestHandler } from 'express';
import { AppError, assertValid, asyncHandler, bodyField, principalOf, type Logger, type PasswordHasher, type PublicRateLimits } from '@idp/common';
import { ERROR_CODES, requestSchemaId, type RegisterCustomerRequest } from '@idp/proto';
import { toView, type CustomerView } from '../domain/customer.js';
import { normalizeCustomerInput, normalizeEmail, normalizePhone } from '../domain/normalize.js';
import type { ProfileChanges } from '../domain/profile-update.js';
import { STATUS_ACTIONS } from '../domain/status.js';
import { registerCustomer } from '../registration.js';
import { updateCustomerProfile } from '../profile.js';
import type { CustomerLifecycle } from '../lifecycle.js';
import type { IndexClaims } from '../claims.js';
import type { CustomerActors } from '../clients/actors.js';
import type { CustomerReader } from '../reads.js';
import { authorizedCustomerId as authorizedId, performerOf, requireCustomersPermission } from './authorize.js';

export interface CustomerRouteDeps {
  actors: CustomerActors;
  claims: IndexClaims;
  lifecycle: CustomerLifecycle;
  reader: CustomerReader;
  hasher: PasswordHasher;
  logger: Logger;
  /** Bearer tokens, and services by their Dapr app-id (main.ts). */
  authenticated: RequestHandler;
  defaultPhoneRegion: string | undefined;
  limits: PublicRateLimits;
}

export function customersRouter(deps: CustomerRouteDeps): Router {
  const { actors, claims, lifecycle, reader, hasher, logger, authenticated, defaultPhoneRegion } = deps;
  const router = Router();

  const readCustomer = async (id: string): Promise<CustomerView> => toView(await reader.live(id));

  router.post(
    '/v1/customers',
    deps.limits.route({ route: 'registration', identity: bodyField('email') }),
    asyncHandler(async (req, res) => {
      const { body, errors } = normalizeCustomerInput(req.body, defaultPhoneRegion);
      const key = req.header('idempotency-key');
      if (key !== undefined && !/^[\x21-\x7e]{8,255}$/.test(key)) {
        errors.push({ pointer: '', detail: 'the Idempotency-Key header must be 8 to 255 visible ASCII characters' });
      }
      const request = assertValid<RegisterCustomerRequest>(requestSchemaId('customer.register'), body, errors);
      const view = await registerCustomer(actors, reader, claims, hasher, logger, request, key);
      res.status(201).location(`/v1/customers/${view.id}`).json(view);
    }),
  );

  // Lookup by email or phone through the index actors: one hop, no scan. Admins only.
  router.get(
    '/v1/customers',
    authenticated,
    asyncHandler(async (req, res, next) => {
      const { email, phone } = req.query;
      // Without email or phone this is a directory listing (http/directory.ts).
      if (email === undefined && phone === undefined) {
        next();
        return;
      }
      requireCustomersPermission(res, 'read');
      if (typeof email === 'string' && email && phone === undefined) {
        const ownerId = await actors.owner('email', normalizeEmail(email));
        if (!ownerId) throw new AppError('not_found', ERROR_CODES.customerNotFound, 'No customer with this email.');
        res.json(await readCustomer(ownerId));
        return;
      }
      if (typeof phone === 'string' && phone && email === undefined) {
        const normalized = normalizePhone(phone, defaultPhoneRegion);
        if (!normalized) throw new AppError('invalid', ERROR_CODES.validationFailed, 'The phone number is not valid.', { errors: [{ pointer: '/phone', detail: 'is not a valid phone number' }] });
        const ownerId = await actors.owner('phone', normalized);
        if (!ownerId) throw new AppError('not_found', ERROR_CODES.customerNotFound, 'No customer with this phone number.');
        res.json(await readCustomer(ownerId));
        return;
      }
      throw new AppError('invalid', ERROR_CODES.validationFailed, 'Look customers up with exactly one of ?email= or ?phone=.', {
        errors: [{ pointer: '', detail: 'use exactly one of the query parameters email, phone (or neither, to list)' }],
      });
    }),
  );

  // The signed-in customer's own record (declared before /:id so "me" is not taken for an id).
  router.get(
    '/v1/customers/me',
    authenticated,
    asyncHandler(async (_req, res) => {
      const principal = principalOf(res);
      if (principal.userType !== 'customer') throw new AppError('forbidden', ERROR_CODES.forbidden, 'Only customers have a customer record.');
      res.json(await readCustomer(principal.subjectId));
    }),
  );

  router.get(
    '/v1/customers/:id',
    authenticated,
    asyncHandler(async (req, res) => {
      res.json(await readCustomer(authorizedId(req, res, 'read')));
    }),
  );

  router.patch(
    '/v1/customers/:id',
    authenticated,
    asyncHandler(async (req, res) => {
      const id = authorizedId(req, res, 'write');
      if (typeof req.body === 'object' && req.body !== null && 'status' in req.body) {
        throw new AppError('unprocessable', ERROR_CODES.statusNotUpdatable, 'Status changes only through POST …/activate, …/deactivate or …/suspend.', {
          errors: [{ pointer: '/status', detail: 'cannot be changed by PATCH' }],
        });
      }
      const { body, errors } = normalizeCustomerInput(req.body, defaultPhoneRegion);
      const changes = assertValid<ProfileChanges>(requestSchemaId('customer.update'), body, errors);
      res.json(await updateCustomerProfile(actors, claims, logger, await readCustomer(id), changes, performerOf(principalOf(res))));
    }),
  );

  router.delete(
    '/v1/customers/:id',
    authenticated,
    asyncHandler(async (req, res) => {
      await lifecycle.softDelete(authorizedId(req, res, 'close'), performerOf(principalOf(res)));
      res.status(204).end();
    }),
  );

  for (const action of STATUS_ACTIONS) {
    router.post(
      `/v1/customers/:id/${action}`,
      authenticated,
      asyncHandler(async (req, res) => {
        // Deactivating is closing one's own account; activating and suspending are moderation.
        const id = authorizedId(req, res, action === 'deactivate' ? 'close' : 'moderate');
        res.json(await lifecycle.changeStatus(id, action, performerOf(principalOf(res))));
      }),
    );
  }

  return router;
}
