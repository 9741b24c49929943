// A customer's address book: list, add, read, change and delete addresses, each change with its
// event through the outbox (customer.address.created|updated|deleted).
import { Router, type Request, type RequestHandler } from 'express';
import { AppError, assertValid, asyncHandler, principalOf, unwrap } from '@idp/common';
import { ERROR_CODES, requestSchemaId, type FieldError } from '@idp/proto';
import { addressesOf, normalizeAddressInput, type AddressInput } from '../domain/addresses.js';
import { normalizePhone } from '../domain/normalize.js';
import type { CustomerActors } from '../clients/actors.js';
import type { CustomerReader } from '../reads.js';
import { authorizedCustomerId, performerOf } from './authorize.js';

export interface AddressRouteDeps {
  actors: CustomerActors;
  reader: CustomerReader;
  /** Bearer tokens, and services by their Dapr app-id (main.ts). */
  authenticated: RequestHandler;
  defaultPhoneRegion?: string;
}

const ADDRESS_ID_PATTERN = /^[0-9a-f-]{36}$/;

function addressId(req: Request): string {
  const id = String(req.params.addressId);
  if (!ADDRESS_ID_PATTERN.test(id)) throw new AppError('not_found', ERROR_CODES.addressNotFound, 'No address with this id.');
  return id;
}

export function addressesRouter(deps: AddressRouteDeps): Router {
  const router = Router();
  const { authenticated } = deps;

  /** Trimmed, country uppercased, phone in E.164, then checked against the request schema. */
  function validAddress(schema: 'customer.address-create' | 'customer.address-update', body: unknown): AddressInput {
    const input = normalizeAddressInput(body) as Record<string, unknown>;
    const errors: FieldError[] = [];
    if (typeof input?.phone === 'string') {
      const phone = normalizePhone(input.phone, deps.defaultPhoneRegion);
      if (phone) input.phone = phone;
      else errors.push({ pointer: '/phone', detail: 'is not a valid phone number (use international format, e.g. +14155550123)' });
    }
    return assertValid<AddressInput>(requestSchemaId(schema), input, errors);
  }

  router.get(
    '/v1/customers/:id/addresses',
    authenticated,
    asyncHandler(async (req, res) => {
      const aggregate = await deps.reader.live(authorizedCustomerId(req, res, 'read'));
      res.json({ items: addressesOf(aggregate) });
    }),
  );

  router.post(
    '/v1/customers/:id/addresses',
    authenticated,
    asyncHandler(async (req, res) => {
      const id = authorizedCustomerId(req, res, 'write');
      const address = unwrap(await deps.actors.addAddress(id, validAddress('customer.address-create', req.body), performerOf(principalOf(res))));
      res.status(201).location(`/v1/customers/${id}/addresses/${address.id}`).json(address);
    }),
  );

  router.get(
    '/v1/customers/:id/addresses/:addressId',
    authenticated,
    asyncHandler(async (req, res) => {
      const aggregate = await deps.reader.live(authorizedCustomerId(req, res, 'read'));
      const wanted = addressId(req);
      const address = addressesOf(aggregate).find((a) => a.id === wanted);
      if (!address) throw new AppError('not_found', ERROR_CODES.addressNotFound, 'No address with this id.');
      res.json(address);
    }),
  );

  router.patch(
    '/v1/customers/:id/addresses/:addressId',
    authenticated,
    asyncHandler(async (req, res) => {
      const id = authorizedCustomerId(req, res, 'write');
      const target = addressId(req);
      res.json(unwrap(await deps.actors.updateAddress(id, target, validAddress('customer.address-update', req.body), performerOf(principalOf(res)))));
    }),
  );

  router.delete(
    '/v1/customers/:id/addresses/:addressId',
    authenticated,
    asyncHandler(async (req, res) => {
      const id = authorizedCustomerId(req, res, 'write');
      unwrap(await deps.actors.removeAddress(id, addressId(req), performerOf(principalOf(res))));
      res.status(204).end();
    }),
  );

  return router;
}
