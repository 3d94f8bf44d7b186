import fs from 'node:fs/promises';
import { createRoute, z } from '@hono/zod-openapi';
import {
  AppError,
  deleteMappingProfile,
  listMappingProfiles,
  PREVIEW_BYTES,
  previewMapping,
  saveMappingProfile,
} from '@temops/core';
import { fileSource, type MappingProfile } from '@temops/formats';
import type { App } from '../env.ts';
import { receiveUpload } from '../upload.ts';
import type { InvoiceDeps } from './invoices.ts';
import { errorResponses, json, jsonBody, TenantParam } from './schemas.ts';

const Profile = z.object({}).passthrough().openapi('MappingProfile');

export function mappingProfileRoutes(app: App, deps: InvoiceDeps) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/{tenant}/mapping-profiles',
      tags: ['Invoices'],
      summary: 'Column-mapping profiles for carrier CSV/XLSX exports: saved ones, then built-in ones',
      request: { params: TenantParam },
      responses: { 200: json(z.array(Profile), 'Profiles'), ...errorResponses },
    }),
    async (c) => c.json(await listMappingProfiles(c.get('ctx')), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/t/{tenant}/mapping-profiles/{id}',
      tags: ['Invoices'],
      summary: 'Save (create or replace) a column-mapping profile',
      request: { params: TenantParam.extend({ id: z.string() }), body: jsonBody(Profile) },
      responses: { 200: json(Profile, 'Saved'), ...errorResponses },
    }),
    async (c) => {
      const body = (await c.req.json()) as Record<string, unknown>;
      return c.json(await saveMappingProfile(c.get('ctx'), { ...body, id: c.req.valid('param').id }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/t/{tenant}/mapping-profiles/{id}',
      tags: ['Invoices'],
      summary: 'Delete a saved column-mapping profile',
      request: { params: TenantParam.extend({ id: z.string() }) },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      await deleteMappingProfile(c.get('ctx'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/{tenant}/imports/preview',
      tags: ['Invoices'],
      summary:
        'Preview a CSV/XLSX (raw body): headers, first rows, detected profile and the charges it would make',
      description: 'Pass `profile` (URL-encoded JSON) to try an unsaved mapping. Nothing is stored.',
      request: {
        params: TenantParam,
        query: z.object({ file: z.string().min(1).max(255), profile: z.string().optional() }),
        body: { required: true, content: { 'application/octet-stream': { schema: z.string() } } },
      },
      responses: { 200: json(z.object({}).passthrough(), 'Preview'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      let profile: MappingProfile | undefined;
      if (q.profile) {
        try {
          profile = JSON.parse(q.profile) as MappingProfile;
        } catch {
          throw new AppError('validation_failed', 'profile is not valid JSON');
        }
      }
      const upload = await receiveUpload(c.req.raw.body, deps.uploadDir, PREVIEW_BYTES);
      try {
        return c.json(
          await previewMapping(c.get('ctx'), { ...fileSource(upload.file), fileName: q.file }, profile),
          200,
        );
      } finally {
        await fs.rm(upload.file, { force: true });
      }
    },
  );
}
