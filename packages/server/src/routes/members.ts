import { createRoute, z } from '@hono/zod-openapi';
import { addMember, listMembers, removeMember } from '@temops/core';
import type { App } from '../env.ts';
import { errorResponses, json, jsonBody, TenantParam } from './schemas.ts';

const Member = z
  .object({ id: z.string(), email: z.string(), name: z.string(), role: z.string(), since: z.string() })
  .openapi('Member');
const MemberInput = z
  .object({
    email: z.string(),
    name: z.string().optional(),
    password: z.string().optional(),
    role: z.string(),
  })
  .openapi('MemberInput');

export function memberRoutes(app: App) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/{tenant}/members',
      tags: ['Members'],
      summary: 'People with a role in this tenant',
      request: { params: TenantParam },
      responses: { 200: json(z.array(Member), 'Members'), ...errorResponses },
    }),
    async (c) => c.json(await listMembers(c.get('ctx')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/{tenant}/members',
      tags: ['Members'],
      summary: 'Give a person a role here (creating their login if new)',
      request: { params: TenantParam, body: jsonBody(MemberInput) },
      responses: { 201: json(Member.omit({ since: true }), 'Added or changed'), ...errorResponses },
    }),
    async (c) => c.json(await addMember(c.get('ctx'), await c.req.json()), 201),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/t/{tenant}/members/{userId}',
      tags: ['Members'],
      summary: 'Remove a person’s role here',
      request: { params: TenantParam.extend({ userId: z.string() }) },
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      await removeMember(c.get('ctx'), c.req.valid('param').userId);
      return c.body(null, 204);
    },
  );
}
