import { type AccuracyResult, runAccuracy, TARGETS } from '@temops/core';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { GlobalOptions } from '../config.ts';
import { CliError, emit } from '../output.ts';
import { withStore } from '../store.ts';

export interface AccuracyCliOptions extends GlobalOptions {
  scenario: string;
  tenantSlug?: string;
  keepFiles?: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The stable `--json` shape: recall and precision as numbers in 0..1. */
export function accuracyJson(r: AccuracyResult) {
  return {
    seed: r.seed,
    rules: Object.fromEntries(
      Object.entries(r.rules).map(([code, s]) => [
        code,
        { recall: s.recall, precision: s.precision, planted: s.planted, found: s.found },
      ]),
    ),
    passed: r.passed,
  };
}

function table(r: AccuracyResult): string {
  const width = Math.max(4, ...Object.keys(r.rules).map((c) => c.length));
  const head = `${'rule'.padEnd(width)}  planted  found     TP   recall  precision`;
  const lines = [
    `Accuracy scenario ${r.seed}: ${r.invoices} invoices from ${r.files} files in tenant ${r.tenantSlug} (${Math.round(r.durationMs / 1000)} s)`,
    `Targets: recall ≥ ${pct(TARGETS.recall)}, precision ≥ ${pct(TARGETS.precision)} for every rule`,
    ...(r.failedRuns > 0 ? [`Warning: ${r.failedRuns} audit run(s) failed on the way (a rule threw)`] : []),
    '',
    head,
  ];
  for (const [code, s] of Object.entries(r.rules)) {
    lines.push(
      `${code.padEnd(width)}  ${String(s.planted).padStart(7)}  ${String(s.found).padStart(5)}  ${String(s.truePositives).padStart(5)}  ${pct(s.recall).padStart(7)}  ${pct(s.precision).padStart(9)}  ${s.passed ? 'PASS' : 'FAIL'}`,
    );
  }
  const t = r.totals;
  lines.push(
    `${'total'.padEnd(width)}  ${String(t.planted).padStart(7)}  ${String(t.found).padStart(5)}  ${String(t.truePositives).padStart(5)}  ${pct(t.recall).padStart(7)}  ${pct(t.precision).padStart(9)}`,
  );
  // What a failing rule missed or found wrongly, so the case can be looked at straight away.
  for (const [code, s] of Object.entries(r.rules)) {
    if (s.passed) continue;
    lines.push('', `${code}:`);
    for (const m of s.misses.slice(0, 5))
      lines.push(
        `  missed  ${[m.invoiceNumber, m.accountNumber, m.identifier, m.lineRef && `line ${m.lineRef}`, m.period].filter(Boolean).join(' ')} (${m.note})`,
      );
    for (const f of s.falsePositives.slice(0, 5)) lines.push(`  wrong   ${f.summary}`);
  }
  return lines.join('\n');
}

/** Builds the scenario's tenant, imports its bills, audits and scores every rule; exit 1 when a rule misses a target. */
export async function accuracyCommand(opts: AccuracyCliOptions) {
  const seed = Number(opts.scenario);
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new CliError('--scenario must be a whole number (the seed)', 2);
  const bar =
    !opts.json && process.stderr.isTTY
      ? new cliProgress.SingleBar(
          { format: 'import {month} [{bar}] {value}/{total} files', stream: process.stderr },
          cliProgress.Presets.shades_classic,
        )
      : null;
  const result = await withStore(opts, async (store) => {
    try {
      return await runAccuracy(store, {
        seed,
        tenantSlug: opts.tenantSlug,
        keepFiles: opts.keepFiles,
        onProgress: (p) => {
          if (p.stage === 'import') {
            if (p.done === 0) bar?.start(p.total, 0, { month: p.month });
            bar?.update(p.done, { month: p.month });
          } else if (p.stage === 'audit') {
            bar?.update(bar.getTotal(), { month: 'done' });
            bar?.stop();
          }
        },
      });
    } finally {
      bar?.stop();
    }
  });
  emit(opts.json, accuracyJson(result), () => table(result));
  const failing = Object.values(result.rules).filter((s) => !s.passed).length;
  if (failing > 0) throw new CliError(opts.json ? '' : `${failing} rule(s) below target`, 1);
}

/** `temops audit accuracy --scenario <seed>`: recall and precision of every rule on a generated tenant. */
export function registerAccuracyCommand(audit: Command) {
  audit
    .command('accuracy')
    .description('build a generated tenant with planted errors, import and audit it, and score each rule')
    .requiredOption('--scenario <seed>', 'scenario seed (the same seed builds the same tenant and bills)')
    .option('--tenant-slug <slug>', 'slug of the tenant to create (default: accuracy-<seed>-<random>)')
    .option('--keep-files <dir>', 'also write the bill files and truth.json to this folder')
    .action(async (_o: unknown, cmd: Command) => accuracyCommand(cmd.optsWithGlobals()));
}
