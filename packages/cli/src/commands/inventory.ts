import fs from 'node:fs/promises';
import path from 'node:path';
import { exportServices, type InventoryImportReport, importServices, SERVICE_STATES } from '@temops/core';
import { type Command, Option } from 'commander';
import type { GlobalOptions } from '../config.ts';
import { failOnLineErrors, lineProgress, readInputFile } from '../line-import.ts';
import { CliError, emit } from '../output.ts';
import { tenantCtx, withStore } from '../store.ts';

interface ImportOptions extends GlobalOptions {
  tenant?: string;
  dryRun?: boolean;
  mapping?: string;
}

interface ExportOptions extends GlobalOptions {
  tenant?: string;
  format?: 'csv' | 'xlsx';
  out?: string;
  state?: (typeof SERVICE_STATES)[number];
  type?: string;
}

async function readMapping(file: string | undefined): Promise<Record<string, string> | undefined> {
  if (!file) return undefined;
  const text = await fs.readFile(file, 'utf8').catch(() => {
    throw new CliError(`${file}: cannot read the mapping file`, 2);
  });
  try {
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  } catch (err) {
    throw new CliError(
      `${file}: not a JSON object of {ourColumn: theirHeader} (${(err as Error).message})`,
      2,
    );
  }
}

function summary(r: InventoryImportReport): string {
  const verb = r.applied ? 'imported' : r.dryRun && r.errors === 0 ? 'would import' : 'NOT imported';
  const lines = [
    `${verb} ${r.file}: ${r.creates} to create, ${r.updates} to update, ${r.unchanged} unchanged, ${r.errors} with errors`,
  ];
  if (r.ignoredColumns.length > 0) lines.push(`ignored column(s): ${r.ignoredColumns.join(', ')}`);
  for (const l of r.lines) {
    if (l.action === 'error') lines.push(...l.errors.map((e) => `  ${e}`));
    else if (l.action === 'update' && r.lines.length <= 200)
      lines.push(
        `  line ${l.line} update ${l.key}: ${(l.changes ?? []).map((c) => `${c.field} ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`).join(', ')}`,
      );
  }
  return lines.join('\n');
}

async function importCommand(file: string, opts: ImportOptions) {
  const content = await readInputFile(file);
  const mapping = await readMapping(opts.mapping);
  const progress = lineProgress(file, opts.json);
  const report = await withStore(opts, async (store) => {
    const ctx = await tenantCtx(store, opts.tenant);
    try {
      return await importServices(ctx, {
        file: path.basename(file),
        content,
        dryRun: opts.dryRun === true,
        mapping,
        onProgress: progress.onProgress,
      });
    } finally {
      progress.stop();
    }
  });
  emit(opts.json, report, () => summary(report));
  failOnLineErrors(report, opts.json);
}

async function exportCommand(opts: ExportOptions) {
  const format = opts.format ?? (opts.out?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv');
  const file = await withStore(opts, async (store) =>
    exportServices(await tenantCtx(store, opts.tenant), { state: opts.state, type: opts.type }, format),
  );
  if (opts.out) {
    await fs.writeFile(opts.out, file.body);
    emit(
      opts.json,
      { file: opts.out, format, rows: file.rows },
      () => `exported ${file.rows} service(s) to ${opts.out}`,
    );
  } else process.stdout.write(file.body);
}

/** CLI commands for inventory: import and export services. */
export function registerInventoryCommands(program: Command) {
  const inventory = program.command('inventory').description('the inventory of services');
  inventory
    .command('import')
    .description('import services from CSV or XLSX, all or nothing; matched on vendor code + identifier')
    .argument('<file>', 'CSV or XLSX file')
    .option('--tenant <slug>', 'tenant (default: the only one)')
    .option('--dry-run', 'show what would change and write nothing')
    .option('--mapping <json-file>', 'JSON object {ourColumn: theirHeader}')
    .action(async (file: string, _o: unknown, cmd: Command) => importCommand(file, cmd.optsWithGlobals()));
  inventory
    .command('export')
    .description('write services as CSV or XLSX with the import columns (stdout unless --out)')
    .option('--tenant <slug>', 'tenant (default: the only one)')
    .addOption(new Option('--format <format>').choices(['csv', 'xlsx']))
    .option('--out <file>', 'write to this file')
    .addOption(new Option('--state <state>').choices([...SERVICE_STATES]))
    .option('--type <type>', 'service type code')
    .action(async (_o: unknown, cmd: Command) => exportCommand(cmd.optsWithGlobals()));
}
