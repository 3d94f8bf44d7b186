import fs from 'node:fs';
import path from 'node:path';
import {
  DEMO_LOGIN,
  loadDemoTenant,
  localFileStore,
  migrateToLatest,
  openStore,
  systemClock,
} from '@temops/core';
import { startServer } from '@temops/server';
import { webDistDir as WEB_DIST } from '@temops/web';
import { dataDir, type GlobalOptions, resolveDatabase } from '../config.ts';
import { version } from '../version.ts';

export interface StartOptions extends GlobalOptions {
  port: string;
  host: string;
  demo?: boolean;
}

/** Migrates, loads the demo tenants when asked and the database is empty, then serves API and UI. */
export async function start(opts: StartOptions) {
  const location = resolveDatabase(opts);
  const store = openStore(location);
  await migrateToLatest(store.db);
  const dir = dataDir(opts);
  const files = localFileStore(path.join(dir, 'files'));
  const loaded = opts.demo ? await loadDemoTenant(store, systemClock, files) : false;
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    process.stderr.write('temops: the web app is not built (npm run build:web); serving the API only\n');
  }
  const server = await startServer(
    {
      store,
      clock: systemClock,
      version,
      webDist: WEB_DIST,
      files,
      uploadDir: path.join(dir, 'uploads'),
    },
    Number(opts.port),
    opts.host,
  );
  const lines = [
    `TEMOps ${version} on ${store.engine} (${store.location})`,
    `Web UI and API: http://localhost:${server.port}   API docs: http://localhost:${server.port}/api/docs`,
  ];
  if (opts.demo) {
    lines.push(
      `${loaded ? 'Demo tenants loaded' : 'Demo tenants present'}. Sign in as ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = async () => {
    await server.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<never>(() => {});
}
