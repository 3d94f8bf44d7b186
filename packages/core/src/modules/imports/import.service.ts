import {
  detectFormat,
  type Format,
  FormatError,
  type ParsedInvoice,
  type ParseIssue,
  type Source,
} from '@temops/formats';
import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { actorLabel, authorize } from '../access/permissions.ts';
import { auditImported } from '../audit/run.service.ts';
import { recordChange } from '../audit-log/record.ts';
import { type FileStore, FileTooLargeError } from './file-store.ts';
import {
  findBatchSha,
  findImportedBatchByHash,
  insertBatch,
  rememberFile,
  updateBatch,
} from './imports.queries.ts';
import { AmountError, normalizeInvoice } from './normalize.ts';
import { loadTenantProfiles } from './profiles.ts';
import { type InvoiceSummary, writeInvoice } from './write-invoice.ts';

export const MAX_IMPORT_BYTES = 4 * 1024 ** 3;

export type FileStatus = 'imported' | 'duplicate' | 'conflict' | 'rejected';
export type ConflictDecision = 'reject' | 'replace' | 'keep_both';

export interface ImportInput {
  source: Source;
  /** name or code of the vendor the bill is from, when the file does not say */
  vendor?: string;
  format?: Format;
  onConflict?: ConflictDecision;
  onProgress?: (bytes: number, total: number) => void;
  /** refuse files larger than this (default MAX_IMPORT_BYTES) */
  maxBytes?: number;
  /** audit the imported invoices right after they commit (default true) */
  audit?: boolean;
}

export interface FileResult {
  batchId: string;
  file: string;
  format: Format | null;
  status: FileStatus;
  error: { code: string; message: string; line: number | null } | null;
  warnings: ParseIssue[];
  invoices: InvoiceSummary[];
  conflicts: { invoiceNumber: string; accountNumber: string; existingId: string }[];
}

/** Raised inside the transaction to undo it when the file holds invoices that conflict with stored ones. */
class ConflictFound extends Error {}
/** Raised when every invoice in a new file was already imported from another file. */
class AlreadyPresent extends Error {}

/**
 * An invoice without an account or number cannot be matched to anything, and a reader's
 * error-level finding (a broken control number, mixed currencies) makes the whole file suspect:
 * both refuse the file rather than store a half-trusted bill.
 */
function refuseFlawed(parsed: ParsedInvoice, file: string) {
  const at = parsed.source.segment ?? parsed.source.line;
  const where = at ? ` at ${parsed.source.segment ? 'segment' : 'line'} ${at}` : '';
  if (!parsed.accountNumber.trim() || !parsed.invoiceNumber.trim()) {
    const missing = parsed.accountNumber.trim() ? 'invoice number' : 'billing account number';
    throw new FormatError(
      'missing_identity',
      `${file}: an invoice${where} names no ${missing}`,
      parsed.source.line,
      parsed.source.segment,
    );
  }
  const error = parsed.issues.find((i) => i.severity === 'error');
  if (error) throw new FormatError(error.code, error.message, error.line, error.segment);
}

/**
 * Imports one bill file, all or nothing: every invoice in it is stored in one transaction with its
 * charges and audit events, or none is. The same bytes imported twice are recognised by hash and
 * change nothing; an invoice number seen before with different content is a conflict for a person
 * to decide (replace as a correction, keep both, or reject), never a silent double count.
 */
