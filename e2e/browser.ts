import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDemoTenant, localFileStore, systemClock } from '@temops/core';
import { startServer } from '@temops/server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { freshStore, type TestStore } from '../packages/core/test/test-store.ts';

export const SCREENSHOTS = path.resolve('e2e/screenshots');
const WEB_DIST = path.resolve('packages/web/dist');

export interface Harness {
  url: string;
  browser: Browser;
  page: Page;
  store: TestStore;
  shot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** A real server on a free port over a fresh database with the demo tenants, and a headless Chromium. */
export async function startHarness(): Promise<Harness> {
  const store = await freshStore();
  const files = localFileStore(path.join(mkdtempSync(path.join(tmpdir(), 'temops-e2e-')), 'files'));
  await loadDemoTenant(store, systemClock, files);
  const server = await startServer(
    { store, clock: systemClock, version: 'e2e', webDist: WEB_DIST, files },
    0,
    '127.0.0.1',
  );
  const browser = await chromium.launch({
    executablePath: process.env.TEMOPS_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    url: server.url,
    browser,
    page,
    store,
    async shot(name) {
      const file = path.join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await browser.close();
      await server.close();
      await store.drop();
    },
  };
}
