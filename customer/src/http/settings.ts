// A customer's settings: communication preferences (marketing consent), password, and the
// verification of their email and phone.
import { Router, type RequestHandler } from 'express';
import { assertValid, asyncHandler, principalOf, unwrap, type Logger, type PasswordHasher } from '@idp/common';
import { requestSchemaId, type VerificationChannel } from '@idp/proto';
import { preferencesView, type PreferencesInput } from '../domain/preferences.js';
import { changeCustomerPassword } from '../password-change.js';
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

  // Only the customer: an admin resets a password through a reset flow, never by knowing the old one.
  router.post(
    '/v1/customers/:id/password',
    authenticated,
    asyncHandler(async (req, res) => {
      const principal = principalOf(res);
      const id = authorizedCustomerId(req, res, 'write');
      const request = assertValid<{ currentPassword: string; newPassword: string }>(requestSchemaId('customer.password-change'), req.body);
      const keepSessionId = principal.userType === 'customer' ? principal.sessionId : null;
      await changeCustomerPassword(deps, id, request, keepSessionId, performerOf(principalOf(res)));
      res.status(204).end();
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
