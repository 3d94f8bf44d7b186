import { takeDataQualitySnapshot } from '@temops/core';
import type { Command } from 'commander';
import type { GlobalOptions } from '../config.ts';
import { emit } from '../output.ts';
import { tenantCtx, withStore } from '../store.ts';

const pct = (score: number) => `${score.toFixed(2)}%`;

/** Computes today's scores, stores them as today's snapshot, and prints them. */
export async function dqReport(opts: GlobalOptions & { tenant?: string }) {
  await withStore(opts, async (store) => {
    const ctx = await tenantCtx(store, opts.tenant);
    const r = await takeDataQualitySnapshot(ctx);
    const json = {
      day: r.day,
      overall: r.overall,
      domains: r.domains.map((d) => ({ domain: d.domain, score: d.score })),
      rules: r.rules.map((x) => ({
        id: x.id,
        domain: x.domain,
        failing: x.failing,
        population: x.population,
        score: x.score,
      })),
    };
    emit(opts.json, json, () => {
      const width = Math.max(...r.rules.map((x) => x.id.length), ...r.domains.map((d) => d.title.length));
      const lines = [`Data quality on ${r.day}: ${pct(r.overall)} overall (snapshot stored)`, '', 'Domains'];
      for (const d of r.domains) lines.push(`  ${d.title.padEnd(width)}  ${pct(d.score).padStart(8)}`);
      lines.push('', `Rules${' '.repeat(width - 3)}  failing / population     score`);
      for (const x of r.rules) {
        const counts = `${x.failing} / ${x.population}`.padStart(20);
        lines.push(`  ${x.id.padEnd(width)}  ${counts}  ${pct(x.score).padStart(8)}`);
      }
      return lines.join('\n');
    });
  });
}

/** CLI commands for data quality: report. */
export function registerDataQualityCommands(program: Command) {
  program
    .command('dq')
    .description('data quality of the inventory')
    .command('report')
    .description("compute today's data-quality scores, store them as today's snapshot, and print them")
    .option('--tenant <slug>', 'tenant (default: the only one)')
    .action(async (_o: unknown, cmd: Command) => dqReport(cmd.optsWithGlobals()));
}
