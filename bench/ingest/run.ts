/**
 * Ingestion benchmark: `npm run bench:ingest [-- --charges 100000] [--keep]`.
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
import { hasGnuTime, runChild } from './child.ts';
import { generate811 } from './gen-811.ts';
import { checkSampleHeader, generateFocus } from './gen-focus.ts';
import { consoleTable, markdown, mb, type Ratio, type Row, ratio } from './report.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const MIN = 60_000;
// node-x12 builds the whole document; below this size a failure is not worth a smaller retry
const FALLBACK_CHARGES = 100_000;

const { values } = parseArgs({
  options: { charges: { type: 'string', default: '1000000' }, keep: { type: 'boolean', default: false } },
});
const N = Number(values.charges);
if (!Number.isInteger(N) || N < 1)
  throw new Error(`--charges must be a positive integer, got ${values.charges}`);

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
let phase = 0;
const step = (label: string) => log(`[${++phase}] ${label}`);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'temops-bench-ingest-'));
const rows: Row[] = [];
const fmtN = (n: number) => n.toLocaleString('en-US');

interface Spec {
  file: string;
  label: string;
  scenario: string;
  engine: string;
  count: number;
  script: 'import-one.ts' | 'peer-one.ts';
  args: string[];
  timeoutMs: number;
  /** what makes the child's answer correct, beyond exiting cleanly; returns a note */
  check(json: Record<string, unknown>): { ok: boolean; note: string };
}

