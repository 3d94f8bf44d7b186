import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import {
  AppError,
  addDocument,
  authorize,
  CONTRACT_CSV_COLUMNS,
  contractAlerts,
  contractCommitment,
  createContract,
  createRateItem,
  deleteContract,
  deleteDocument,
  deleteRateItem,
  getContract,
  importContracts,
  listContracts,
  listDocuments,
  listRateItems,
  localDocumentStore,
  MAX_CONTRACT_CSV_BYTES,
  MAX_DOCUMENT_BYTES,
  openDocument,
  searchRateItems,
  setContractAccounts,
  updateContract,
  updateRateItem,
} from '@temops/core';
import { fileSource } from '@temops/formats';
import { bodyLimit } from 'hono/body-limit';
import type { App } from '../env.ts';
import { receiveUpload } from '../upload.ts';
import type { InvoiceDeps } from './invoices.ts';
import { errorResponses, json, jsonBody, TenantParam } from './schemas.ts';

const tags = ['Contracts'];
const loose = z.object({}).passthrough();
const Id = TenantParam.extend({ id: z.string() });
const DocParams = Id.extend({ docId: z.string() });
const Page = {
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
};

const Alert = z
  .object({
    contractId: z.string(),
    contractNumber: z.string(),
    vendor: z.string(),
    kind: z.enum(['expiry', 'notice']),
    date: z.string(),
    daysLeft: z.number(),
    threshold: z.number(),
  })
  .openapi('ContractAlert');

const ContractInput = z
  .object({
    vendorId: z.string(),
    contractNumber: z.string(),
    name: z.string(),
    termStart: z.string().openapi({ example: '2026-01-01' }),
    termEnd: z.string().nullable(),
    autoRenew: z.boolean(),
    renewalMonths: z.number().int().nullable(),
    noticeDays: z.number().int(),
    currency: z.string().openapi({ example: 'USD' }),
    commitmentKind: z.enum(['none', 'spend', 'volume']),
    commitmentPeriod: z.enum(['monthly', 'annual', 'term']).nullable(),
    commitmentAmount: z.string().nullable().openapi({ description: 'decimal string', example: '120000.00' }),
    commitmentVolume: z.number().int().nullable(),
    status: z.enum(['draft', 'active', 'terminated']),
    notes: z.string().nullable(),
  })
  .partial()
  .openapi('ContractInput');

const Contract = ContractInput.required()
  .extend({
    id: z.string(),
    vendor: z.string(),
    vendorCode: z.string(),
    effectiveStatus: z
      .string()
      .openapi({ description: 'status, or expired once a non-renewing term has ended' }),
    currentTermEnd: z.string().nullable(),
    noticeDeadline: z.string().nullable(),
    alerts: z.array(Alert.omit({ contractId: true, contractNumber: true, vendor: true })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Contract');

const RateItemInput = z
  .object({
    name: z.string(),
    code: z.string().nullable(),
    descriptionPattern: z.string().nullable().openapi({ example: '*UNLIMITED*PLAN*' }),
    chargeKind: z
      .enum(['recurring', 'one_time', 'usage', 'tax', 'surcharge_fee', 'credit_adjustment', 'late_fee'])
      .nullable(),
    unit: z.string().nullable(),
    unitRate: z.string().nullable(),
    mrc: z.string().nullable(),
    nrc: z.string().nullable(),
    discountPct: z.string().nullable().openapi({ example: '12.5' }),
    effectiveFrom: z.string().nullable(),
    effectiveTo: z.string().nullable(),
    currency: z.string(),
  })
  .partial()
  .openapi('RateItemInput');

const RateItem = RateItemInput.required()
  .extend({ id: z.string(), contractId: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .openapi('RateItem');

const RateItemChoice = z
  .object({
    id: z.string(),
    name: z.string(),
    code: z.string().nullable(),
    contractId: z.string(),
    contractNumber: z.string(),
    vendorId: z.string(),
    mrc: z.string().nullable(),
    currency: z.string(),
  })
  .openapi('RateItemChoice');

const Document = z
  .object({
    id: z.string(),
    contractId: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    size: z.number(),
    sha256: z.string(),
    storage: z.string(),
    uploadedBy: z.string(),
    createdAt: z.string(),
  })
  .openapi('ContractDocument');

const Commitment = z
  .object({
    summary: loose.nullable(),
    series: z.array(z.object({ month: z.string(), spend: z.string(), cumulative: z.string().nullable() })),
  })
  .openapi('ContractCommitment');

const ImportReport = z
  .object({
    file: z.string(),
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
        contract: z.enum(['create', 'update', 'unchanged', 'error']).nullable(),
        rateItem: z.enum(['create', 'update', 'unchanged', 'error']).nullable(),
        errors: z.array(z.string()),
      }),
    ),
  })
  .openapi('ContractImportReport');

const pageOf = (item: z.ZodType) =>
  z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });

