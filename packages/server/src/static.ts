import fs from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Serves the built web app; unknown paths get index.html so client-side routes survive a reload. */
export function serveWeb(dist: string) {
  const root = path.resolve(dist);
  return async (c: Context) => {
    const wanted = path.resolve(root, `.${decodeURIComponent(new URL(c.req.url).pathname)}`);
    const inside = wanted.startsWith(root + path.sep);
    const file = inside && (await isFile(wanted)) ? wanted : path.join(root, 'index.html');
    const body = await fs.readFile(file).catch(() => null);
    if (!body) return c.text('The web app is not built; run `npm run build:web`.', 503);
    const immutable = file.includes(`${path.sep}assets${path.sep}`);
    return c.body(body, 200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  };
}

async function isFile(p: string) {
  return (await fs.stat(p).catch(() => null))?.isFile() ?? false;
}
