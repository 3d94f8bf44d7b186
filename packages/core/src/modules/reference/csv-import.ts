import { type Ctx, inTransaction } from '../../shared/context.ts';
import { readCsvTable } from '../../shared/csv-table.ts';
import { AppError, invalid } from '../../shared/errors.ts';
import { authorize } from '../access/permissions.ts';
import type { EntitySpec, FieldSpec } from './entity.ts';
import { writeAction } from './entity.ts';
import { findByColumns } from './reference.queries.ts';
import { createEntity, findByNaturalKey, updateEntity } from './reference.service.ts';

export const MAX_CSV_BYTES = 20 * 1024 * 1024;

export type LineAction = 'create' | 'update' | 'unchanged' | 'error';

export interface LineResult {
  line: number;
  key: string;
  action: LineAction;
  errors: string[];
}

export interface ImportReport {
  file: string;
  entity: string;
  dryRun: boolean;
  applied: boolean;
  creates: number;
  updates: number;
  unchanged: number;
  errors: number;
  lines: LineResult[];
}

class RollBack extends Error {}

interface ParsedLine {
  line: number;
  values: Record<string, string>;
}

/**
 * Imports one CSV file of reference data, all or nothing. A dry run and a real run take the same
 * path inside one transaction; the dry run (or any line in error) rolls it back, so the preview
 * is exactly what the import would do.
 */
export async function importCsv(
  ctx: Ctx,
  e: EntitySpec,
  input: { file: string; content: string | Buffer; dryRun: boolean },
): Promise<ImportReport> {
  authorize(ctx.actor, writeAction(e));
  const rows = parseCsv(e, input.file, input.content);
  const report: ImportReport = {
    file: input.file,
    entity: e.plural,
    dryRun: input.dryRun,
    applied: false,
    creates: 0,
    updates: 0,
    unchanged: 0,
    errors: 0,
    lines: [],
  };
  try {
    await inTransaction(ctx, async (tx) => {
      await applyLines(tx, e, rows, report);
      if (input.dryRun || report.errors > 0) throw new RollBack();
    });
    report.applied = true;
  } catch (err) {
    if (!(err instanceof RollBack)) throw err;
  }
  return report;
}

function parseCsv(e: EntitySpec, file: string, content: string | Buffer): ParsedLine[] {
  const byCsv = new Map(Object.entries(e.fields).map(([name, f]) => [f.csv, name]));
  const lines = readCsvTable(file, content, {
    maxBytes: MAX_CSV_BYTES,
    columns: [...byCsv.keys()],
    required: e.naturalKey.map((k) => e.fields[k]!.csv),
  });
  return lines.map(({ line, values }) => ({
    line,
    values: Object.fromEntries(Object.entries(values).map(([csv, v]) => [byCsv.get(csv)!, v])),
  }));
}

const isSelfRef = (e: EntitySpec, f: FieldSpec) => f.ref?.table === e.table;

async function applyLines(ctx: Ctx, e: EntitySpec, rows: ParsedLine[], report: ImportReport) {
  const deferred: { result: LineResult; id: string; name: string; key: string }[] = [];
  const keysInFile = new Set(rows.map((r) => naturalKeyOf(e, r.values)));
  for (const row of rows) {
    const result: LineResult = {
      line: row.line,
      key: naturalKeyText(e, row.values),
      action: 'error',
      errors: [],
    };
    report.lines.push(result);
    try {
      const values: Record<string, unknown> = {};
      const later: [string, string][] = [];
      for (const [name, raw] of Object.entries(row.values)) {
        const f = e.fields[name]!;
        if (!f.ref || raw === '') values[name] = raw === '' ? null : raw;
        else {
          const id = await resolveRef(ctx, f, raw, values);
          if (id) values[name] = id;
          else if (isSelfRef(e, f) && keysInFile.has(raw)) later.push([name, raw]);
          else throw invalid(`${name}: no ${f.label.toLowerCase()} ${raw}`);
        }
      }
      const existing = await findByNaturalKey(ctx, e, values);
      if (existing) {
        const { changed } = await updateEntity(ctx, e, existing.id as string, values);
        result.action = changed ? 'update' : 'unchanged';
      } else {
        const created = await createEntity(ctx, e, values);
        values.id = created.id;
        result.action = 'create';
      }
      const id = (existing?.id ?? values.id) as string;
      for (const [name, key] of later) deferred.push({ result, id, name, key });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      result.errors.push(err.message);
    }
  }
  // Second pass: references to rows that appeared further down the same file.
  for (const d of deferred) {
    try {
      const f = e.fields[d.name]!;
      const target = await resolveRef(ctx, f, d.key, {});
      if (!target) throw invalid(`${d.name}: no ${f.label.toLowerCase()} ${d.key}`);
      const { changed } = await updateEntity(ctx, e, d.id, { [d.name]: target });
      if (changed && d.result.action === 'unchanged') d.result.action = 'update';
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      d.result.errors.push(err.message);
    }
  }
  for (const l of report.lines) {
    if (l.errors.length > 0) {
      l.action = 'error';
      l.errors = l.errors.map((m) => `${report.file} line ${l.line}: ${m}`);
    }
    report[
      l.action === 'error'
        ? 'errors'
        : l.action === 'create'
          ? 'creates'
          : l.action === 'update'
            ? 'updates'
            : 'unchanged'
    ]++;
  }
}

async function resolveRef(ctx: Ctx, f: FieldSpec, key: string, values: Record<string, unknown>) {
  const ref = f.ref!;
  const match: Record<string, unknown> = { [ref.keyColumn]: key };
  for (const s of ref.scope ?? []) match[s.column] = values[s.field] ?? null;
  const [row] = await findByColumns(ctx.db, ref.table, ctx.tenantId, match);
  return (row?.id as string | undefined) ?? null;
}

/** The value other rows of the same file use to reference this row (single-column keys only). */
function naturalKeyOf(e: EntitySpec, values: Record<string, string>): string {
  const keyField = e.naturalKey.find((k) => e.fields[k]!.type !== 'ref') ?? e.naturalKey[0]!;
  return values[keyField] ?? '';
}

function naturalKeyText(e: EntitySpec, values: Record<string, string>): string {
  return e.naturalKey.map((k) => values[k] ?? '').join(' / ');
}
