/**
 * Ingestion benchmark: `npm run bench:ingest [-- --charges 100000] [--repeat 2] [--keep]`.
 * Generates a seeded EDI 811 and a FOCUS CSV (N charges / rows each), imports each into SQLite and
 * PostgreSQL through the product's importFile, runs the peers (node-x12, x12-parser, DuckDB) on
 * the same files, and writes bench/results/ingest-<date>.{md,json}. Every measured step runs in
 * its own child process so its peak RSS is its own.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import { hasGnuTime } from './child.ts';
import { generate811 } from './gen-811.ts';
import { checkSampleHeader, generateFocus } from './gen-focus.ts';
import { MIN, measure, type Spec, sourceFingerprint, step } from './measure.ts';
import { consoleTable, markdown, type Ratio, type Row, ratio } from './report.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const PRODUCT_SRC = ['packages/formats/src', 'packages/core/src'].map((d) => path.join(REPO, d));
// node-x12 builds the whole document; if it fails at N it gets a raised heap, and this size
const FALLBACK_CHARGES = 100_000;
const BIG_HEAP_MB = 16_384;

const { values } = parseArgs({
  options: {
    charges: { type: 'string', default: '1000000' },
    repeat: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(values.charges);
const REPEAT = Number(values.repeat);
if (!Number.isInteger(N) || N < 1)
  throw new Error(`--charges must be a positive integer, got ${values.charges}`);
if (!Number.isInteger(REPEAT) || REPEAT < 1) throw new Error(`--repeat must be ≥ 1, got ${values.repeat}`);

const version = (pkg: string) =>
  (
    JSON.parse(readFileSync(path.join(REPO, 'node_modules', pkg, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
const PEERS = {
  nodeX12: `node-x12 ${version('node-x12')}`,
  x12Parser: `x12-parser ${version('x12-parser')}`,
  duckdb: `DuckDB (@duckdb/node-api ${version('@duckdb/node-api')})`,
};

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const fmtN = (n: number) => n.toLocaleString('en-US');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'temops-bench-ingest-'));
const rows: Row[] = [];
const run = async (s: Spec) => {
  const row = await measure(s, REPEAT);
  rows.push(row);
  return row;
};

/** Import into one engine; correct only if every charge and every nano arrived. */
function importSpec(
  label: string,
  file: string,
  engine: 'sqlite' | 'postgres',
  count: number,
  total: bigint,
  expectedCodes: string[],
): Spec {
  return {
    label,
    scenario: 'full import',
    engine: engine === 'sqlite' ? 'TEMOps → SQLite' : 'TEMOps → PostgreSQL',
    count,
    script: path.join(HERE, 'import-one.ts'),
    args: [engine, file, String(count), String(total)],
    timeoutMs: 60 * MIN,
    check(j) {
      const codes = Object.keys(j.invoiceWarnings as Record<string, number>);
      const unexpected = codes.filter((c) => !expectedCodes.includes(c));
      const ok = j.ok === true && j.fileWarnings === 0 && unexpected.length === 0;
      const sum = j.totalNanos === String(total) ? 'exact' : `${j.totalNanos} ≠ ${total}`;
      const warned = codes.length ? `invoice warnings ${JSON.stringify(j.invoiceWarnings)}` : '0 warnings';
      const wal = j.walBytes ? ` + WAL ${((j.walBytes as number) / 1e6).toFixed(0)} MB` : '';
      const db = `DB ${((j.dbBytes as number) / 1e6).toFixed(0)} MB${wal}`;
      return {
        ok,
        note: `${j.status}, ${fmtN(j.invoices as number)} invoices, ${fmtN(j.charges as number)} charges stored, sum ${sum}; ${warned}; ${db}`,
      };
    },
  };
}

function peerSpec(
  label: string,
  file: string,
  mode: string,
  scenario: string,
  engine: string,
  count: number,
  check: Spec['check'],
  nodeFlags: string[] = [],
): Spec {
  const script = path.join(HERE, 'peer-one.ts');
  return {
    label,
    scenario,
    engine,
    count,
    script,
    args: [mode, file],
    timeoutMs: 30 * MIN,
    nodeFlags,
    check,
  };
}

const ourParse = (label: string, file: string, count: number, total: bigint) => [
  peerSpec(label, file, 'temops-parse', 'parse only', 'TEMOps parser', count, (j) => ({
    ok: j.charges === count,
    note: `${fmtN(j.invoices as number)} invoices, ${fmtN(j.charges as number)} charges parsed`,
  })),
  peerSpec(label, file, 'temops-normalize', 'parse + normalise', 'TEMOps (no DB)', count, (j) => ({
    ok: j.charges === count && j.totalNanos === String(total),
    note: `${fmtN(j.charges as number)} charges, sum ${j.totalNanos === String(total) ? 'exact' : 'WRONG'}`,
  })),
];

