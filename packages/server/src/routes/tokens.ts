import { createRoute, z } from '@hono/zod-openapi';
import { createToken, listApiTokens, revokeToken } from '@temops/core';
import type { App } from '../env.ts';
import { errorResponses, json, jsonBody, TenantParam } from './schemas.ts';

const Token = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.string(),
    prefix: z.string(),
    owner: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi('ApiToken');

const NewToken = z
  .object({ id: z.string(), name: z.string(), role: z.string(), prefix: z.string(), token: z.string() })
  .openapi('NewApiToken');

export function tokenRoutes(app: App) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/{tenant}/tokens',
      tags: ['API tokens'],
      summary: 'Your API tokens here (all of them for admins)',
      request: { params: TenantParam },
      responses: { 200: json(z.array(Token), 'Tokens'), ...errorResponses },
    }),
    async (c) => c.json(await listApiTokens(c.get('ctx')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/{tenant}/tokens',
      tags: ['API tokens'],
      summary: 'Issue a token for this tenant; the secret is shown once',
      request: {
        params: TenantParam,
        body: jsonBody(
          z.object({ name: z.string(), role: z.string().optional(), expiresAt: z.string().optional() }),
        ),
      },
      responses: { 201: json(NewToken, 'Issued'), ...errorResponses },
    }),
    async (c) => c.json(await createToken(c.get('ctx'), await c.req.json()), 201),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/t/{tenant}/tokens/{id}',
      tags: ['API tokens'],
      summary: 'Revoke a token',
      request: { params: TenantParam.extend({ id: z.string() }) },
      responses: { 204: { description: 'Revoked' }, ...errorResponses },
    }),
    async (c) => {
      await revokeToken(c.get('ctx'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
