import fs from 'node:fs/promises';
import { createRoute, z } from '@hono/zod-openapi';
import {
  AppError,
  approveInvoice,
  authorize,
  type FileStore,
  getImportBatch,
  getInvoice,
  holdInvoice,
  importFile,
  listCharges,
  listImportBatches,
  listInvoices,
} from '@temops/core';
import { fileSource } from '@temops/formats';
import type { App } from '../env.ts';
import type { ImportJob, JobRegistry } from '../jobs.ts';
import { receiveUpload } from '../upload.ts';
import { errorResponses, json, jsonBody, TenantParam } from './schemas.ts';

export const UPLOAD_LIMIT = 2 * 1024 ** 3;

const Page = {
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(1000).optional(),
};
const loose = z.object({}).passthrough();
const pageOf = (item: z.ZodType) =>
  z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });
const Id = TenantParam.extend({ id: z.string() });

export interface InvoiceDeps {
  files: FileStore;
  uploadDir: string;
  uploadLimit: number;
}

const jobView = ({ done: _done, ...job }: ImportJob) => job;

export function invoiceRoutes(app: App, deps: InvoiceDeps, jobs: JobRegistry) {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/{tenant}/imports',
      tags: ['Invoices'],
      summary: 'Upload a bill file (raw body); imported in the background, all or nothing',
      description:
        'Formats: EDI X12 811, FOCUS CSV/Parquet, carrier CSV/XLSX (matched to a mapping profile), UBL 2.1, TMF678. Poll the returned job, or pass wait=true for small files.',
      request: {
        params: TenantParam,
        query: z.object({
          file: z.string().min(1).max(255),
          vendor: z.string().optional(),
          format: z.enum(['x12-811', 'focus', 'csv', 'xlsx', 'ubl', 'tmf678']).optional(),
          onConflict: z.enum(['reject', 'replace', 'keep_both']).optional(),
          wait: z.enum(['true', 'false']).optional(),
        }),
        body: { required: true, content: { 'application/octet-stream': { schema: z.string() } } },
      },
      responses: {
        202: json(loose, 'Job started'),
        200: json(loose, 'Finished (wait=true)'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      authorize(ctx.actor, 'invoice.import');
      const q = c.req.valid('query');
      const upload = await receiveUpload(c.req.raw.body, deps.uploadDir, deps.uploadLimit);
      const source = { ...fileSource(upload.file), fileName: q.file };
      const job = jobs.start(ctx.tenantId, q.file, upload.size, (j) =>
        importFile(ctx, deps.files, {
          source,
          vendor: q.vendor,
          format: q.format,
          onConflict: q.onConflict,
          onProgress: (bytes) => {
            j.bytes = bytes;
          },
        }).finally(() => fs.rm(upload.file, { force: true })),
      );
      if (q.wait === 'true') {
        await job.done;
        return c.json(jobView(job), 200);
      }
      return c.json(jobView(job), 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/{tenant}/imports/jobs/{id}',
      tags: ['Invoices'],
      summary: 'Progress and outcome of an upload',
      request: { params: Id },
      responses: { 200: json(loose, 'Job'), ...errorResponses },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      authorize(ctx.actor, 'invoice.read');
      const job = jobs.get(ctx.tenantId, c.req.valid('param').id);
      if (!job) throw new AppError('not_found', 'No such import job');
      return c.json(jobView(job), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/{tenant}/imports',
      tags: ['Invoices'],
      summary: 'Import history: every file, with its status and the reason for any rejection',
      request: { params: TenantParam, query: z.object({ status: z.string().optional(), ...Page }) },
      responses: { 200: json(pageOf(loose), 'Imports'), ...errorResponses },
    }),
    async (c) => c.json(await listImportBatches(c.get('ctx'), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/{tenant}/imports/{id}',
      tags: ['Invoices'],
      summary: 'One import',
      request: { params: Id },
      responses: { 200: json(loose, 'Import'), ...errorResponses },
    }),
    async (c) => c.json(await getImportBatch(c.get('ctx'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/{tenant}/invoices',
      tags: ['Invoices'],
      summary: 'Invoices (filter by vendor, account, period, status, amount)',
      request: {
        params: TenantParam,
        query: z.object({
          vendorId: z.string().optional(),
          accountId: z.string().optional(),
          status: z.string().optional(),
          periodFrom: z.string().optional(),
          periodTo: z.string().optional(),
          minAmount: z.string().optional(),
          maxAmount: z.string().optional(),
          q: z.string().optional(),
          batchId: z.string().optional(),
          sort: z.string().optional(),
          dir: z.enum(['asc', 'desc']).optional(),
          ...Page,
        }),
      },
      responses: { 200: json(pageOf(loose), 'Invoices'), ...errorResponses },
    }),
    async (c) => c.json(await listInvoices(c.get('ctx'), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/{tenant}/invoices/{id}',
      tags: ['Invoices'],
      summary: 'An invoice with balances, control check and charges by service and kind',
      request: { params: Id },
      responses: { 200: json(loose, 'Invoice'), ...errorResponses },
    }),
    async (c) => c.json(await getInvoice(c.get('ctx'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/{tenant}/invoices/{id}/charges',
      tags: ['Invoices'],
      summary: 'Charge lines of an invoice, each linked to its source line or segment',
      request: {
        params: Id,
        query: z.object({ serviceId: z.string().optional(), kind: z.string().optional(), ...Page }),
      },
      responses: { 200: json(pageOf(loose), 'Charges'), ...errorResponses },
    }),
    async (c) => c.json(await listCharges(c.get('ctx'), c.req.valid('param').id, c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/{tenant}/invoices/{id}/source',
      tags: ['Invoices'],
      summary: 'Download the exact file the invoice was read from',
      request: { params: Id },
      responses: { 200: { description: 'The original bytes' }, ...errorResponses },
    }),
    async (c) => {
      const inv = await getInvoice(c.get('ctx'), c.req.valid('param').id);
      const bytes = inv.file ? await fs.readFile(deps.files.path(inv.file.sha256)).catch(() => null) : null;
      if (!inv.file || !bytes) throw new AppError('not_found', 'The source file is not kept');
      return c.body(bytes, 200, {
        'content-type': 'application/octet-stream',
        // RFC 6266: an ASCII fallback, and the exact name percent-encoded (a raw non-Latin-1 name threw: 500)
        'content-disposition': `attachment; filename="${inv.file.name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(inv.file.name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`,
      });
    },
  );
  // exceptions helper: invoice approval and hold
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/{tenant}/invoices/{id}/approve',
      tags: ['Invoices'],
      summary:
        'Approve for payment: in full (409 `blocked` while a blocking exception is active) or partially',
      description:
        'Partial approval approves the current charges less the positive variance of the invoice’s active exceptions.',
      request: {
        params: Id,
        body: jsonBody(
          z
            .object({ mode: z.enum(['full', 'partial']), note: z.string().nullable().optional() })
            .openapi('InvoiceApproval'),
        ),
      },
      responses: {
        200: json(
          z.object({
            id: z.string(),
            status: z.string(),
            approved: z.string().openapi({ description: 'decimal string' }),
            blockingExceptions: z.number(),
          }),
          'Approved',
        ),
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json(await approveInvoice(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/{tenant}/invoices/{id}/hold',
      tags: ['Invoices'],
      summary: 'Put an invoice on hold (withdraws an approval not yet exported); the reason is required',
      request: { params: Id, body: jsonBody(z.object({ reason: z.string() }).openapi('InvoiceHold')) },
      responses: {
        200: json(z.object({ id: z.string(), status: z.string() }), 'On hold'),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await holdInvoice(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200),
  );
}