const nodeX12 = (label: string, file: string, count: number, invoices: number, heapMb?: number) =>
  peerSpec(
    label,
    file,
    'node-x12',
    'parse only',
    heapMb ? `${PEERS.nodeX12} (heap raised to ${heapMb / 1024} GB)` : PEERS.nodeX12,
    count,
    (j) => ({
      ok: j.transactions === invoices,
      note: `${fmtN(j.transactions as number)} transaction sets, ${fmtN(j.segments as number)} segments in them`,
    }),
    heapMb ? [`--max-old-space-size=${heapMb}`] : [],
  );

const find = (file: string, scenario: string, engine: string) =>
  rows.find((r) => r.file === file && r.scenario === scenario && r.engine.startsWith(engine));

async function main(): Promise<Record<string, unknown>> {
  checkSampleHeader(REPO);
  step(`generate EDI 811 with ${fmtN(N)} charges`);
  let t0 = performance.now();
  const x12 = await generate811(path.join(tmp, `bench-811-${N}.edi`), N);
  const secs = () => ((performance.now() - t0) / 1000).toFixed(1);
  log(
    `    ${fmtN(x12.invoices)} invoices, ${fmtN(x12.segments)} segments, ${(x12.bytes / 1e6).toFixed(1)} MB in ${secs()} s`,
  );
  step(`generate FOCUS 1.0 CSV with ${fmtN(N)} rows`);
  t0 = performance.now();
  const focus = await generateFocus(path.join(tmp, `bench-focus-${N}.csv`), N);
  log(`    ${focus.accounts} billing accounts, ${(focus.bytes / 1e6).toFixed(1)} MB in ${secs()} s`);

  const L811 = `811 ${fmtN(N)}`;
  const LFOCUS = `FOCUS ${fmtN(N)}`;
  for (const engine of ['sqlite', 'postgres'] as const)
    await run(importSpec(L811, x12.file, engine, N, x12.totalNanos, []));
  for (const s of ourParse(L811, x12.file, N, x12.totalNanos)) await run(s);
  let nx = await run(nodeX12(L811, x12.file, N, x12.invoices));
  await run(
    peerSpec(L811, x12.file, 'x12-parser', 'parse only (tokenise)', PEERS.x12Parser, N, (j) => ({
      ok: (j.segments as number) >= x12.segments,
      note: `${fmtN(j.segments as number)} segments`,
    })),
  );

  const ratios: Ratio[] = [];
  const ours811 = find(L811, 'full import', 'TEMOps → SQLite');
  ratios.push(
    ratio(`811 full import (SQLite) vs node-x12 parse-only, default heap [${L811}]`, ours811, nx, 1),
  );
  if (!nx.ok && N > FALLBACK_CHARGES) {
    // It failed with Node's default heap: measure it with a heap big enough, and at a size it can do.
    nx = await run(nodeX12(L811, x12.file, N, x12.invoices, BIG_HEAP_MB));
    ratios.push(
      ratio(`811 full import (SQLite) vs node-x12 parse-only, raised heap [${L811}]`, ours811, nx, 1),
    );
    step(`generate EDI 811 with ${fmtN(FALLBACK_CHARGES)} charges (node-x12 failed at ${fmtN(N)})`);
    const small = await generate811(path.join(tmp, `bench-811-${FALLBACK_CHARGES}.edi`), FALLBACK_CHARGES);
    const label = `811 ${fmtN(FALLBACK_CHARGES)}`;
    const nxSmall = await run(nodeX12(label, small.file, FALLBACK_CHARGES, small.invoices));
    const oursSmall = await run(
      importSpec(label, small.file, 'sqlite', FALLBACK_CHARGES, small.totalNanos, []),
    );
    ratios.push(ratio(`811 full import (SQLite) vs node-x12 parse-only [${label}]`, oursSmall, nxSmall, 1));
  }

  // FOCUS 1.0 has no InvoiceId column, so the product numbers each invoice itself and says so.
  for (const engine of ['sqlite', 'postgres'] as const)
    await run(importSpec(LFOCUS, focus.file, engine, N, focus.totalNanos, ['focus_no_invoice_id']));
  for (const s of ourParse(LFOCUS, focus.file, N, focus.totalNanos)) await run(s);
  await run(
    peerSpec(LFOCUS, focus.file, 'duckdb', 'load + aggregate', PEERS.duckdb, N, (j) => ({
      ok: j.rows === N,
      note: `${fmtN(j.rows as number)} rows loaded, ${fmtN(j.groups as number)} groups`,
    })),
  );

  const duck = find(LFOCUS, 'load + aggregate', 'DuckDB');
  ratios.push(
    ratio(
      `811 full import (PostgreSQL) vs node-x12 parse-only [${L811}]`,
      find(L811, 'full import', 'TEMOps → PostgreSQL'),
      nx,
      null,
    ),
    ratio(
      `811 full import (SQLite) vs x12-parser tokenise-only [${L811}]`,
      ours811,
      find(L811, 'parse only (tokenise)', 'x12-parser'),
      null,
    ),
    ratio(
      `811 TEMOps parse-only vs node-x12 parse-only [${L811}]`,
      find(L811, 'parse only', 'TEMOps parser'),
      nx,
      null,
    ),
    ratio(
      `FOCUS import (SQLite) vs DuckDB load+aggregate [${LFOCUS}]`,
      find(LFOCUS, 'full import', 'TEMOps → SQLite'),
      duck,
      4,
    ),
    ratio(
      `FOCUS import (PostgreSQL) vs DuckDB load+aggregate [${LFOCUS}]`,
      find(LFOCUS, 'full import', 'TEMOps → PostgreSQL'),
      duck,
      4,
    ),
    ratio(
      `FOCUS TEMOps parse-only vs DuckDB load+aggregate [${LFOCUS}]`,
      find(LFOCUS, 'parse only', 'TEMOps parser'),
      duck,
      null,
    ),
  );
  return {
    files: {
      x12: {
        charges: x12.charges,
        invoices: x12.invoices,
        segments: x12.segments,
        bytes: x12.bytes,
        totalNanos: String(x12.totalNanos),
      },
      focus: {
        rows: focus.rows,
        accounts: focus.accounts,
        bytes: focus.bytes,
        totalNanos: String(focus.totalNanos),
      },
    },
    ratios,
    breakdown: breakdown([L811, LFOCUS]),
  };
}