/** RFC 6266: an ASCII fallback, and the exact name percent-encoded. */
const disposition = (name: string) =>
  `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`;

/** Contracts, rate items, documents, alerts and commitments. Documents go to the same file store as bills. */
export function contractRoutes(app: App, deps: InvoiceDeps) {
  const documents = localDocumentStore(deps.files);
  const base = '/api/t/{tenant}/contracts';

  app.openapi(
    createRoute({
      method: 'get',
      path: base,
      tags,
      summary: 'Contracts (filter by vendor, status, expiring within N days, text; sort; page)',
      request: {
        params: TenantParam,
        query: z.object({
          vendorId: z.string().optional(),
          status: z.enum(['draft', 'active', 'terminated', 'expired']).optional(),
          expiringWithin: z.coerce.number().int().min(0).max(3650).optional(),
          q: z.string().optional(),
          sort: z.string().optional(),
          dir: z.enum(['asc', 'desc']).optional(),
          ...Page,
        }),
      },
      responses: {
        200: json(pageOf(Contract.extend({ accountCount: z.number() })), 'One page'),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await listContracts(c.get('ctx'), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: base,
      tags,
      summary: 'Create a contract',
      request: { params: TenantParam, body: jsonBody(ContractInput) },
      responses: { 201: json(Contract, 'Created'), ...errorResponses },
    }),
    async (c) => c.json(await createContract(c.get('ctx'), await c.req.json()), 201),
  );

  // Before /contracts/{id}, so "alerts" is not taken for an id.
  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/alerts`,
      tags,
      summary: 'Renewal alerts due today: 120, 90 and 45 days before each expiry and notice deadline',
      request: {
        params: TenantParam,
        query: z.object({ withinDays: z.coerce.number().int().min(0).max(120).optional() }),
      },
      responses: { 200: json(z.array(Alert), 'Alerts, soonest first'), ...errorResponses },
    }),
    async (c) => c.json(await contractAlerts(c.get('ctx'), c.req.valid('query')), 200),
  );

  app.use(
    '/api/t/:tenant/contracts/import',
    bodyLimit({ maxSize: MAX_CONTRACT_CSV_BYTES, onError: csvTooLarge }),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/import`,
      tags,
      summary: 'Import contracts and rate items from CSV (all or nothing; dryRun=true previews)',
      description: `One row per rate item, contract columns repeated. Columns: ${CONTRACT_CSV_COLUMNS.join(', ')}. Contracts match on vendor_code + contract_number, rate items on code (else rate_item_name) + effective_from.`,
      request: {
        params: TenantParam,
        query: z.object({
          file: z.string().max(255).optional(),
          dryRun: z.enum(['true', 'false']).default('true'),
        }),
        body: { required: true, content: { 'text/csv': { schema: z.string() } } },
      },
      responses: { 200: json(ImportReport, 'What the import did (or would do)'), ...errorResponses },
    }),
    async (c) => {
      const { file, dryRun } = c.req.valid('query');
      const content = Buffer.from(await c.req.arrayBuffer());
      const report = await importContracts(c.get('ctx'), {
        file: file ?? 'contracts.csv',
        content,
        dryRun: dryRun === 'true',
      });
      return c.json(report, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{id}`,
      tags,
      summary: 'A contract with its accounts, rate items, documents, alerts and commitment',
      request: { params: Id },
      responses: { 200: json(loose, 'Contract'), ...errorResponses },
    }),
    async (c) => c.json(await getContract(c.get('ctx'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: `${base}/{id}`,
      tags,
      summary: 'Change some fields of a contract',
      request: { params: Id, body: jsonBody(ContractInput) },
      responses: { 200: json(Contract, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const { item } = await updateContract(c.get('ctx'), c.req.valid('param').id, await c.req.json());
      return c.json(item, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/{id}`,
      tags,
      summary: 'Delete a contract with its rate items, unless services are priced by them',
      request: { params: Id },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      await deleteContract(c.get('ctx'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: `${base}/{id}/accounts`,
      tags,
      summary: "Set the billing accounts whose invoices fall under the contract (the contract vendor's)",
      request: { params: Id, body: jsonBody(z.object({ accountIds: z.array(z.string()) })) },
      responses: {
        200: json(
          z.object({
            accounts: z.array(
              z.object({ id: z.string(), accountNumber: z.string(), name: z.string().nullable() }),
            ),
            changed: z.boolean(),
          }),
          'Linked accounts',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const body = (await c.req.json()) as { accountIds?: unknown };
      return c.json(await setContractAccounts(c.get('ctx'), c.req.valid('param').id, body?.accountIds), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{id}/rate-items`,
      tags,
      summary: 'Rate items of a contract',
      request: { params: Id },
      responses: { 200: json(z.array(RateItem), 'Rate items'), ...errorResponses },
    }),
    async (c) => c.json(await listRateItems(c.get('ctx'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{id}/rate-items`,
      tags,
      summary: 'Add a rate item (matched on code, else description pattern; prices as decimal strings)',
      request: { params: Id, body: jsonBody(RateItemInput) },
      responses: { 201: json(RateItem, 'Created'), ...errorResponses },
    }),
    async (c) => c.json(await createRateItem(c.get('ctx'), c.req.valid('param').id, await c.req.json()), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/{tenant}/rate-items',
      tags,
      summary: 'Search rate items across contracts (for pickers)',
      request: {
        params: TenantParam,
        query: z.object({
          q: z.string().optional(),
          vendorId: z.string().optional(),
          contractId: z.string().optional(),
          ...Page,
        }),
      },
      responses: { 200: json(pageOf(RateItemChoice), 'One page'), ...errorResponses },
    }),
    async (c) => c.json(await searchRateItems(c.get('ctx'), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/t/{tenant}/rate-items/{id}',
      tags,
      summary: 'Change some fields of a rate item',
      request: { params: Id, body: jsonBody(RateItemInput) },
      responses: { 200: json(RateItem, 'Updated'), ...errorResponses },
    }),
    async (c) => {
      const { item } = await updateRateItem(c.get('ctx'), c.req.valid('param').id, await c.req.json());
      return c.json(item, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/t/{tenant}/rate-items/{id}',
      tags,
      summary: 'Delete a rate item no service is priced by',
      request: { params: Id },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      await deleteRateItem(c.get('ctx'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{id}/documents`,
      tags,
      summary: 'Documents of a contract',
      request: { params: Id },
      responses: {
        200: json(z.array(Document.extend({ uploadedByName: z.string() })), 'Documents'),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await listDocuments(c.get('ctx'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{id}/documents`,
      tags,
      summary: `Upload a document (raw body, up to ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB); kept once per content`,
      request: {
        params: Id,
        query: z.object({ file: z.string().min(1).max(255) }),
        body: { required: true, content: { 'application/octet-stream': { schema: z.string() } } },
      },
      responses: { 201: json(Document, 'Stored'), ...errorResponses },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      authorize(ctx.actor, 'contract.write');
      const { id } = c.req.valid('param');
      const limit = Math.min(deps.uploadLimit, MAX_DOCUMENT_BYTES);
      const upload = await receiveUpload(c.req.raw.body, deps.uploadDir, limit);
      try {
        const doc = await addDocument(ctx, documents, id, {
          source: { ...fileSource(upload.file), fileName: c.req.valid('query').file },
          contentType: c.req.header('content-type'),
          limit,
        });
        return c.json(doc, 201);
      } finally {
        await fs.rm(upload.file, { force: true });
      }
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{id}/documents/{docId}`,
      tags,
      summary: 'Download a document with its content type',
      request: { params: DocParams },
      responses: { 200: { description: 'The stored bytes' }, ...errorResponses },
    }),
    async (c) => {
      const { id, docId } = c.req.valid('param');
      const { document, body } = await openDocument(c.get('ctx'), documents, id, docId);
      return c.body(Readable.toWeb(body) as ReadableStream, 200, {
        'content-type': document.contentType,
        'content-length': String(document.size),
        'content-disposition': disposition(document.fileName),
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/{id}/documents/{docId}`,
      tags,
      summary: 'Remove a document from a contract (the stored bytes stay)',
      request: { params: DocParams },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const { id, docId } = c.req.valid('param');
      await deleteDocument(c.get('ctx'), id, docId);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{id}/commitment`,
      tags,
      summary:
        'Spend (or volume) against the minimum commitment in the current period, with a monthly series',
      request: { params: Id },
      responses: { 200: json(Commitment, 'Commitment'), ...errorResponses },
    }),
    async (c) => c.json(await contractCommitment(c.get('ctx'), c.req.valid('param').id), 200),
  );
}

function csvTooLarge(): never {
  throw new AppError('payload_too_large', `CSV files are limited to ${MAX_CONTRACT_CSV_BYTES} bytes`);
}
