import path from 'node:path';
import { AppError, type ContractImportReport, contractAlerts, importContracts } from '@temops/core';
import type { Command } from 'commander';
import type { GlobalOptions } from '../config.ts';
import { failOnLineErrors, lineProgress, readInputFile } from '../line-import.ts';
import { CliError, emit } from '../output.ts';
import { tenantCtx, withStore } from '../store.ts';

interface TenantOptions extends GlobalOptions {
  tenant?: string;
}

function summary(r: ContractImportReport): string {
  const verb = r.applied ? 'imported' : r.dryRun && r.errors === 0 ? 'would import' : 'NOT imported';
  const lines = [
    `${verb} ${r.file}: ${r.creates} to create, ${r.updates} to update, ${r.unchanged} unchanged, ${r.errors} with errors`,
  ];
  for (const l of r.lines) {
    if (l.action === 'error') lines.push(...l.errors.map((e) => `  ${e}`));
    else if (r.dryRun)
      lines.push(
        `  line ${l.line} ${l.action.padEnd(9)} ${l.key} (contract ${l.contract}, rate item ${l.rateItem ?? '-'})`,
      );
  }
  return lines.join('\n');
}

async function importCommand(file: string, opts: TenantOptions & { dryRun?: boolean }) {
  const content = await readInputFile(file);
  const progress = lineProgress(file, opts.json);
  const report = await withStore(opts, async (store) => {
    const ctx = await tenantCtx(store, opts.tenant);
    try {
      return await importContracts(ctx, {
        file: path.basename(file),
        content,
        dryRun: opts.dryRun === true,
        onProgress: progress.onProgress,
      });
    } catch (err) {
      // A file that cannot be read as a contract CSV at all is invalid input, like a bad line.
      if (err instanceof AppError && err.code === 'validation_failed') throw new CliError(err.message, 2);
      throw err;
    } finally {
      progress.stop();
    }
  });
  emit(opts.json, report, () => summary(report));
  failOnLineErrors(report, opts.json);
}

async function alertsCommand(opts: TenantOptions) {
  const alerts = await withStore(opts, async (store) => contractAlerts(await tenantCtx(store, opts.tenant)));
  emit(opts.json, alerts, () =>
    alerts.length === 0
      ? 'No contract alerts'
      : alerts
          .map(
            (a) =>
              `${a.date}  ${a.kind === 'expiry' ? 'expires' : 'notice '}  in ${String(a.daysLeft).padStart(3)} day(s) (${a.threshold}-day alert)  ${a.contractNumber}  ${a.vendor}`,
          )
          .join('\n'),
  );
}

/** CLI commands for contracts: import from CSV, and renewal alerts. */
export function registerContractCommands(program: Command) {
  const contracts = program.command('contracts').description('contracts, rate items and renewal alerts');
  contracts
    .command('import')
    .description(
      'import contracts and rate items from CSV (one row per rate item), all or nothing; exits 2 naming the file and line of any error',
    )
    .argument('<file>', 'CSV file')
    .option('--tenant <slug>', 'tenant (default: the only one)')
    .option('--dry-run', 'show what would change and write nothing')
    .action(async (file: string, _o: unknown, cmd: Command) => importCommand(file, cmd.optsWithGlobals()));
  contracts
    .command('alerts')
    .description('expiry and notice-deadline alerts due today (120, 90 and 45 days ahead)')
    .option('--tenant <slug>', 'tenant (default: the only one)')
    .action(async (_o: unknown, cmd: Command) => alertsCommand(cmd.optsWithGlobals()));
}
