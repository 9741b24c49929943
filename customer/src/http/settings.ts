// A customer's settings: communication preferences (marketing consent), password, and the
// verification of their email and phone.
import { Router, type RequestHandler } from 'express';
import { assertValid, asyncHandler, principalOf, resetTokenAccount, unwrap, type Logger, type PasswordHasher, type PublicRateLimits } from '@idp/common';
import { requestSchemaId, type VerificationChannel } from '@idp/proto';
import { preferencesView, type PreferencesInput } from '../domain/preferences.js';
import { changeCustomerPassword, issueCustomerPasswordReset, resetCustomerPassword, unlockCustomer } from '../password-change.js';
import type { CustomerActors } from '../clients/actors.js';
import type { AuthClient } from '../clients/auth.js';
import type { CustomerReader } from '../reads.js';
import { authorizedCustomerId, performerOf } from './authorize.js';

export interface SettingsRouteDeps {
  actors: CustomerActors;
  reader: CustomerReader;
  hasher: PasswordHasher;
  auth: AuthClient;
  logger: Logger;
  /** Bearer tokens, and services by their Dapr app-id (main.ts). */
  authenticated: RequestHandler;
  limits: PublicRateLimits;
}

export function settingsRouter(deps: SettingsRouteDeps): Router {
  const router = Router();
  const { authenticated } = deps;

  router.get(
    '/v1/customers/:id/preferences',
    authenticated,
    asyncHandler(async (req, res) => {
      res.json(preferencesView((await deps.reader.live(authorizedCustomerId(req, res, 'read'))).preferences));
    }),
  );

  router.put(
    '/v1/customers/:id/preferences',
    authenticated,
    asyncHandler(async (req, res) => {
      const id = authorizedCustomerId(req, res, 'write');
      const preferences = assertValid<PreferencesInput>(requestSchemaId('customer.preferences'), req.body);
      res.json(unwrap(await deps.actors.updatePreferences(id, preferences, performerOf(principalOf(res)))));
    }),
  );

  // Only the customer: staff reset a password through a reset token, never by knowing the old one.
  router.post(
    '/v1/customers/:id/password',
    authenticated,
    asyncHandler(async (req, res) => {
      const principal = principalOf(res);
      const id = authorizedCustomerId(req, res, 'change_own_password');
      const request = assertValid<{ currentPassword: string; newPassword: string }>(requestSchemaId('customer.password-change'), req.body);
      await changeCustomerPassword(deps, id, request, principal.sessionId, performerOf(principal));
      res.status(204).end();
    }),
  );

  // Staff: a single-use token to hand to the customer out of band (support desk, identity checked).
  router.post(
    '/v1/customers/:id/password-reset',
    authenticated,
    asyncHandler(async (req, res) => {
      const id = authorizedCustomerId(req, res, 'moderate');
      res.status(201).json(await issueCustomerPasswordReset(deps, id, performerOf(principalOf(res))));
    }),
  );

  // Public: the token is the credential (single use, expiring, held only as a hash).
  router.post(
    '/v1/customers/password-reset',
    deps.limits.route({ route: 'password-reset', identity: resetTokenAccount }),
    asyncHandler(async (req, res) => {
      const { token, newPassword } = assertValid<{ token: string; newPassword: string }>(requestSchemaId('customer.password-reset'), req.body);
      await resetCustomerPassword(deps, token, newPassword);
      res.status(204).end();
    }),
  );

  // Staff end a login lock (5 wrong passwords, perhaps someone else's).
  router.post(
    '/v1/customers/:id/unlock',
    authenticated,
    asyncHandler(async (req, res) => {
      const id = authorizedCustomerId(req, res, 'moderate');
      res.json(await unlockCustomer(deps, id, performerOf(principalOf(res))));
    }),
  );

  router.post(
    '/v1/customers/:id/verification',
    authenticated,
    asyncHandler(async (req, res) => {
      const id = authorizedCustomerId(req, res, 'write');
      const { channel } = assertValid<{ channel: VerificationChannel }>(requestSchemaId('customer.verification'), req.body);
      res.status(202).json(unwrap(await deps.actors.requestVerification(id, channel, performerOf(principalOf(res)))));
    }),
  );

  router.post(
    '/v1/customers/:id/verification/confirm',
    authenticated,
    asyncHandler(async (req, res) => {
      const id = authorizedCustomerId(req, res, 'write');
      const { channel, code } = assertValid<{ channel: VerificationChannel; code: string }>(requestSchemaId('customer.verification-confirm'), req.body);
      res.json(unwrap(await deps.actors.confirmVerification(id, channel, code, performerOf(principalOf(res)))));
    }),
  );

  return router;
}
