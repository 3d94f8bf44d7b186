import { createRoute, z } from '@hono/zod-openapi';
import {
  acceptDiscovered,
  dataQualityReport,
  dataQualityTrend,
  ignoreDiscovered,
  listDiscovered,
  listRuleItems,
  MAX_DISCOVERY_BATCH,
  mergeDiscovered,
  takeDataQualitySnapshot,
  undoDiscoveryDecision,
} from '@temops/core';
import type { App } from '../env.ts';
import { errorResponses, json, jsonBody, TenantParam } from './schemas.ts';

const Page = {
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
};

const Score = z.number().openapi({ description: 'percent, two decimals', example: 83.4 });
const Report = z
  .object({
    day: z.string(),
    overall: Score,
    overallBp: z.number().int().openapi({ description: 'basis points, 10000 = 100 %' }),
    domains: z.array(
      z.object({ domain: z.string(), title: z.string(), score: Score, scoreBp: z.number().int() }),
    ),
    rules: z.array(
      z.object({
        id: z.string(),
        domain: z.string(),
        title: z.string(),
        description: z.string(),
        failing: z.number().int(),
        population: z.number().int(),
        score: Score,
        scoreBp: z.number().int(),
      }),
    ),
  })
  .openapi('DataQualityReport');

const Trend = z
  .object({
    from: z.string(),
    to: z.string(),
    points: z.array(
      z.object({
        day: z.string(),
        overall: Score.nullable(),
        ownership: Score.nullable(),
        assignment: Score.nullable(),
        contracts: Score.nullable(),
        currency_of_data: Score.nullable(),
        identity: Score.nullable(),
      }),
    ),
  })
  .openapi('DataQualityTrend');

const Discovered = z
  .object({
    vendorId: z.string(),
    vendorCode: z.string(),
    vendorName: z.string(),
    identifier: z.string(),
    serviceTypeGuess: z.string(),
    billingAccountId: z.string().nullable(),
    accountNumber: z.string().nullable(),
    firstSeen: z.string().nullable(),
    lastSeen: z.string().nullable(),
    invoiceCount: z.number().int(),
    currency: z.string().nullable(),
    lastMonth: z.string().nullable(),
    lastMonthAmount: z.string().nullable().openapi({ description: 'decimal string' }),
    lastCharges: z.array(
      z.object({
        invoiceId: z.string(),
        invoiceNumber: z.string(),
        invoiceDate: z.string().nullable(),
        kind: z.string(),
        description: z.string().nullable(),
        amount: z.string(),
      }),
    ),
  })
  .openapi('DiscoveredIdentifier');

const pageOf = (item: z.ZodType) =>
  z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });

const Key = { vendorId: z.string(), identifier: z.string() };
const batchOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item).min(1).max(MAX_DISCOVERY_BATCH) });
const AcceptBody = batchOf(
  z
    .object({
      ...Key,
      serviceType: z.string().optional().openapi({ description: 'default: the guessed type' }),
      description: z.string().nullish(),
      ownerId: z.string().nullish(),
      costCenterId: z.string().nullish(),
      locationId: z.string().nullish(),
      rateItemId: z.string().nullish(),
    })
    .openapi('AcceptDiscovered'),
);
const MergeBody = batchOf(z.object({ ...Key, serviceId: z.string() }).openapi('MergeDiscovered'));
const IgnoreBody = batchOf(z.object({ ...Key, note: z.string().nullish() }).openapi('IgnoreDiscovered'));

/** Data-quality rules, scores, trend and drill-down; discovery of billed identifiers not in inventory. */
export function dataQualityRoutes(app: App) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/{tenant}/data-quality',
      tags: ['Data quality'],
      summary: 'Today’s data-quality scores, computed from the live data: overall, per domain and per rule',
      request: { params: TenantParam },
      responses: { 200: json(Report, 'Scores'), ...errorResponses },
    }),
    async (c) => c.json(await dataQualityReport(c.get('ctx')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/{tenant}/data-quality/trend',
      tags: ['Data quality'],
      summary: 'Daily snapshots of the scores over the last `days` days, oldest first',
      request: {
        params: TenantParam,
        query: z.object({ days: z.coerce.number().int().min(1).max(3660).optional() }),
      },
      responses: { 200: json(Trend, 'Trend'), ...errorResponses },
    }),
    async (c) => c.json(await dataQualityTrend(c.get('ctx'), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/{tenant}/data-quality/snapshots',
      tags: ['Data quality'],
      summary: 'Store today’s scores now (replaces an earlier snapshot of the same day)',
      request: { params: TenantParam },
      responses: { 201: json(Report, 'The snapshot taken'), ...errorResponses },
    }),
    async (c) => c.json(await takeDataQualitySnapshot(c.get('ctx')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/{tenant}/data-quality/rules/{rule}/items',
      tags: ['Data quality'],
      summary: 'What fails a rule: services, or for discovered_pending the billed identifiers',
      request: { params: TenantParam.extend({ rule: z.string() }), query: z.object(Page) },
      responses: {
        200: json(
          z.object({
            rule: z.string(),
            kind: z.enum(['services', 'discovered']),
            items: z.array(z.object({}).passthrough()),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
          'Failing items',
        ),
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json(await listRuleItems(c.get('ctx'), c.req.valid('param').rule, c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/{tenant}/discovered',
      tags: ['Discovery'],
      summary: 'Identifiers billed on invoices that are neither in inventory nor decided on',
      request: {
        params: TenantParam,
        query: z.object({ q: z.string().optional(), vendorId: z.string().optional(), ...Page }),
      },
      responses: { 200: json(pageOf(Discovered), 'Discovered identifiers'), ...errorResponses },
    }),
    async (c) => c.json(await listDiscovered(c.get('ctx'), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/{tenant}/discovered/accept',
      tags: ['Discovery'],
      summary: 'Create an active service for each identifier, on the billing account that billed it last',
      request: { params: TenantParam, body: jsonBody(AcceptBody) },
      responses: {
        200: json(
          z.object({
            accepted: z.number(),
            services: z.array(
              z.object({ vendorId: z.string(), identifier: z.string(), serviceId: z.string() }),
            ),
          }),
          'Accepted',
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await acceptDiscovered(c.get('ctx'), c.req.valid('json').items), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/{tenant}/discovered/merge',
      tags: ['Discovery'],
      summary: 'Record each identifier as another spelling (alias) of an existing service',
      request: { params: TenantParam, body: jsonBody(MergeBody) },
      responses: { 200: json(z.object({ merged: z.number() }), 'Merged'), ...errorResponses },
    }),
    async (c) => c.json(await mergeDiscovered(c.get('ctx'), c.req.valid('json').items), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/{tenant}/discovered/ignore',
      tags: ['Discovery'],
      summary: 'Record that the identifiers need no service in inventory',
      request: { params: TenantParam, body: jsonBody(IgnoreBody) },
      responses: { 200: json(z.object({ ignored: z.number() }), 'Ignored'), ...errorResponses },
    }),
    async (c) => c.json(await ignoreDiscovered(c.get('ctx'), c.req.valid('json').items), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/{tenant}/discovered/undo',
      tags: ['Discovery'],
      summary: 'Take back an ignore or a merge, so the identifier is pending again',
      request: { params: TenantParam, body: jsonBody(z.object(Key).openapi('DiscoveryKey')) },
      responses: { 200: json(z.object({ undone: z.string() }), 'Undone'), ...errorResponses },
    }),
    async (c) => c.json(await undoDiscoveryDecision(c.get('ctx'), c.req.valid('json')), 200),
  );
}
