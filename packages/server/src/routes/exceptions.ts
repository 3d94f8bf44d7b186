import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import {
  AppError,
  addAttachment,
  addComment,
  assignException,
  authorize,
  bulkExceptions,
  escalateOverdue,
  FINDING_STATES,
  getException,
  listExceptions,
  localDocumentStore,
  MAX_ATTACHMENT_BYTES,
  MAX_BULK_EXCEPTIONS,
  openAttachment,
  SEVERITIES,
  transitionException,
} from '@temops/core';
import { bufferSource } from '@temops/formats';
import { bodyLimit } from 'hono/body-limit';
import type { App } from '../env.ts';
import type { InvoiceDeps } from './invoices.ts';
import { errorResponses, json, jsonBody, TenantParam } from './schemas.ts';

const tags = ['Exceptions'];
const Id = TenantParam.extend({ id: z.string() });
const money = (description: string) => z.string().openapi({ description: `${description} (decimal string)` });

const ExceptionItem = z
  .object({
    id: z.string(),
    rule: z.string(),
    ruleName: z.string(),
    severity: z.enum(SEVERITIES),
    blocking: z.boolean(),
    state: z.enum(FINDING_STATES),
    summary: z.string(),
    vendorId: z.string().nullable(),
    vendor: z.string().nullable(),
    accountId: z.string().nullable(),
    accountNumber: z.string().nullable(),
    invoiceId: z.string().nullable(),
    invoiceNumber: z.string().nullable(),
    lineNo: z.number().int().nullable(),
    serviceIdentifier: z.string().nullable(),
    serviceId: z.string().nullable().openapi({ description: 'the inventory service, when there is one' }),
    period: z.string().nullable().openapi({ example: '2026-10' }),
    currency: z.string(),
    billed: money('billed').nullable(),
    expected: money('expected').nullable(),
    variance: money('money at stake, positive when overcharged'),
    queue: z.string().nullable(),
    ownerUserId: z.string().nullable(),
    owner: z.string().nullable(),
    dueOn: z.string().nullable(),
    ageDays: z.number().int(),
    overdue: z.boolean(),
    escalationLevel: z.number().int(),
    openedAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .openapi('ExceptionItem');

const Comment = z
  .object({ id: z.string(), author: z.string(), body: z.string(), createdAt: z.string() })
  .openapi('ExceptionComment');

const Attachment = z
  .object({
    id: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    uploadedBy: z.string(),
    createdAt: z.string(),
  })
  .openapi('ExceptionAttachment');

const ExceptionDetail = ExceptionItem.extend({
  evidence: z.record(z.string(), z.unknown()),
  resolutionReason: z.string().nullable(),
  costCenterId: z.string().nullable(),
  contractId: z.string().nullable(),
  firstRunId: z.string(),
  lastRunId: z.string(),
  comments: z.array(Comment),
  attachments: z.array(Attachment),
  history: z.array(
    z.object({
      at: z.string(),
      actor: z.string(),
      action: z.string(),
      before: z.unknown(),
      after: z.unknown(),
    }),
  ),
  chart: z.array(z.object({ period: z.string(), billed: money('billed that month') })),
  allowedTransitions: z.array(z.string()),
}).openapi('ExceptionDetail');

const ListQuery = z.object({
  state: z
    .string()
    .optional()
    .openapi({ description: 'active (default: open, in_progress, disputed), closed, all, or a comma list' }),
  rule: z.string().optional(),
  severity: z.string().optional().openapi({ description: 'a severity or a comma list' }),
  vendorId: z.string().optional(),
  accountId: z.string().optional(),
  invoiceId: z.string().optional(),
  queue: z.string().optional(),
  owner: z.string().optional().openapi({ description: 'me, unassigned, or a user id' }),
  overdue: z.enum(['true', 'false']).optional(),
  q: z.string().optional().openapi({ description: 'summary, service identifier or invoice number contains' }),
  runId: z.string().optional().openapi({ description: 'only the findings this audit run last touched' }),
  sort: z.enum(['variance', 'age', 'due', 'severity', 'opened']).optional(),
  dir: z.enum(['asc', 'desc']).optional(),
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
});

const TransitionBody = z
  .object({
    to: z.enum(FINDING_STATES),
    reason: z.string().openapi({ description: 'required, kept on the trail' }),
  })
  .openapi('ExceptionTransition');

const AssignBody = z
  .object({
    ownerUserId: z
      .string()
      .nullable()
      .openapi({ description: 'a member of the tenant, or null to unassign' }),
    queue: z.string().nullable().optional(),
    dueOn: z.string().optional().openapi({ example: '2026-12-15' }),
  })
  .openapi('ExceptionAssignment');

const BulkBody = z
  .object({
    ids: z.array(z.string()).min(1).max(MAX_BULK_EXCEPTIONS),
    action: z.enum(['assign', 'transition']),
    ownerUserId: z.string().nullable().optional(),
    queue: z.string().nullable().optional(),
    to: z.enum(FINDING_STATES).optional(),
    reason: z.string().optional(),
  })
  .openapi('ExceptionBulk');

/** RFC 6266: an ASCII fallback, and the exact name percent-encoded. */
const disposition = (name: string) =>
  `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`;

// Room for the multipart envelope around a file of the largest size accepted.
const MULTIPART_LIMIT = MAX_ATTACHMENT_BYTES + 64 * 1024;

/** The exception queue: list, detail, transitions, assignment, comments, attachments, bulk, escalation. */
export function exceptionRoutes(app: App, deps: InvoiceDeps) {
  const store = localDocumentStore(deps.files);
  const base = '/api/t/{tenant}/exceptions';

  app.openapi(
    createRoute({
      method: 'get',
      path: base,
      tags,
      summary: 'The exception queue: filter, sort (largest variance first by default), page',
      request: { params: TenantParam, query: ListQuery },
      responses: {
        200: json(
          z.object({
            items: z.array(ExceptionItem),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
            totalVariance: money('sum of the variance of every matching exception'),
          }),
          'Exceptions',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await listExceptions(c.get('ctx'), { ...q, overdue: q.overdue === 'true' }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/bulk`,
      tags,
      summary: `Assign or move up to ${MAX_BULK_EXCEPTIONS} exceptions; ids that cannot are reported, the rest go ahead`,
      request: { params: TenantParam, body: jsonBody(BulkBody) },
      responses: {
        200: json(
          z.object({
            updated: z.number(),
            failed: z.array(z.object({ id: z.string(), message: z.string() })),
          }),
          'Outcome',
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await bulkExceptions(c.get('ctx'), c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/escalate`,
      tags,
      summary:
        'Escalate every overdue active exception (at most once a day each); the scheduler runs this daily',
      request: { params: TenantParam },
      responses: { 200: json(z.object({ escalated: z.number() }), 'Escalated'), ...errorResponses },
    }),
    async (c) => c.json(await escalateOverdue(c.get('ctx')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{id}`,
      tags,
      summary: 'An exception with evidence, comments, attachments, history, billing chart and allowed moves',
      request: { params: Id },
      responses: { 200: json(ExceptionDetail, 'Exception'), ...errorResponses },
    }),
    async (c) => c.json(await getException(c.get('ctx'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{id}/transition`,
      tags,
      summary: 'Move an exception to another state (a reason is required); 409 when the move is not allowed',
      request: { params: Id, body: jsonBody(TransitionBody) },
      responses: { 200: json(ExceptionDetail, 'Moved'), ...errorResponses },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const { id } = c.req.valid('param');
      await transitionException(ctx, id, c.req.valid('json'));
      return c.json(await getException(ctx, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{id}/assign`,
      tags,
      summary: 'Set the owner (a member of the tenant), queue and due date',
      request: { params: Id, body: jsonBody(AssignBody) },
      responses: { 200: json(ExceptionDetail, 'Assigned'), ...errorResponses },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const { id } = c.req.valid('param');
      await assignException(ctx, id, c.req.valid('json'));
      return c.json(await getException(ctx, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{id}/comments`,
      tags,
      summary: 'Add a comment',
      request: {
        params: Id,
        body: jsonBody(z.object({ body: z.string() }).openapi('ExceptionCommentInput')),
      },
      responses: { 201: json(Comment, 'Added'), ...errorResponses },
    }),
    async (c) => c.json(await addComment(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{id}/attachments`,
      tags,
      summary: `Attach a file (multipart field \`file\`, up to ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB)`,
      middleware: [
        bodyLimit({
          maxSize: MULTIPART_LIMIT,
          onError: () => {
            throw new AppError(
              'payload_too_large',
              `Attachments are limited to ${MAX_ATTACHMENT_BYTES} bytes`,
            );
          },
        }),
      ] as const,
      request: {
        params: Id,
        body: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                properties: { file: { type: 'string', format: 'binary' } },
                required: ['file'],
              },
            },
          },
        },
      },
      responses: { 201: json(Attachment, 'Attached'), ...errorResponses },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      // Refuse before reading a large body the caller may not send.
      authorize(ctx.actor, 'exception.work');
      const form = await c.req.parseBody().catch(() => {
        throw new AppError('validation_failed', 'Send the file as multipart/form-data in the field `file`');
      });
      const file = form.file;
      if (!(file instanceof File))
        throw new AppError(
          'validation_failed',
          'file: send the file as multipart/form-data in the field `file`',
          {
            fields: [{ path: 'file', message: 'required' }],
          },
        );
      const bytes = Buffer.from(await file.arrayBuffer());
      const attachment = await addAttachment(ctx, store, c.req.valid('param').id, {
        source: bufferSource(file.name, bytes),
        contentType: file.type,
      });
      return c.json(attachment, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{id}/attachments/{attachmentId}`,
      tags,
      summary: 'Download an attachment',
      request: { params: Id.extend({ attachmentId: z.string() }) },
      responses: { 200: { description: 'The stored bytes' }, ...errorResponses },
    }),
    async (c) => {
      const { id, attachmentId } = c.req.valid('param');
      const { attachment, body } = await openAttachment(c.get('ctx'), store, id, attachmentId);
      return c.body(Readable.toWeb(body) as ReadableStream, 200, {
        'content-type': attachment.contentType,
        'content-length': String(attachment.size),
        'content-disposition': disposition(attachment.fileName),
      });
    },
  );
}