/** Where the time goes, from separate runs: parse, + normalise, + database (import − normalise). */
function breakdown(files: string[]): Record<string, Record<string, number | null>> {
  const out: Record<string, Record<string, number | null>> = {};
  const r2 = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);
  const sub = (a: number | null, b: number | null) => (a === null || b === null ? null : r2(a - b));
  for (const f of files) {
    const t = (scenario: string, engine: string) => find(f, scenario, engine)?.seconds ?? null;
    const parse = t('parse only', 'TEMOps parser');
    const norm = t('parse + normalise', 'TEMOps');
    out[f] = {
      parseSeconds: r2(parse),
      normaliseSeconds: sub(norm, parse),
      sqliteStoreSeconds: sub(t('full import', 'TEMOps → SQLite'), norm),
      postgresStoreSeconds: sub(t('full import', 'TEMOps → PostgreSQL'), norm),
    };
  }
  return out;
}

function machineInfo() {
  const cpu = (() => {
    try {
      return readFileSync('/proc/pressure/cpu', 'utf8').split('\n')[0];
    } catch {
      return 'n/a';
    }
  })();
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemBytes: os.totalmem(),
    node: process.version,
    v8DefaultHeapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 1e6),
    rssMeasuredBy: hasGnuTime
      ? '/usr/bin/time -v (max RSS of the child process)'
      : 'child self-sampling every 50 ms',
    cpuPressureAtEnd: cpu,
  };
}

const started = new Date();
const sourceAtStart = sourceFingerprint(PRODUCT_SRC);
try {
  const result = await main();
  const sourceAtEnd = sourceFingerprint(PRODUCT_SRC);
  const date = started.toISOString().slice(0, 10);
  const machine = machineInfo();
  const ratios = result.ratios as Ratio[];
  const productSource = {
    atStart: sourceAtStart,
    atEnd: sourceAtEnd,
    changedDuringRun: sourceAtStart !== sourceAtEnd,
  };
  if (productSource.changedDuringRun)
    log('\nWARNING: packages/formats or packages/core changed while the benchmark ran');
  process.stdout.write(
    `\n${consoleTable(rows, ratios)}\n\nbreakdown (s): ${JSON.stringify(result.breakdown)}\n`,
  );
  const outDir = path.join(REPO, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  const base = path.join(outDir, N === 1_000_000 ? `ingest-${date}` : `ingest-${date}-${N}`);
  const command = `npm run bench:ingest -- --charges ${N} --repeat ${REPEAT}`;
  const json = {
    date: started.toISOString(),
    charges: N,
    repeat: REPEAT,
    command,
    machine,
    productSource,
    ...result,
    rows,
  };
  writeFileSync(`${base}.json`, `${JSON.stringify(json, null, 2)}\n`);
  const extra = [
    '## Time breakdown (seconds, from separate runs)',
    '',
    '```json',
    JSON.stringify(result.breakdown, null, 2),
    '```',
    '',
    `Seconds are the fastest of ${REPEAT} run(s); peak RSS the highest. Peak RSS is the whole child`,
    'process (Node + tsx + loaded modules; see `baselineRssMb` in the JSON). "bg CPU %" is how busy the',
    'machine was in the second before the step, i.e. load from other work sharing it.',
  ].join('\n');
  const meta = { command, ...machine, productSource };
  writeFileSync(
    `${base}.md`,
    `${markdown(`Ingestion benchmark ${date} (${fmtN(N)} charges)`, meta, rows, ratios, extra)}\n`,
  );
  log(`\nwrote ${path.relative(REPO, base)}.md and .json`);
  // A peer that cannot cope is a finding, not a failure of the benchmark; ours must all pass.
  if (rows.some((r) => !r.ok && r.engine.startsWith('TEMOps'))) process.exitCode = 1;
} finally {
  if (values.keep) log(`generated files kept in ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}
