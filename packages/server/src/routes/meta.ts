import { createRoute, z } from '@hono/zod-openapi';
import { authorize, ENTITIES, permissionsOf, ROLE_LABELS, ROLES } from '@temops/core';
import type { App } from '../env.ts';
import { errorResponses, json, TenantParam } from './schemas.ts';

const FieldMeta = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(['text', 'int', 'date', 'enum', 'ref', 'currency', 'email']),
  required: z.boolean(),
  values: z.array(z.string()).optional(),
  refPlural: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  csv: z.string(),
  default: z.union([z.string(), z.number()]).optional(),
});

const EntityMeta = z
  .object({
    name: z.string(),
    plural: z.string(),
    label: z.string(),
    naturalKey: z.array(z.string()),
    defaultSort: z.string(),
    search: z.array(z.string()),
    fields: z.array(FieldMeta),
  })
  .openapi('EntityMeta');

const entitiesRoute = createRoute({
  method: 'get',
  path: '/api/meta/entities',
  tags: ['Meta'],
  summary: 'Reference-data entities and their fields (drives forms and CSV templates)',
  responses: { 200: json(z.array(EntityMeta), 'Entity descriptions') },
});

const rolesRoute = createRoute({
  method: 'get',
  path: '/api/meta/roles',
  tags: ['Meta'],
  summary: 'Roles a member can hold',
  responses: { 200: json(z.array(z.object({ role: z.string(), label: z.string() })), 'Roles') },
});

const tenantMeRoute = createRoute({
  method: 'get',
  path: '/api/t/{tenant}/me',
  tags: ['Meta'],
  summary: 'The caller’s role and permissions in a tenant',
  request: { params: TenantParam },
  responses: {
    200: json(
      z.object({
        tenant: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
        role: z.string(),
        permissions: z.array(z.string()),
      }),
      'Role and permissions',
    ),
    ...errorResponses,
  },
});

const entityMeta = ENTITIES.map((e) => ({
  name: e.name,
  plural: e.plural,
  label: e.label,
  naturalKey: e.naturalKey,
  defaultSort: e.defaultSort,
  search: e.search,
  fields: Object.entries(e.fields).map(([name, f]) => ({
    name,
    label: f.label,
    type: f.type,
    required: Boolean(f.required),
    values: f.values ? [...f.values] : undefined,
    refPlural: f.ref ? ENTITIES.find((x) => x.table === f.ref!.table)?.plural : undefined,
    min: f.min,
    max: f.max,
    csv: f.csv,
    default: f.default,
  })),
}));

export function metaRoutes(app: App) {
  app.openapi(entitiesRoute, (c) => c.json(entityMeta, 200));
  app.openapi(rolesRoute, (c) =>
    c.json(
      ROLES.map((role) => ({ role, label: ROLE_LABELS[role] })),
      200,
    ),
  );
  app.openapi(tenantMeRoute, (c) => {
    const { actor } = c.get('ctx');
    authorize(actor, 'tenant.read');
    const role = actor.role!;
    return c.json({ tenant: c.get('tenant'), role, permissions: permissionsOf(role) }, 200);
  });
}
