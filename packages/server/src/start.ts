import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { startDqScheduler } from './dq-scheduler.ts';
import type { AppDeps } from './env.ts';

/** Starts the HTTP server; resolves once it listens. Port 0 picks a free port (tests). */
export function startServer(deps: AppDeps, port: number, host = '0.0.0.0') {
  const app = createApp(deps);
  return new Promise<{ url: string; port: number; close(): Promise<void> }>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
      const dq = startDqScheduler(deps.store, deps.clock);
      resolve({
        url: `http://localhost:${info.port}`,
        port: info.port,
        close: () => new Promise<void>((done) => server.close(() => done())).then(() => dq.stop()),
      });
    });
    server.on('error', reject);
  });
}
