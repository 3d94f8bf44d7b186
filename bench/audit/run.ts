/**
 * Audit benchmark: `npm run bench:audit [-- --engines sqlite,postgres] [--seed 5]`.
 * Seeds 1,000,000 charges against 100,000 services and 5,000 contract rate items (seed.ts) into
 * SQLite and PostgreSQL, times one whole-tenant run of every audit rule, and, in the same run,
 * DuckDB executing the equivalent SQL of three rules on the same data (duckdb-peer.ts). Prints the
 * ratio and writes bench/results/audit-<date>.{md,json}.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runAudit } from '@temops/core';
import { sql } from 'kysely';
import { type Engine, openBenchStore } from '../ingest/store.ts';
import { PEER_QUERIES, type PeerResult, runPeer } from './duckdb-peer.ts';
import { SIZES, seedAudit } from './seed.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    engines: { type: 'string', default: 'sqlite,postgres' },
    seed: { type: 'string', default: '5' },
    // a fraction of the accounts, for a quick check of the harness (results are not comparable)
    scale: { type: 'string', default: '1' },
  },
});
const SEED = Number(values.seed);
SIZES.accountsPerVendor = Math.max(1, Math.round(SIZES.accountsPerVendor * Number(values.scale)));
const log = (msg: string) => process.stderr.write(`${msg}\n`);
const COMPARED = Object.keys(PEER_QUERIES);

interface EngineResult {
  engine: Engine;
  seeded: { charges: number; invoices: number; services: number; rateItems: number };
  seedMs: number;
  auditMs: number;
  chargesChecked: number;
  opened: number;
  rules: Record<string, { ms: number; findings: number }>;
  comparedMs: number;
  peer: PeerResult;
  ratio: number;
}

async function measure(engine: Engine): Promise<EngineResult> {
  const bench = await openBenchStore(engine);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'temops-bench-audit-'));
  try {
    log(`${engine}: seeding 1,000,000 charges…`);
    const t0 = performance.now();
    const seeded = await seedAudit(bench.ctx, dir, SEED, (done, total) =>
      log(`  ${engine}: ${Math.round((done / total) * 100)}% (${done.toLocaleString()} charges)`),
    );
    if (engine === 'postgres') await sql`vacuum analyze`.execute(bench.store.db);
    else await bench.store.optimize();
    const seedMs = performance.now() - t0;
    log(
      `${engine}: seeded ${seeded.charges.toLocaleString()} charges in ${(seedMs / 1000).toFixed(1)} s; auditing…`,
    );
    const t1 = performance.now();
    const run = await runAudit(bench.ctx, {});
    const auditMs = performance.now() - t1;
    log(
      `${engine}: audit ${(auditMs / 1000).toFixed(2)} s, ${run.opened.toLocaleString()} findings; DuckDB peer…`,
    );
    const peer = await runPeer(dir);
    const rules = Object.fromEntries(
      Object.entries(run.rules).map(([code, t]) => [code, { ms: t.ms, findings: t.candidates }]),
    );
    const comparedMs = COMPARED.reduce((a, c) => a + (rules[c]?.ms ?? 0), 0);
    const peerMs = COMPARED.reduce((a, c) => a + (peer.queries[c]?.ms ?? 0), 0);
    return {
      engine,
      seeded,
      seedMs,
      auditMs,
      chargesChecked: run.chargesChecked,
      opened: run.opened,
      rules,
      comparedMs,
      peer,
      ratio: comparedMs / peerMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await bench.close();
  }
}

const s = (ms: number) => (ms / 1000).toFixed(2);
const n = (x: number | undefined) => (x ?? 0).toLocaleString('en-US');

function report(results: EngineResult[]): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    `# Audit engine, every rule over ${n(results[0]?.seeded.charges)} charges (${new Date().toISOString().slice(0, 10)})`,
    '',
    `${n(results[0]?.seeded.charges)} charges on ${n(results[0]?.seeded.invoices)} invoices (10 months), ${n(results[0]?.seeded.services)} services, ${n(results[0]?.seeded.rateItems)} rate items; seed ${SEED}, scale ${values.scale}. ${os.cpus().length} cores (${cpu}), Node ${process.version}. One whole-tenant run of every rule from a cold start; findings written.`,
    `Peer: DuckDB (in-process, in memory, same data from CSV) running the equivalent SQL of ${COMPARED.join(', ')}. Ratio = TEMOps time for those three rules ÷ DuckDB time for the three queries.`,
    '',
    '| engine | all rules s | the three rules s | DuckDB three queries s | ratio | findings opened |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const peerMs = COMPARED.reduce((a, c) => a + (r.peer.queries[c]?.ms ?? 0), 0);
    lines.push(
      `| ${r.engine} | ${s(r.auditMs)} | ${s(r.comparedMs)} | ${s(peerMs)} | ${r.ratio.toFixed(1)}× | ${r.opened.toLocaleString()} |`,
    );
  }
  lines.push('', '## Per rule (ms; DuckDB column for the compared rules)', '');
  const codes = Object.keys(results[0]?.rules ?? {});
  lines.push(
    `| rule | ${results.map((r) => `${r.engine} ms | ${r.engine} findings`).join(' | ')} | DuckDB ms | DuckDB rows |`,
  );
  lines.push(`|---|${results.map(() => '---:|---:').join('|')}|---:|---:|`);
  for (const code of codes) {
    const peer = results[0]?.peer.queries[code];
    lines.push(
      `| ${code} | ${results.map((r) => `${r.rules[code]?.ms ?? ''} | ${r.rules[code]?.findings ?? ''}`).join(' | ')} | ${peer ? Math.round(peer.ms) : ''} | ${peer?.rows ?? ''} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const results: EngineResult[] = [];
for (const engine of values.engines.split(',') as Engine[]) results.push(await measure(engine));
const md = report(results);
process.stdout.write(md);
const out = path.resolve(HERE, '../results');
mkdirSync(out, { recursive: true });
const day = new Date().toISOString().slice(0, 10);
writeFileSync(path.join(out, `audit-${day}.md`), md);
writeFileSync(path.join(out, `audit-${day}.json`), `${JSON.stringify(results, null, 2)}\n`);
log(`results in bench/results/audit-${day}.md`);
