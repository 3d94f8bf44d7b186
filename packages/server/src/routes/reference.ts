import { createRoute, z } from '@hono/zod-openapi';
import {
  AppError,
  createEntity,
  deleteEntity,
  type EntitySpec,
  getEntity,
  importCsv,
  labelField,
  listEntities,
  MAX_CSV_BYTES,
  updateEntity,
} from '@temops/core';
import { bodyLimit } from 'hono/body-limit';
import type { App } from '../env.ts';
import { errorResponses, json, jsonBody, TenantParam } from './schemas.ts';

const RESERVED = new Set(['q', 'sort', 'dir', 'page', 'pageSize']);

function fieldDoc(type: string): z.ZodType {
  if (type === 'int') return z.number().int().nullable();
  return z.string().nullable();
}

/** OpenAPI shapes generated from the entity spec; the core validates the values themselves. */
function schemasFor(e: EntitySpec) {
  const name = e.label.replace(/\s+/g, '');
  const fields = Object.fromEntries(Object.entries(e.fields).map(([k, f]) => [k, fieldDoc(f.type)]));
  const labels = Object.fromEntries(
    Object.entries(e.fields)
      .filter(([, f]) => f.ref)
      .map(([k]) => [labelField(k), z.string().nullable()]),
  );
  const item = z
    .object({ id: z.string(), ...fields, ...labels, createdAt: z.string(), updatedAt: z.string() })
    .openapi(name);
  const input = z.object(fields).partial().openapi(`${name}Input`);
  const page = z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });
  return { item, input, page };
}

const ImportReport = z
  .object({
    file: z.string(),
    entity: z.string(),
    dryRun: z.boolean(),
    applied: z.boolean(),
    creates: z.number(),
    updates: z.number(),
    unchanged: z.number(),
    errors: z.number(),
    lines: z.array(
      z.object({
        line: z.number(),
        key: z.string(),
        action: z.enum(['create', 'update', 'unchanged', 'error']),
        errors: z.array(z.string()),
      }),
    ),
  })
  .openapi('ImportReport');

export function referenceRoutes(app: App, e: EntitySpec) {
  const s = schemasFor(e);
  const tags = [e.label];
  const base = `/api/t/{tenant}/${e.plural}`;
  const Params = TenantParam.extend({ id: z.string() });
  const ListQuery = z
    .object({
      q: z.string().optional(),
      sort: z.string().optional(),
      dir: z.enum(['asc', 'desc']).optional(),
      page: z.coerce.number().int().min(1).optional(),
      pageSize: z.coerce.number().int().min(1).max(500).optional(),
    })
    .catchall(z.string());

  app.openapi(
    createRoute({
      method: 'get',
      path: base,
      tags,
      summary: `List ${e.plural.replace(/-/g, ' ')} (search, filter by any field, sort, page)`,
      request: { params: TenantParam, query: ListQuery },
      responses: { 200: json(s.page, 'One page'), ...errorResponses },
    }),
    async (c) => {
      const { q, sort, dir, page, pageSize, ...rest } = c.req.valid('query');
      const filters = Object.fromEntries(Object.entries(rest).filter(([k]) => !RESERVED.has(k))) as Record<
        string,
        string
      >;
      return c.json(await listEntities(c.get('ctx'), e, { q, sort, dir, page, pageSize, filters }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{id}`,
      tags,
      summary: `Get one ${e.label.toLowerCase()}`,
      request: { params: Params },
      responses: { 200: json(s.item, 'Found'), ...errorResponses },
    }),
    async (c) => c.json(await getEntity(c.get('ctx'), e, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: base,
      tags,
      summary: `Create a ${e.label.toLowerCase()}`,
      request: { params: TenantParam, body: jsonBody(s.input) },
      responses: { 201: json(s.item, 'Created'), ...errorResponses },
    }),
    async (c) => c.json(await createEntity(c.get('ctx'), e, await c.req.json()), 201),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: `${base}/{id}`,
      tags,
      summary: `Change some fields of a ${e.label.toLowerCase()}`,
      request: { params: Params, body: jsonBody(s.input) },
      responses: { 200: json(s.item, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const body = await c.req.json();
      if (!body || typeof body !== 'object' || Array.isArray(body))
        throw new AppError('validation_failed', 'Expected a JSON object');
      const { item } = await updateEntity(c.get('ctx'), e, c.req.valid('param').id, body);
      return c.json(item, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/{id}`,
      tags,
      summary: `Delete a ${e.label.toLowerCase()} that nothing references`,
      request: { params: Params },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      await deleteEntity(c.get('ctx'), e, c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.use(`/api/t/:tenant/${e.plural}/import`, bodyLimit({ maxSize: MAX_CSV_BYTES, onError: tooLarge }));
  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/import`,
      tags,
      summary: `Import ${e.plural.replace(/-/g, ' ')} from CSV (all or nothing; dryRun=true previews)`,
      description: `Columns: ${Object.values(e.fields)
        .map((f) => f.csv)
        .join(', ')}. Rows are matched on ${e.naturalKey.join(' + ')}.`,
      request: {
        params: TenantParam,
        query: z.object({ dryRun: z.enum(['true', 'false']).default('true'), file: z.string().optional() }),
        body: { required: true, content: { 'text/csv': { schema: z.string() } } },
      },
      responses: { 200: json(ImportReport, 'What the import did (or would do)'), ...errorResponses },
    }),
    async (c) => {
      const { dryRun, file } = c.req.valid('query');
      const content = Buffer.from(await c.req.arrayBuffer());
      const report = await importCsv(c.get('ctx'), e, {
        file: file ?? `${e.plural}.csv`,
        content,
        dryRun: dryRun === 'true',
      });
      return c.json(report, 200);
    },
  );
}

function tooLarge(): never {
  throw new AppError('payload_too_large', `CSV files are limited to ${MAX_CSV_BYTES} bytes`);
}
