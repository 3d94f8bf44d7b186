import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '@temops/core';
import type { App } from './env.ts';

// Swagger UI is served from the installed package, not a CDN, so the docs work on closed networks.
const dist = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>TEMOps API</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script>
    // Tags start collapsed: with every tag's operations expanded at once, Swagger UI stops
    // rendering after the first few tags of a document this size.
    window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true, docExpansion: 'none' });
  </script>
</body>
</html>`;

export function docsRoutes(app: App) {
  app.get('/api/docs', (c) => c.html(page));
  app.get('/api/docs/:asset', async (c) => {
    const name = c.req.param('asset');
    const type = ASSETS[name];
    if (!type) throw new AppError('not_found', `No docs asset ${name}`);
    return c.body(await fs.readFile(path.join(dist, name)), 200, {
      'content-type': type,
      'cache-control': 'public, max-age=86400',
    });
  });
}
