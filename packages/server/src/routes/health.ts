import { createRoute, z } from '@hono/zod-openapi';
import { schemaVersion } from '@temops/core';
import type { App, AppDeps } from '../env.ts';

const health = createRoute({
  method: 'get',
  path: '/api/health',
  tags: ['System'],
  summary: 'Liveness, engine and schema version',
  responses: {
    200: {
      description: 'The server is up',
      content: {
        'application/json': {
          schema: z.object({
            status: z.literal('ok'),
            engine: z.enum(['sqlite', 'postgres']),
            schemaVersion: z.number(),
            version: z.string(),
          }),
        },
      },
    },
  },
});

export function healthRoutes(app: App, deps: AppDeps) {
  app.openapi(health, async (c) =>
    c.json({
      status: 'ok' as const,
      engine: deps.store.engine,
      schemaVersion: await schemaVersion(deps.store.db),
      version: deps.version,
    }),
  );
}
