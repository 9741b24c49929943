// Segments (staff): the catalog under /v1/segments, on-demand evaluation, and the members. Rules are
// validated by proto/schemas/segment-rules.json (through the request schemas).
import { Router, type Request, type RequestHandler } from 'express';
import { assertValid, asyncHandler, pageQuery, principalOf, unwrap } from '@idp/common';
import { requestSchemaId } from '@idp/proto';
import { LIST_QUERY_SHAPE, type ListFilters } from '../domain/directory.js';
import { segmentNotFound, type Segment, type SegmentCatalog, type SegmentInput, type SegmentPatch } from '../directory/segments.js';
import type { DirectoryQueries } from '../directory/queries.js';
import type { SegmentActors } from '../clients/segment-actors.js';
import { requireCustomersPermission } from './authorize.js';

export interface SegmentRouteDeps {
  catalog: SegmentCatalog;
  queries: DirectoryQueries;
  segments: SegmentActors;
  authenticated: RequestHandler;
  /** The app's default period between evaluations. */
  defaultEveryMs: number;
}

const SEGMENT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

function segmentIdOf(req: Request): string {
  const id = String(req.params.segmentId);
  if (!SEGMENT_ID_PATTERN.test(id)) throw segmentNotFound();
  return id;
}

export function segmentsRouter(deps: SegmentRouteDeps): Router {
  const router = Router();
  const { authenticated, catalog, segments } = deps;
  const everyMs = (segment: Segment): number => (segment.evaluationIntervalSeconds ? segment.evaluationIntervalSeconds * 1000 : deps.defaultEveryMs);
  /** The catalog row with the run in progress, if any. */
  const withRun = async (segment: Segment) => ({ ...segment, currentRun: await segments.currentRun(segment.id) });

  router.post(
    '/v1/segments',
    authenticated,
    asyncHandler(async (req, res) => {
      requireCustomersPermission(res, 'write');
      const input = assertValid<SegmentInput>(requestSchemaId('segment.create'), req.body);
      const segment = await catalog.create(input, principalOf(res).subjectId);
      unwrap(await segments.ensureSchedule(segment.id, everyMs(segment)));
      res.status(201).location(`/v1/segments/${segment.id}`).json({ ...segment, currentRun: null });
    }),
  );

  router.get(
    '/v1/segments',
    authenticated,
    asyncHandler(async (req, res) => {
      requireCustomersPermission(res, 'read');
      const { query, after } = pageQuery<{ limit?: number }>(req, 'page-query', { idPattern: SEGMENT_ID_PATTERN });
      res.json(await catalog.list(query.limit, after));
    }),
  );

  router.get(
    '/v1/segments/:segmentId',
    authenticated,
    asyncHandler(async (req, res) => {
      requireCustomersPermission(res, 'read');
      const segment = await catalog.get(segmentIdOf(req));
      res.json({ ...(await withRun(segment)), memberCount: await catalog.memberCount(segment.id) });
    }),
  );

  router.patch(
    '/v1/segments/:segmentId',
    authenticated,
    asyncHandler(async (req, res) => {
      requireCustomersPermission(res, 'write');
      const patch = assertValid<SegmentPatch>(requestSchemaId('segment.update'), req.body);
      const segment = await catalog.update(segmentIdOf(req), patch);
      if (patch.evaluationIntervalSeconds !== undefined) unwrap(await segments.ensureSchedule(segment.id, everyMs(segment)));
      res.json(await withRun(segment));
    }),
  );

  // The segment stops being evaluated at once; its members are released by a teardown run (each
  // with customer.segment.removed), after which the segment is gone for good.
  router.delete(
    '/v1/segments/:segmentId',
    authenticated,
    asyncHandler(async (req, res) => {
      requireCustomersPermission(res, 'write');
      const segment = await catalog.markDeleted(segmentIdOf(req));
      unwrap(await segments.requestRun(segment.id, { kind: 'teardown', trigger: 'deletion', requestedBy: principalOf(res).subjectId }));
      res.status(204).end();
    }),
  );

  router.post(
    '/v1/segments/:segmentId/evaluate',
    authenticated,
    asyncHandler(async (req, res) => {
      requireCustomersPermission(res, 'write');
      const segment = await catalog.get(segmentIdOf(req));
      const status = unwrap(await segments.requestRun(segment.id, { kind: 'evaluate', trigger: 'request', requestedBy: principalOf(res).subjectId }));
      res.status(202).location(`/v1/segments/${segment.id}`).json(status);
    }),
  );

  router.get(
    '/v1/segments/:segmentId/customers',
    authenticated,
    asyncHandler(async (req, res) => {
      requireCustomersPermission(res, 'read');
      const segment = await catalog.get(segmentIdOf(req));
      const { query, after } = pageQuery<ListFilters>(req, 'customer.list-query', LIST_QUERY_SHAPE);
      res.json(await deps.queries.listCustomers({ ...query, segmentId: segment.id }, after));
    }),
  );

  return router;
}
