import { createRoute, z } from '@hono/zod-openapi';
import {
  AppError,
  bulkUpdateServices,
  createService,
  createServiceType,
  deleteSavedView,
  deleteService,
  deleteServiceType,
  exportServices,
  getService,
  importServices,
  listSavedViews,
  listServices,
  listServiceTypes,
  MAX_BULK_IDS,
  MAX_INVENTORY_BYTES,
  reviewServices,
  SERVICE_STATES,
  saveView,
  serviceCharges,
  serviceHistory,
  transitionService,
  updateService,
  updateServiceType,
} from '@temops/core';
import { bodyLimit } from 'hono/body-limit';
import type { App } from '../env.ts';
import { errorResponses, json, jsonBody, TenantParam } from './schemas.ts';

const tags = ['Inventory'];
const base = '/api/t/{tenant}/services';
const Id = TenantParam.extend({ id: z.string() });
const loose = z.object({}).passthrough();
const pageOf = (item: z.ZodType) =>
  z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });

const Filters = {
  q: z.string().optional().openapi({ description: 'identifier, description or owner name' }),
  type: z.string().optional(),
  state: z.enum(SERVICE_STATES).optional(),
  vendorId: z.string().optional(),
  billingAccountId: z.string().optional(),
  ownerId: z.string().optional(),
  costCenterId: z.string().optional(),
  locationId: z.string().optional(),
  rateItemId: z.string().optional(),
  tag: z.string().optional(),
  missing: z.enum(['owner', 'costCenter', 'location', 'rateItem']).optional(),
};

const ServiceSchema = z
  .object({
    id: z.string(),
    serviceType: z.string(),
    serviceTypeName: z.string(),
    identifier: z.string(),
    description: z.string().nullable(),
    vendorId: z.string(),
    vendorCode: z.string(),
    billingAccountId: z.string().nullable(),
    billingAccountNumber: z.string().nullable(),
    ownerId: z.string().nullable(),
    ownerName: z.string().nullable(),
    costCenterId: z.string().nullable(),
    costCenterCode: z.string().nullable(),
    locationId: z.string().nullable(),
    locationCode: z.string().nullable(),
    rateItemId: z.string().nullable(),
    rateItemName: z.string().nullable(),
    contractId: z.string().nullable(),
    contractNumber: z.string().nullable(),
    expectedMonthly: z.string().nullable().openapi({ description: 'decimal string' }),
    currency: z.string().nullable(),
    state: z.enum(SERVICE_STATES),
    orderedOn: z.string().nullable(),
    activatedOn: z.string().nullable(),
    suspendedOn: z.string().nullable(),
    disconnectRequestedOn: z.string().nullable(),
    disconnectedOn: z.string().nullable(),
    tags: z.array(z.string()),
    attributes: z.record(z.string(), z.string()),
    lastReviewedOn: z.string().nullable(),
    reviewEvidence: z.string().nullable(),
  })
  .passthrough()
  .openapi('Service');

const ServiceInput = z
  .object({
    serviceType: z.string(),
    identifier: z.string(),
    vendorId: z.string(),
    billingAccountId: z.string().nullable().optional(),
    description: z.string().nullable().optional(),
    ownerId: z.string().nullable().optional(),
    costCenterId: z.string().nullable().optional(),
    locationId: z.string().nullable().optional(),
    rateItemId: z.string().nullable().optional(),
    expectedMonthly: z.string().nullable().optional(),
    currency: z.string().nullable().optional(),
    state: z.enum(SERVICE_STATES).optional(),
    orderedOn: z.string().nullable().optional(),
    activatedOn: z.string().nullable().optional(),
    tags: z.array(z.string()).optional(),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
  })
  .passthrough()
  .openapi('ServiceInput');

const Ids = z.array(z.string()).min(1).max(MAX_BULK_IDS);

const ImportReport = z
  .object({
    file: z.string(),
    format: z.enum(['csv', 'xlsx']),
    dryRun: z.boolean(),
    applied: z.boolean(),
    columns: z.record(z.string(), z.string()),
    ignoredColumns: z.array(z.string()),
    creates: z.number(),
    updates: z.number(),
    unchanged: z.number(),
    errors: z.number(),
    lines: z.array(
      z.object({
        line: z.number(),
        key: z.string(),
        action: z.enum(['create', 'update', 'unchanged', 'error']),
        changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })).optional(),
        errors: z.array(z.string()),
      }),
    ),
  })
  .openapi('InventoryImportReport');

const objectBody = async (req: { json(): Promise<unknown> }) => {
  const body = await req.json();
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new AppError('validation_failed', 'Expected a JSON object');
  return body as Record<string, unknown>;
};

