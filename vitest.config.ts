import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const dbTests = ['packages/*/src/**/*.db.test.ts', 'packages/*/test/**/*.db.test.ts'];
const chromium = process.env.TEMOPS_CHROMIUM ?? '/usr/bin/chromium';

// Database tests run once per engine: always SQLite, and PostgreSQL when a server is given.
const projects: {
  extends: true;
  test: { name: string; include: string[]; exclude?: string[]; env?: Record<string, string> };
}[] = [
  { extends: true, test: { name: 'unit', include: ['packages/*/src/**/*.test.ts'], exclude: dbTests } },
  { extends: true, test: { name: 'sqlite', include: dbTests, env: { TEMOPS_TEST_ENGINE: 'sqlite' } } },
];
if (process.env.TEMOPS_TEST_POSTGRES_URL) {
  projects.push({
    extends: true,
    test: { name: 'postgres', include: dbTests, env: { TEMOPS_TEST_ENGINE: 'postgres' } },
  });
}
if (existsSync(chromium)) {
  projects.push({
    extends: true,
    test: { name: 'browser', include: ['e2e/**/*.e2e.test.ts'], env: { TEMOPS_CHROMIUM: chromium } },
  });
} else {
  console.warn(
    `browser tests not run: no Chromium at ${chromium} (apt-get install chromium, or set TEMOPS_CHROMIUM)`,
  );
}

export default defineConfig({
  test: {
    projects,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
