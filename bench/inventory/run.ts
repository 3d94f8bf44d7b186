/**
 * Inventory list benchmark: `npm run bench:inventory [-- --services 100000] [--duration 10]`.
 * Seeds N services into SQLite and PostgreSQL, serves the real API from a child process, and
 * drives it with autocannon at fixed concurrency: several inventory list queries a grid issues
 * (first page, filtered and sorted, search, deep page) and, as the peer in the same run, the
 * server's trivial JSON endpoint `/api/health`. Prints p50/p95 and the ratio to the peer, and
 * writes bench/results/inventory-<date>.{md,json}.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { addMember } from '@temops/core';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { type Engine, openBenchStore } from '../ingest/store.ts';
import { seedInventory } from './seed.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const { values } = parseArgs({
  options: {
    services: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    engines: { type: 'string', default: 'sqlite,postgres' },
  },
});
const N = Number(values.services);
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const log = (msg: string) => process.stderr.write(`${msg}\n`);

interface Result {
  engine: Engine;
  scenario: string;
  path: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
}

function startChild(dbUrl: string): Promise<{ port: number; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'server.ts'), dbUrl], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.stdout.once('data', (chunk: Buffer) => {
      const { port } = JSON.parse(chunk.toString()) as { port: number };
      resolve({ port, stop: () => child.kill('SIGTERM') });
    });
  });
}

async function login(port: number, email: string, password: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

function load(port: number, urlPath: string, cookie: string): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}${urlPath}`,
        connections: CONNECTIONS,
        duration: DURATION,
        headers: { cookie },
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

async function benchEngine(engine: Engine): Promise<Result[]> {
  const bench = await openBenchStore(engine);
  const out: Result[] = [];
  try {
    log(`${engine}: seeding ${N.toLocaleString('en-US')} services…`);
    const t0 = performance.now();
    const seeded = await seedInventory(bench.ctx, N, 20261127);
    log(`${engine}: seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // Statistics as a running system has them: SQLite analyzes when the server opens the file,
    // PostgreSQL's autovacuum would within a minute of a bulk load.
    if (engine === 'postgres') await sql`vacuum analyze`.execute(bench.store.db);
    const password = 'bench-password-2026';
    await addMember(bench.ctx, { email: 'bench@bench.example', name: 'Bench', password, role: 'analyst' });
    const server = await startChild(bench.url);
    try {
      const cookie = await login(server.port, 'bench@bench.example', password);
      const api = '/api/t/bench/services';
      const scenarios: [string, string][] = [
        ['peer: GET /api/health', '/api/health'],
        ['first page (50, by identifier)', `${api}?pageSize=50`],
        [
          'filter state+cost center, sort by updated desc',
          `${api}?state=active&costCenterId=${seeded.costCenterIds[7]}&sort=updatedAt&dir=desc&pageSize=50`,
        ],
        ['missing owner, vendor filter', `${api}?missing=owner&vendorId=${seeded.vendorIds[3]}&pageSize=100`],
        ['search q=SAAS-00012 (substring)', `${api}?q=SAAS-00012&pageSize=50`],
        ['deep page (page 1000 of 50)', `${api}?page=1000&pageSize=50`],
      ];
      for (const [scenario, urlPath] of scenarios) {
        await load(server.port, urlPath, cookie).then(() => undefined); // warm-up pass, discarded
        const r = await load(server.port, urlPath, cookie);
        const row: Result = {
          engine,
          scenario,
          path: urlPath,
          requests: r.requests.total,
          rps: Math.round(r.requests.average),
          p50: r.latency.p50,
          p95: r.latency.p97_5 !== undefined ? percentile95(r) : r.latency.p90,
          p99: r.latency.p99,
          non2xx: r.non2xx + r.errors,
        };
        out.push(row);
        log(
          `${engine}: ${scenario}: p50 ${row.p50} ms, p95 ${row.p95} ms, ${row.rps} req/s, non-2xx ${row.non2xx}`,
        );
      }
    } finally {
      server.stop();
    }
  } finally {
    await bench.close();
  }
  return out;
}

/** autocannon reports p90 and p97.5 but not p95; interpolate between them. */
function percentile95(r: autocannon.Result): number {
  const { p90, p97_5 } = r.latency;
  return Math.round((p90 + ((p97_5 - p90) * (95 - 90)) / (97.5 - 90)) * 100) / 100;
}

const results: Result[] = [];
for (const engine of values.engines.split(',') as Engine[]) results.push(...(await benchEngine(engine)));

const lines = [
  `# Inventory list API under load (${new Date().toISOString().slice(0, 10)})`,
  '',
  `${N.toLocaleString('en-US')} services; autocannon, ${CONNECTIONS} connections, ${DURATION} s per scenario after a discarded warm-up; server in its own process; ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}.`,
  'Peer: `GET /api/health` of the same server (one small query, no auth). Ratio = scenario p50 ÷ peer p50.',
  '',
  '| engine | scenario | p50 ms | p95 ms | p99 ms | req/s | ratio p50 vs peer | non-2xx |',
  '|---|---|---:|---:|---:|---:|---:|---:|',
];
for (const r of results) {
  const peer = results.find((p) => p.engine === r.engine && p.scenario.startsWith('peer'))!;
  const ratio = peer.p50 > 0 ? (r.p50 / peer.p50).toFixed(1) : 'n/a';
  lines.push(
    `| ${r.engine} | ${r.scenario} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.rps} | ${ratio}× | ${r.non2xx} |`,
  );
  if (!r.scenario.startsWith('peer'))
    process.stdout.write(
      `${r.engine}: ${r.scenario}: p50 ${r.p50} ms = ${ratio}× the peer (${peer.p50} ms)\n`,
    );
}
const md = `${lines.join('\n')}\n`;
process.stdout.write(`\n${md}`);
const out = path.join(REPO, 'bench/results');
mkdirSync(out, { recursive: true });
const stamp = new Date().toISOString().slice(0, 10);
writeFileSync(path.join(out, `inventory-${stamp}.md`), md);
writeFileSync(path.join(out, `inventory-${stamp}.json`), `${JSON.stringify(results, null, 2)}\n`);
if (results.some((r) => r.non2xx > 0)) {
  log('some requests failed: the figures are not valid');
  process.exitCode = 1;
}
