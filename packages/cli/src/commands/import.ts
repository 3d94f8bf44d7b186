import fs from 'node:fs/promises';
import path from 'node:path';
import { type FileResult, importFile, localFileStore } from '@temops/core';
import { fileSource } from '@temops/formats';
import cliProgress from 'cli-progress';
import { dataDir, type GlobalOptions } from '../config.ts';
import { CliError, emit } from '../output.ts';
import { tenantCtx, withStore } from '../store.ts';

export interface ImportOptions extends GlobalOptions {
  tenant?: string;
  vendor?: string;
  format?: string;
  onConflict?: 'reject' | 'replace' | 'keep-both';
}

/** Folders are walked recursively in name order, so a run is repeatable. */
async function expand(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const stat = await fs.stat(p).catch(() => null);
    if (!stat) throw new CliError(`${p}: no such file or folder`);
    if (stat.isDirectory()) {
      const names = (await fs.readdir(p)).filter((n) => !n.startsWith('.')).sort();
      out.push(...(await expand(names.map((n) => path.join(p, n)))));
    } else out.push(p);
  }
  return out;
}

/** The stable `--json` shape documented in docs/import-json.md. */
export function jsonFile(r: FileResult) {
  return {
    file: r.file,
    format: r.format,
    status: r.status,
    error: r.error,
    warnings: r.warnings.map((w) => ({
      code: w.code,
      message: w.message,
      line: w.line ?? w.segment ?? null,
    })),
    invoices: r.invoices.map((i) => ({
      vendor: i.vendor,
      accountNumber: i.accountNumber,
      invoiceNumber: i.invoiceNumber,
      invoiceDate: i.invoiceDate,
      dueDate: i.dueDate,
      periodStart: i.periodStart,
      periodEnd: i.periodEnd,
      currency: i.currency,
      currentCharges: i.currentCharges,
      totalDue: i.totalDue,
      chargeCount: i.chargeCount,
      serviceCount: i.serviceCount,
      byKind: i.byKind,
    })),
  };
}

function describe(r: FileResult): string {
  const charges = r.invoices.reduce((n, i) => n + i.chargeCount, 0);
  switch (r.status) {
    case 'imported':
      return `imported  ${r.file} (${r.format}): ${r.invoices.length} invoice(s), ${charges} charge(s)${r.warnings.length ? `, ${r.warnings.length} warning(s)` : ''}`;
    case 'duplicate':
      return `duplicate ${r.file}: already imported, nothing changed`;
    case 'conflict':
      return `conflict  ${r.file}: ${r.error?.message} (re-run with --on-conflict replace|keep-both)\n${r.conflicts
        .map((c) => `          account ${c.accountNumber} invoice ${c.invoiceNumber}`)
        .join('\n')}`;
    default:
      return `rejected  ${r.error?.message}${r.error?.line ? ` (line/segment ${r.error.line})` : ''}`;
  }
}

export async function importCommand(paths: string[], opts: ImportOptions) {
  const files = await expand(paths);
  const store = localFileStore(path.join(dataDir(opts), 'files'));
  const showBar = !opts.json && process.stderr.isTTY;
  const results = await withStore(opts, async (db) => {
    const ctx = await tenantCtx(db, opts.tenant);
    const out: FileResult[] = [];
    for (const file of files) {
      const bar = showBar
        ? new cliProgress.SingleBar(
            {
              format: `${path.basename(file)} [{bar}] {percentage}% {value}/{total} bytes`,
              stream: process.stderr,
            },
            cliProgress.Presets.shades_classic,
          )
        : null;
      const source = fileSource(file);
      bar?.start(source.size, 0);
      const r = await importFile(ctx, store, {
        source,
        vendor: opts.vendor,
        format: opts.format as never,
        onConflict: opts.onConflict === 'keep-both' ? 'keep_both' : opts.onConflict,
        onProgress: (bytes) => bar?.update(bytes),
      });
      bar?.update(source.size);
      bar?.stop();
      if (!opts.json) process.stdout.write(`${describe(r)}\n`);
      out.push(r);
    }
    return out;
  });
  if (opts.json) emit(true, { files: results.map(jsonFile) }, () => '');
  const failed = results.filter((r) => r.status === 'rejected' || r.status === 'conflict').length;
  // With --json the document above already says what failed; only the exit code is added.
  if (failed > 0) throw new CliError(opts.json ? '' : `${failed} file(s) not imported`, 1);
}
