import { createRoute, z } from '@hono/zod-openapi';
import { listAuditEvents, verifyAuditLog } from '@temops/core';
import type { App } from '../env.ts';
import { errorResponses, json, TenantParam } from './schemas.ts';

const Event = z
  .object({
    seq: z.number(),
    at: z.string(),
    actor: z.string(),
    actorName: z.string(),
    entity: z.string(),
    entityId: z.string(),
    action: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    hash: z.string(),
  })
  .openapi('AuditEvent');

export function auditLogRoutes(app: App) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/{tenant}/audit-log',
      tags: ['Audit log'],
      summary: 'Who changed what, newest first',
      request: {
        params: TenantParam,
        query: z.object({
          entity: z.string().optional(),
          entityId: z.string().optional(),
          page: z.coerce.number().int().min(1).optional(),
          pageSize: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
      responses: {
        200: json(
          z.object({ items: z.array(Event), total: z.number(), page: z.number(), pageSize: z.number() }),
          'Events',
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await listAuditEvents(c.get('ctx'), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/{tenant}/audit-log/verify',
      tags: ['Audit log'],
      summary: 'Check the tamper-evident hash chain now',
      request: { params: TenantParam },
      responses: {
        200: json(
          z.object({ ok: z.boolean(), brokenAt: z.number().nullable(), checkedAt: z.string() }),
          'Verdict',
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await verifyAuditLog(c.get('ctx')), 200),
  );
}