/** Inventory of services: list, detail, lifecycle, bulk edit, import/export, types, saved views. */
export function serviceRoutes(app: App) {
  app.openapi(
    createRoute({
      method: 'get',
      path: base,
      tags,
      summary: 'Services (server-side paging, sorting and filters)',
      request: {
        params: TenantParam,
        query: z.object({
          ...Filters,
          sort: z.string().optional(),
          dir: z.enum(['asc', 'desc']).optional(),
          page: z.coerce.number().int().min(1).optional(),
          pageSize: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
      responses: { 200: json(pageOf(ServiceSchema), 'One page'), ...errorResponses },
    }),
    async (c) => c.json(await listServices(c.get('ctx'), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: base,
      tags,
      summary: 'Create a service',
      request: { params: TenantParam, body: jsonBody(ServiceInput) },
      responses: { 201: json(ServiceSchema, 'Created'), ...errorResponses },
    }),
    async (c) => c.json(await createService(c.get('ctx'), (await objectBody(c.req)) as never), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/export`,
      tags,
      summary: 'Download the services the filters select, with the import columns',
      request: {
        params: TenantParam,
        query: z.object({ ...Filters, format: z.enum(['csv', 'xlsx']).optional() }),
      },
      responses: { 200: { description: 'CSV or XLSX file' }, ...errorResponses },
    }),
    async (c) => {
      const { format, ...filters } = c.req.valid('query');
      const file = await exportServices(c.get('ctx'), filters, format ?? 'csv');
      return c.body(new Uint8Array(file.body), 200, {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.fileName}"`,
      });
    },
  );

  app.use(
    '/api/t/:tenant/services/import',
    bodyLimit({
      maxSize: MAX_INVENTORY_BYTES,
      onError: () => {
        throw new AppError(
          'payload_too_large',
          `Inventory files are limited to ${MAX_INVENTORY_BYTES} bytes`,
        );
      },
    }),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/import`,
      tags,
      summary: 'Import services from CSV or XLSX (all or nothing; dryRun=true returns the diff only)',
      description:
        'Lines are matched on vendor code + normalised identifier. `mapping` is a JSON object {ourColumn: theirHeader}; without it headers are matched to our column names and common synonyms.',
      request: {
        params: TenantParam,
        query: z.object({
          file: z.string().max(255).optional(),
          dryRun: z.enum(['true', 'false']).default('true'),
          format: z.enum(['csv', 'xlsx']).optional(),
          mapping: z.string().max(10_000).optional(),
        }),
        body: {
          required: true,
          content: { 'text/csv': { schema: z.string() }, 'application/octet-stream': { schema: z.string() } },
        },
      },
      responses: { 200: json(ImportReport, 'What the import did (or would do)'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      let mapping: Record<string, string> | undefined;
      if (q.mapping) {
        try {
          mapping = z.record(z.string(), z.string()).parse(JSON.parse(q.mapping));
        } catch {
          throw new AppError('validation_failed', 'mapping: expected a JSON object of column names');
        }
      }
      const report = await importServices(c.get('ctx'), {
        file: q.file ?? `services.${q.format ?? 'csv'}`,
        content: Buffer.from(await c.req.arrayBuffer()),
        dryRun: q.dryRun === 'true',
        format: q.format,
        mapping,
      });
      return c.json(report, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/bulk-update`,
      tags,
      summary: 'Assign owner / cost center / location / rate item / account and tags on many services',
      request: {
        params: TenantParam,
        body: jsonBody(
          z.object({
            ids: Ids,
            set: z.object({
              ownerId: z.string().nullable().optional(),
              costCenterId: z.string().nullable().optional(),
              locationId: z.string().nullable().optional(),
              rateItemId: z.string().nullable().optional(),
              billingAccountId: z.string().nullable().optional(),
              addTags: z.array(z.string()).optional(),
              removeTags: z.array(z.string()).optional(),
            }),
          }),
        ),
      },
      responses: {
        200: json(z.object({ updated: z.number() }), 'How many services changed'),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await bulkUpdateServices(c.get('ctx'), (await objectBody(c.req)) as never), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/review`,
      tags,
      summary: 'Mark services reviewed today, with evidence',
      request: { params: TenantParam, body: jsonBody(z.object({ ids: Ids, evidence: z.string() })) },
      responses: {
        200: json(z.object({ reviewed: z.number() }), 'How many were reviewed'),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await reviewServices(c.get('ctx'), (await objectBody(c.req)) as never), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{id}`,
      tags,
      summary: 'A service with its lifecycle transitions',
      request: { params: Id },
      responses: { 200: json(ServiceSchema, 'Found'), ...errorResponses },
    }),
    async (c) => c.json(await getService(c.get('ctx'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: `${base}/{id}`,
      tags,
      summary: 'Change some fields of a service (the state moves through transitions)',
      request: { params: Id, body: jsonBody(ServiceInput.partial()) },
      responses: { 200: json(ServiceSchema, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const { item } = await updateService(c.get('ctx'), c.req.valid('param').id, await objectBody(c.req));
      return c.json(item, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/{id}`,
      tags,
      summary: 'Delete a service still on order and never billed (others are disconnected)',
      request: { params: Id },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      await deleteService(c.get('ctx'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{id}/transitions`,
      tags,
      summary:
        'Move a service along its lifecycle (ordered → active → suspended → disconnect_requested → disconnected)',
      request: {
        params: Id,
        body: jsonBody(
          z.object({
            to: z.enum(SERVICE_STATES),
            effectiveOn: z.string(),
            note: z.string().nullable().optional(),
          }),
        ),
      },
      responses: { 200: json(ServiceSchema, 'The service after the move'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await transitionService(c.get('ctx'), c.req.valid('param').id, (await objectBody(c.req)) as never),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{id}/history`,
      tags,
      summary: 'Audit events of a service, newest first',
      request: {
        params: Id,
        query: z.object({
          page: z.coerce.number().int().min(1).optional(),
          pageSize: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
      responses: { 200: json(pageOf(loose), 'Events'), ...errorResponses },
    }),
    async (c) =>
      c.json(await serviceHistory(c.get('ctx'), c.req.valid('param').id, c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{id}/charges`,
      tags,
      summary: "Monthly totals of the vendor's charges for the service, and the latest lines",
      request: { params: Id },
      responses: {
        200: json(
          z.object({
            monthly: z.array(z.object({ month: z.string(), amount: z.string(), currency: z.string() })),
            latest: z.array(loose),
          }),
          'Charges',
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await serviceCharges(c.get('ctx'), c.req.valid('param').id), 200),
  );

  const TypeSchema = z
    .object({
      id: z.string().nullable(),
      code: z.string(),
      name: z.string(),
      identifierKind: z.enum(['phone', 'circuit', 'sku', 'account', 'text']),
      builtIn: z.boolean(),
      attributes: z.array(
        z.object({
          key: z.string(),
          label: z.string(),
          type: z.enum(['text', 'number', 'date', 'enum']),
          values: z.array(z.string()).optional(),
        }),
      ),
    })
    .openapi('ServiceType');
  const TypeInput = TypeSchema.omit({ id: true, builtIn: true }).partial();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/{tenant}/service-types',
      tags,
      summary: 'Built-in and tenant-defined service types with their custom attributes',
      request: { params: TenantParam },
      responses: { 200: json(z.array(TypeSchema), 'Types'), ...errorResponses },
    }),
    async (c) => c.json(await listServiceTypes(c.get('ctx')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/{tenant}/service-types',
      tags,
      summary: 'Define a service type (or add attributes to a built-in one)',
      request: { params: TenantParam, body: jsonBody(TypeInput) },
      responses: { 201: json(TypeSchema, 'Created'), ...errorResponses },
    }),
    async (c) => c.json(await createServiceType(c.get('ctx'), await objectBody(c.req)), 201),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/t/{tenant}/service-types/{id}',
      tags,
      summary: 'Change a service type',
      request: { params: Id, body: jsonBody(TypeInput) },
      responses: { 200: json(TypeSchema, 'Updated'), ...errorResponses },
    }),
    async (c) =>
      c.json(await updateServiceType(c.get('ctx'), c.req.valid('param').id, await objectBody(c.req)), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/t/{tenant}/service-types/{id}',
      tags,
      summary: 'Delete an unused service type',
      request: { params: Id },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      await deleteServiceType(c.get('ctx'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  const ViewSchema = z
    .object({
      id: z.string(),
      page: z.string(),
      name: z.string(),
      state: z.record(z.string(), z.unknown()),
      updatedAt: z.string(),
    })
    .openapi('SavedView');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/{tenant}/saved-views',
      tags,
      summary: "The caller's saved views of a page",
      request: { params: TenantParam, query: z.object({ page: z.string().default('services') }) },
      responses: { 200: json(z.array(ViewSchema), 'Views'), ...errorResponses },
    }),
    async (c) => c.json(await listSavedViews(c.get('ctx'), c.req.valid('query').page), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/{tenant}/saved-views',
      tags,
      summary: 'Save filters, sort and columns under a name (the same name replaces)',
      request: {
        params: TenantParam,
        body: jsonBody(
          z.object({ page: z.string(), name: z.string(), state: z.record(z.string(), z.unknown()) }),
        ),
      },
      responses: { 200: json(ViewSchema, 'Saved'), ...errorResponses },
    }),
    async (c) => c.json(await saveView(c.get('ctx'), (await objectBody(c.req)) as never), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/t/{tenant}/saved-views/{id}',
      tags,
      summary: 'Delete one of the caller’s saved views',
      request: { params: Id },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      await deleteSavedView(c.get('ctx'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