async function measure(s: Spec): Promise<Row> {
  step(`${s.label}: ${s.scenario} — ${s.engine}`);
  const r = await runChild(path.join(HERE, s.script), s.args, s.timeoutMs);
  const seconds = typeof r.json?.seconds === 'number' ? r.json.seconds : null;
  let ok = r.ok;
  let note: string;
  if (r.json && r.ok) {
    const c = s.check(r.json);
    ok = c.ok;
    note = c.note;
  } else {
    const why = r.timedOut ? `killed after ${s.timeoutMs / MIN} min` : `exit ${r.exitCode ?? r.signal}`;
    note = `failed: ${why}${r.json?.error ? ` ${JSON.stringify(r.json.error)}` : ''}`;
  }
  const row: Row = {
    file: s.label,
    scenario: s.scenario,
    engine: s.engine,
    count: s.count,
    seconds: ok ? seconds : null,
    perSecond: ok && seconds ? Math.round(s.count / seconds) : null,
    peakRssMb: mb(r.peakRssBytes),
    baselineRssMb: mb(r.json?.baselineRss),
    rssSource: r.rssSource,
    ok,
    note,
  };
  log(
    `    ${ok ? 'ok' : 'FAILED'}: ${seconds?.toFixed(2) ?? '—'} s, peak RSS ${row.peakRssMb ?? '—'} MB (${r.rssSource}); ${note}`,
  );
  rows.push(row);
  return row;
}

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
    file,
    label,
    scenario: 'full import',
    engine: engine === 'sqlite' ? 'TEMOps → SQLite' : 'TEMOps → PostgreSQL',
    count,
    script: 'import-one.ts',
    args: [engine, file, String(count), String(total)],
    timeoutMs: 60 * MIN,
    check(j) {
      const codes = Object.keys(j.invoiceWarnings as Record<string, number>);
      const unexpected = codes.filter((c) => !expectedCodes.includes(c));
      const ok = j.ok === true && j.fileWarnings === 0 && unexpected.length === 0;
      const warned = codes.length
        ? `; invoice warnings ${JSON.stringify(j.invoiceWarnings)}`
        : '; 0 warnings';
      return {
        ok,
        note: `${j.status}, ${fmtN(j.invoices as number)} invoices, ${fmtN(j.charges as number)} charges stored, sum ${j.totalNanos === String(total) ? 'exact' : `${j.totalNanos} ≠ ${total}`}${warned}`,
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
  timeoutMs = 30 * MIN,
): Spec {
  return {
    file,
    label,
    scenario,
    engine,
    count,
    script: 'peer-one.ts',
    args: [mode, file],
    timeoutMs,
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

async function main(): Promise<Record<string, unknown>> {
  checkSampleHeader(REPO);
  step(`generate EDI 811 with ${fmtN(N)} charges`);
  let t0 = performance.now();
  const x12 = await generate811(path.join(tmp, `bench-811-${N}.edi`), N);
  log(
    `    ${fmtN(x12.invoices)} invoices, ${fmtN(x12.segments)} segments, ${(x12.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  step(`generate FOCUS 1.0 CSV with ${fmtN(N)} rows`);
  t0 = performance.now();
  const focus = await generateFocus(path.join(tmp, `bench-focus-${N}.csv`), N);
  log(
    `    ${focus.accounts} billing accounts, ${(focus.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const L811 = `811 ${fmtN(N)}`;
  const LFOCUS = `FOCUS ${fmtN(N)}`;
  for (const engine of ['sqlite', 'postgres'] as const)
    await measure(importSpec(L811, x12.file, engine, N, x12.totalNanos, []));
  for (const s of ourParse(L811, x12.file, N, x12.totalNanos)) await measure(s);
  const nx = await measure(
    peerSpec(L811, x12.file, 'node-x12', 'parse only', PEERS.nodeX12, N, (j) => ({
      ok: j.transactions === x12.invoices,
      note: `${fmtN(j.transactions as number)} transaction sets, ${fmtN(j.segments as number)} segments in them`,
    })),
  );
  await measure(
    peerSpec(L811, x12.file, 'x12-parser', 'parse only (tokenise)', PEERS.x12Parser, N, (j) => ({
      ok: (j.segments as number) >= x12.segments,
      note: `${fmtN(j.segments as number)} segments`,
    })),
  );

  // node-x12 holds the whole document in memory; if it cannot do N, give it a size it can.
  let small: { label: string; nx: Row; ours: Row } | null = null;
  if (!nx.ok && N > FALLBACK_CHARGES) {
    step(`generate EDI 811 with ${fmtN(FALLBACK_CHARGES)} charges (node-x12 failed at ${fmtN(N)})`);
    const s811 = await generate811(path.join(tmp, `bench-811-${FALLBACK_CHARGES}.edi`), FALLBACK_CHARGES);
    const label = `811 ${fmtN(FALLBACK_CHARGES)}`;
    const nxSmall = await measure(
      peerSpec(label, s811.file, 'node-x12', 'parse only', PEERS.nodeX12, FALLBACK_CHARGES, (j) => ({
        ok: j.transactions === s811.invoices,
        note: `${fmtN(j.transactions as number)} transaction sets, ${fmtN(j.segments as number)} segments in them`,
      })),
    );
    const oursSmall = await measure(
      importSpec(label, s811.file, 'sqlite', FALLBACK_CHARGES, s811.totalNanos, []),
    );
    small = { label, nx: nxSmall, ours: oursSmall };
  }

  // FOCUS 1.0 has no InvoiceId column, so the product numbers each invoice itself and says so.
  for (const engine of ['sqlite', 'postgres'] as const)
    await measure(importSpec(LFOCUS, focus.file, engine, N, focus.totalNanos, ['focus_no_invoice_id']));
  for (const s of ourParse(LFOCUS, focus.file, N, focus.totalNanos)) await measure(s);
  await measure(
    peerSpec(LFOCUS, focus.file, 'duckdb', 'load + aggregate', PEERS.duckdb, N, (j) => ({
      ok: j.rows === N,
      note: `${fmtN(j.rows as number)} rows loaded, ${fmtN(j.groups as number)} groups`,
    })),
  );

  const find = (file: string, scenario: string, engine: string) =>
    rows.find((r) => r.file === file && r.scenario === scenario && r.engine.startsWith(engine));
  const ratios: Ratio[] = [
    ratio(
      `811 full import (SQLite) vs node-x12 parse-only [${L811}]`,
      find(L811, 'full import', 'TEMOps → SQLite'),
      nx,
      1,
    ),
  ];
  if (small)
    ratios.push(
      ratio(`811 full import (SQLite) vs node-x12 parse-only [${small.label}]`, small.ours, small.nx, 1),
    );
  ratios.push(
    ratio(
      `811 full import (PostgreSQL) vs node-x12 parse-only [${L811}]`,
      find(L811, 'full import', 'TEMOps → PostgreSQL'),
      nx,
      null,
    ),
    ratio(
      `811 full import (SQLite) vs x12-parser tokenise-only [${L811}]`,
      find(L811, 'full import', 'TEMOps → SQLite'),
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
      find(LFOCUS, 'load + aggregate', 'DuckDB'),
      4,
    ),
    ratio(
      `FOCUS import (PostgreSQL) vs DuckDB load+aggregate [${LFOCUS}]`,
      find(LFOCUS, 'full import', 'TEMOps → PostgreSQL'),
      find(LFOCUS, 'load + aggregate', 'DuckDB'),
      4,
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
  for (const f of files) {
    const t = (scenario: string, engine: string) =>
      rows.find((r) => r.file === f && r.scenario === scenario && r.engine.startsWith(engine))?.seconds ??
      null;
    const p = t('parse only', 'TEMOps parser');
    const parse = p === null ? null : Math.round(p * 100) / 100;
    const norm = t('parse + normalise', 'TEMOps');
    const sub = (a: number | null, b: number | null) =>
      a === null || b === null ? null : Math.round((a - b) * 100) / 100;
    out[f] = {
      parseSeconds: parse,
      normaliseSeconds: sub(norm, parse),
      sqliteStoreSeconds: sub(t('full import', 'TEMOps → SQLite'), norm),
      postgresStoreSeconds: sub(t('full import', 'TEMOps → PostgreSQL'), norm),
    };
  }
  return out;
}

const started = new Date();
try {
  const result = await main();
  const date = `${started.getFullYear()}-${String(started.getMonth() + 1).padStart(2, '0')}-${String(started.getDate()).padStart(2, '0')}`;
  const machine = {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemBytes: os.totalmem(),
    node: process.version,
    v8HeapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 1e6),
    rssMeasuredBy: hasGnuTime
      ? '/usr/bin/time -v (max RSS of the child process)'
      : 'child self-sampling every 50 ms',
  };
  const ratios = result.ratios as Ratio[];
  const table = consoleTable(rows, ratios);
  process.stdout.write(`\n${table}\n\nbreakdown (s): ${JSON.stringify(result.breakdown)}\n`);
  const outDir = path.join(REPO, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  const base = path.join(outDir, N === 1_000_000 ? `ingest-${date}` : `ingest-${date}-${N}`);
  const json = {
    date: started.toISOString(),
    charges: N,
    command: `npm run bench:ingest -- --charges ${N}`,
    machine,
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
    'Peak RSS is the whole child process (Node + tsx + loaded modules: see `baselineRssMb` in the JSON).',
  ].join('\n');
  writeFileSync(
    `${base}.md`,
    `${markdown(`Ingestion benchmark ${date} (${N.toLocaleString('en-US')} charges)`, { command: json.command, ...machine }, rows, ratios, extra)}\n`,
  );
  log(`\nwrote ${path.relative(REPO, base)}.md and .json`);
  // A peer that cannot cope is a finding, not a failure of the benchmark; ours must all pass.
  if (rows.some((r) => !r.ok && r.engine.startsWith('TEMOps'))) process.exitCode = 1;
} finally {
  if (values.keep) log(`generated files kept in ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}