export async function importFile(ctx: Ctx, files: FileStore, input: ImportInput): Promise<FileResult> {
  authorize(ctx.actor, 'invoice.import');
  const result: FileResult = {
    batchId: newId(),
    file: input.source.fileName,
    format: input.format ?? null,
    status: 'rejected',
    error: null,
    warnings: [],
    invoices: [],
    conflicts: [],
  };
  let stored: Awaited<ReturnType<FileStore['put']>>;
  try {
    stored = await files.put(input.source, input.maxBytes ?? MAX_IMPORT_BYTES);
  } catch (err) {
    if (!(err instanceof FileTooLargeError)) throw err;
    result.error = { code: 'file_too_large', message: err.message, line: null };
    await recordBatch(ctx, result, '', 0);
    return result;
  }
  const earlier = await findImportedBatchByHash(ctx.db, ctx.tenantId, stored.sha256);
  if (earlier) {
    result.status = 'duplicate';
    result.format = earlier.format as Format | null;
    await recordBatch(ctx, result, stored.sha256, stored.size);
    return result;
  }
  try {
    const profiles = await loadTenantProfiles(ctx);
    const { format, parser } = await detectFormat(stored.kept, { profiles, format: input.format });
    result.format = format;
    let present = 0;
    await inTransaction(ctx, async (tx) => {
      // The batch row comes first so invoices can point at it; it commits only with them.
      await recordBatch(tx, { ...result, status: 'imported' }, stored.sha256, stored.size, false);
      for await (const parsed of parser(stored.kept, {
        onProgress: (bytes) => input.onProgress?.(bytes, stored.size),
        onIssue: (issue) => result.warnings.push(issue),
      })) {
        refuseFlawed(parsed, input.source.fileName);
        const inv = normalizeInvoice(parsed);
        const written = await writeInvoice(tx, inv, {
          batchId: result.batchId,
          vendorHint: input.vendor,
          onConflict: input.onConflict ?? 'reject',
        });
        if (written.conflict) result.conflicts.push(written.conflict);
        else if (written.summary) result.invoices.push(written.summary);
        else present++;
      }
      const fileError = result.warnings.find((w) => w.severity === 'error');
      if (fileError)
        throw new FormatError(fileError.code, fileError.message, fileError.line, fileError.segment);
      if (result.conflicts.length > 0 && (input.onConflict ?? 'reject') === 'reject')
        throw new ConflictFound();
      if (result.invoices.length === 0 && result.conflicts.length === 0) {
        if (present > 0) throw new AlreadyPresent();
        throw new FormatError('no_invoices', `${input.source.fileName}: no invoices found in the file`);
      }
      result.status = 'imported';
      await finishBatch(tx, result);
    });
  } catch (err) {
    if (err instanceof AlreadyPresent) {
      result.status = 'duplicate';
      result.invoices = [];
    } else if (err instanceof ConflictFound) {
      result.status = 'conflict';
      result.invoices = [];
      result.error = {
        code: 'conflict',
        message: `${result.conflicts.length} invoice(s) already imported with different content; decide: replace, keep both or reject`,
        line: null,
      };
    } else {
      result.status = 'rejected';
      result.invoices = [];
      result.conflicts = [];
      result.error = rejection(err, input.source.fileName);
    }
    await recordBatch(ctx, result, stored.sha256, stored.size);
  }
  // In-cycle audit: the bill is checked the moment it lands. It runs after the import commits, so
  // a failing rule can never undo a good import; the run is recorded either way.
  if (result.status === 'imported' && input.audit !== false)
    await auditImported(
      ctx,
      result.invoices.map((i) => i.id),
    );
  return result;
}

/** Only expected, explainable failures become rejections; anything else is a bug and propagates. */
function rejection(err: unknown, file: string): FileResult['error'] {
  // Every reason names the file, whichever layer found the problem.
  const named = (m: string) => (m.startsWith(`${file}:`) ? m : `${file}: ${m}`);
  const at = (e: { line?: number; segment?: number }) => e.line ?? e.segment ?? null;
  if (err instanceof FormatError) return { code: err.code, message: named(err.message), line: at(err) };
  if (err instanceof AmountError) return { code: 'bad_amount', message: named(err.message), line: at(err) };
  if (err instanceof AppError) return { code: err.code, message: named(err.message), line: null };
  throw err;
}

const batchSummary = (r: FileResult) => ({
  invoices: r.invoices.map((i) => i.invoiceNumber),
  conflicts: r.conflicts,
});

async function recordBatch(ctx: Ctx, r: FileResult, sha256: string, size: number, audit = true) {
  await inTransaction(ctx, async (tx) => {
    const now = isoNow(tx.clock);
    if (sha256)
      await rememberFile(tx.db, { tenant_id: tx.tenantId, sha256, file_name: r.file, size, created_at: now });
    await insertBatch(tx.db, {
      id: r.batchId,
      tenant_id: tx.tenantId,
      file_sha256: sha256,
      file_name: r.file,
      format: r.format,
      status: r.status,
      error_code: r.error?.code ?? null,
      error_message: r.error?.message ?? null,
      error_line: r.error?.line ?? null,
      warnings_json: JSON.stringify(r.warnings),
      summary_json: JSON.stringify(batchSummary(r)),
      invoice_count: r.invoices.length,
      charge_count: r.invoices.reduce((n, i) => n + i.chargeCount, 0),
      actor: actorLabel(tx.actor),
      created_at: now,
    });
    if (audit) await auditBatch(tx, r, sha256);
  });
}

async function finishBatch(ctx: Ctx, r: FileResult) {
  await updateBatch(ctx.db, ctx.tenantId, r.batchId, {
    warnings_json: JSON.stringify(r.warnings),
    summary_json: JSON.stringify(batchSummary(r)),
    invoice_count: r.invoices.length,
    charge_count: r.invoices.reduce((n, i) => n + i.chargeCount, 0),
  });
  await auditBatch(ctx, r, (await findBatchSha(ctx.db, r.batchId)) ?? '');
}

const auditBatch = (ctx: Ctx, r: FileResult, sha256: string) =>
  recordChange(ctx, {
    entity: 'import_batch',
    entityId: r.batchId,
    action: r.status,
    after: { file: r.file, sha256, format: r.format, invoices: r.invoices.length, error: r.error },
  });
