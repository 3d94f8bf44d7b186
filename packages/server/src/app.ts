import os from 'node:os';
import path from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { AppError, ENTITIES, localFileStore } from '@temops/core';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { csrfGuard, identify, tenantScope } from './auth.ts';
import { docsRoutes } from './docs.ts';
import type { App, AppDeps, AppEnv } from './env.ts';
import { handleError, validationResponse } from './errors.ts';
import { JobRegistry } from './jobs.ts';
import { auditRoutes } from './routes/audit.ts';
import { auditLogRoutes } from './routes/audit-log.ts';
import { authRoutes } from './routes/auth.ts';
import { contractRoutes } from './routes/contracts.ts';
import { dataQualityRoutes } from './routes/data-quality.ts';
import { exceptionRoutes } from './routes/exceptions.ts';
import { healthRoutes } from './routes/health.ts';
import { invoiceRoutes, UPLOAD_LIMIT } from './routes/invoices.ts';
import { mappingProfileRoutes } from './routes/mapping-profiles.ts';
import { memberRoutes } from './routes/members.ts';
import { metaRoutes } from './routes/meta.ts';
import { referenceRoutes } from './routes/reference.ts';
import { serviceRoutes } from './routes/services.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { serveWeb } from './static.ts';

const JSON_LIMIT = 1024 * 1024;

export function createApp(deps: AppDeps): App {
  const app: App = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => (result.success ? undefined : validationResponse(result.error, c)),
  });
  app.onError(handleError);
  app.use('*', secureHeaders({ contentSecurityPolicy: undefined }));
  const jsonLimit = bodyLimit({
    maxSize: JSON_LIMIT,
    onError: () => {
      throw new AppError('payload_too_large', 'Request body over 1 MB');
    },
  });
  // CSV, bill, contract-document and exception-attachment uploads carry their own, larger limits
  // (routes/reference.ts, routes/invoices.ts, routes/contracts.ts, routes/exceptions.ts).
  app.use('/api/*', (c, next) =>
    /\/imports?(\/preview)?$|\/contracts\/[^/]+\/documents$|\/exceptions\/[^/]+\/attachments$/.test(
      c.req.path,
    )
      ? next()
      : jsonLimit(c, next),
  );
  app.use('/api/*', identify(deps));
  app.use('/api/*', csrfGuard);
  app.use('/api/t/:tenant/*', tenantScope(deps));

  healthRoutes(app, deps);
  authRoutes(app, deps);
  metaRoutes(app);
  memberRoutes(app);
  tokenRoutes(app);
  auditLogRoutes(app);
  for (const e of ENTITIES) referenceRoutes(app, e);
  const scratch = path.join(os.tmpdir(), `temops-${process.pid}`);
  const bills = {
    files: deps.files ?? localFileStore(path.join(scratch, 'files')),
    uploadDir: deps.uploadDir ?? path.join(scratch, 'uploads'),
    uploadLimit: deps.uploadLimit ?? UPLOAD_LIMIT,
  };
  // Registered before the invoice routes so /imports/preview is not taken for an import id.
  mappingProfileRoutes(app, bills);
  invoiceRoutes(app, bills, new JobRegistry());
  serviceRoutes(app);
  contractRoutes(app, bills);
  dataQualityRoutes(app);
  auditRoutes(app);
  exceptionRoutes(app, bills);

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'TEMOps API',
      version: deps.version,
      description:
        'Technology Expense Management. Authenticate with the session cookie from /api/auth/login (send X-CSRF-Token on writes) or with `Authorization: Bearer temops_…` API tokens.',
    },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  docsRoutes(app);
  app.all('/api/*', (c) =>
    c.json(
      { error: { code: 'not_found', message: `No route ${c.req.method} ${c.req.path}`, details: null } },
      404,
    ),
  );
  if (deps.webDist) app.get('*', serveWeb(deps.webDist));
  return app;
}
