import { type AuditRunDto, type ExceptionItem, resolveAuditTargets, startAuditRun } from '@temops/core';
import type { Command } from 'commander';
import type { GlobalOptions } from '../config.ts';
import { emit } from '../output.ts';
import { tenantCtx, withStore } from '../store.ts';
import { registerAccuracyCommand } from './audit-accuracy.ts';
import { allExceptions } from './exceptions.ts';

interface RunOptions extends GlobalOptions {
  tenant?: string;
  invoice?: string;
  account?: string;
  vendor?: string;
  period?: string;
  rule?: string[];
}

const findingOf = (f: ExceptionItem) => ({
  rule: f.rule,
  severity: f.severity,
  invoiceNumber: f.invoiceNumber,
  accountNumber: f.accountNumber,
  serviceId: f.serviceIdentifier,
  billed: f.billed,
  expected: f.expected,
  variance: f.variance,
});

function table(run: AuditRunDto): string {
  const rows = Object.entries(run.rules).map(([code, t]) => [
    code,
    t.opened,
    t.reopened,
    t.stillOpen,
    t.autoClosed,
  ]);
  rows.push(['total', run.opened, run.reopened, run.stillOpen, run.autoClosed]);
  const width = Math.max(4, ...rows.map((r) => String(r[0]).length));
  const line = (cells: (string | number)[]) =>
    [
      String(cells[0]).padEnd(width),
      ...cells.slice(1).map((c, i) => String(c).padStart([6, 8, 10, 6][i]!)),
    ].join('  ');
  return [
    `Audit run ${run.id}: ${run.invoicesChecked} invoice(s), ${run.chargesChecked} charge(s) checked in ${run.durationMs} ms`,
    '',
    line(['rule', 'opened', 'reopened', 'still open', 'closed']),
    ...rows.map(line),
  ].join('\n');
}

/** Runs the audit now and prints what it opened, found again and closed, per rule. */
export async function auditRun(opts: RunOptions) {
  const out = await withStore(opts, async (store) => {
    const ctx = await tenantCtx(store, opts.tenant);
    const targets = await resolveAuditTargets(ctx, {
      invoice: opts.invoice,
      account: opts.account,
      vendor: opts.vendor,
    });
    const run = await startAuditRun(ctx, { ...targets, period: opts.period, rules: opts.rule });
    // What the run touched and is still to be worked: the findings it opened, reopened or found again.
    const findings = await allExceptions(ctx, { runId: run.id, state: 'active' });
    return { run, findings };
  });
  const { run, findings } = out;
  const json = {
    run: {
      id: run.id,
      trigger: run.trigger,
      scope: run.scope,
      rulesVersion: run.rulesVersion,
      status: run.status,
      invoicesChecked: run.invoicesChecked,
      chargesChecked: run.chargesChecked,
      opened: run.opened,
      reopened: run.reopened,
      stillOpen: run.stillOpen,
      autoClosed: run.autoClosed,
      durationMs: run.durationMs,
      rules: run.rules,
    },
    findings: findings.map(findingOf),
  };
  emit(opts.json, json, () => table(run));
}

/** CLI commands for the audit: run, accuracy (exceptions have their own: exceptions.ts). */
export function registerAuditCommands(program: Command) {
  const audit = program.command('audit').description('invoice audit: rules, runs and accuracy');
  audit
    .command('run')
    .description('run the audit now over the tenant, or an invoice, account, vendor and/or period')
    .option('--tenant <slug>', 'tenant (default: the only one)')
    .option('--invoice <number|id>', 'one invoice')
    .option('--account <number|id>', 'one billing account')
    .option('--vendor <code|id>', 'one vendor')
    .option('--period <YYYY-MM>', 'invoices whose period starts in this month')
    .option('--rule <code...>', 'only these rules')
    .action(async (_o: unknown, cmd: Command) => auditRun(cmd.optsWithGlobals()));
  registerAccuracyCommand(audit);
}
