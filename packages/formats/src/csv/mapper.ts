/**
 * One table row → charges, through a profile bound to the file's header row.
 *
 * Rules: an unparseable amount, quantity, rate or date is an error for the row (the parser turns
 * it into a FormatError naming file and line; the preview shows it). An empty amount cell in a
 * one-charge-per-row layout is a memo line: kept as an info-only charge of 0. In wide layouts
 * (amountColumns) empty and zero cells produce no charge. Text cells are kept verbatim, so
 * `=HYPERLINK(…)` stays text; a leading '-' on a money cell is a negative number.
 */
import Decimal from 'decimal.js';
import { CHARGE_KINDS, type ChargeKind, type ParsedCharge, type ParseIssue } from '../canonical.ts';
import type { Binding, Field } from './binding.ts';
import { normHeader } from './profile.ts';
import { cleanText, excelSerialToDate, parseDate, parseDecimal, ValueError } from './values.ts';

export interface RawRow {
  cells: string[];
  /** 1-based line (CSV, first line of the record) or row number (XLSX) */
  line: number;
  /** XLSX: cells that held a number (a date column may then hold an Excel serial) */
  numeric?: boolean[];
}

export interface MappedRow {
  accountNumber: string;
  invoiceNumber: string;
  synthesizedNumber: boolean;
  subAccountNumber: string | null;
  vendorName: string | null;
  invoiceDate: string | null;
  dueDate: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  currency: string | null;
  charges: ParsedCharge[];
  warnings: ParseIssue[];
}

export class RowError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const CANONICAL = new Map<string, ChargeKind>(CHARGE_KINDS.map((k) => [k, k]));

/** Kind cell → kind: the profile's exact values, its regexes (kind cell, then description), canonical names, default. */
function kindOf(
  b: Binding,
  cell: string | null,
  description: string | null,
  line: number,
  warnings: ParseIssue[],
): ChargeKind {
  if (cell) {
    const exact = b.kindExact.get(normHeader(cell));
    if (exact) return exact;
  }
  for (const [re, kind] of b.kindRegex)
    if ((cell && re.test(cell)) || (description && re.test(description))) return kind;
  if (cell) {
    const canonical = CANONICAL.get(normHeader(cell).replace(/[\s-]+/g, '_'));
    if (canonical) return canonical;
    warnings.push({
      severity: 'warning',
      code: 'unknown_kind',
      message: `charge type "${cell}" is not in the profile; read as ${b.profile.defaultKind}`,
      line,
    });
  }
  return b.profile.defaultKind;
}

export function mapRow(row: RawRow, b: Binding): MappedRow {
  const { cells } = row;
  if (b.strictWidth && cells.length < b.header.length) {
    throw new RowError('ragged_row', `has ${cells.length} cells, the header has ${b.header.length}`);
  }
  if (b.strictWidth && cells.slice(b.header.length).some((c) => c.trim() !== '')) {
    throw new RowError(
      'ragged_row',
      `has ${cells.length} cells, the header has ${b.header.length} (a delimiter inside an unquoted value?)`,
    );
  }
  const cell = (f: Field) => (b.col[f] === undefined ? null : cleanText(cells[b.col[f] as number]));
  // money cells (amount, row total, wide amount columns) refuse as bad_amount, other cells as bad_value
  const value = <T>(what: string, parse: () => T, code = 'bad_value'): T => {
    try {
      return parse();
    } catch (err) {
      if (err instanceof ValueError) throw new RowError(code, `${what}: ${err.message}`);
      throw err;
    }
  };
  const num = (f: Field) =>
    value(
      f,
      () => parseDecimal(cell(f) ?? '', b.number),
      f === 'amount' || f === 'rowTotal' ? 'bad_amount' : 'bad_value',
    );
  const date = (f: Field) =>
    value(f, () => {
      const idx = b.col[f];
      const text = cell(f);
      if (text !== null && idx !== undefined && row.numeric?.[idx]) return excelSerialToDate(text);
      return parseDate(text ?? '', b.dates);
    });
  const accountNumber = cell('accountNumber');
  if (!accountNumber) throw new RowError('missing_account', 'no account number');
  const warnings: ParseIssue[] = [];
  const [invoiceDate, dueDate, periodStart, periodEnd] = [
    date('invoiceDate'),
    date('dueDate'),
    date('periodStart'),
    date('periodEnd'),
  ];
  let invoiceNumber = cell('invoiceNumber');
  const synthesizedNumber = invoiceNumber === null;
  if (invoiceNumber === null) {
    const by = b.profile.invoiceNumberFrom ?? (b.col.invoiceDate !== undefined ? 'invoiceDate' : 'period');
    const key =
      by === 'invoiceDate'
        ? invoiceDate
        : periodStart || periodEnd
          ? `${periodStart ?? ''}_${periodEnd ?? ''}`
          : null;
    if (key === null)
      throw new RowError(
        'missing_invoice_number',
        `no invoice number and no ${by === 'invoiceDate' ? 'invoice date' : 'period'} to identify the invoice`,
      );
    invoiceNumber = `${accountNumber}-${key}`;
  }
  const description = cell('description');
  const attributes: Record<string, string> = {};
  for (const [name, idx] of b.extra) {
    const v = cleanText(cells[idx]);
    if (v !== null) attributes[name] = v;
  }
  const subAccountNumber = cell('subAccountNumber');
  if (subAccountNumber) attributes.subAccount = subAccountNumber;
  const base = {
    serviceId: cell('serviceId'),
    serviceType: b.profile.serviceType ?? null,
    productCode: cell('productCode'),
    periodStart,
    periodEnd,
    source: { line: row.line },
  };
  const charges: ParsedCharge[] = [];
  if (b.wide.length === 0) {
    const kindCell = cell('kind');
    if (kindCell) attributes.chargeType = kindCell;
    const amount = num('amount');
    charges.push({
      ...base,
      kind: kindOf(b, kindCell, description, row.line, warnings),
      description,
      quantity: num('quantity'),
      unit: cell('unit'),
      unitRate: num('unitRate'),
      amount: amount ?? '0',
      infoOnly: amount === null,
      ...(Object.keys(attributes).length ? { attributes } : {}),
    });
  } else {
    let sum = new Decimal(0);
    const amounts = b.wide.map((w) => ({
      w,
      v: value(b.header[w.idx] ?? 'amount', () => parseDecimal(cells[w.idx] ?? '', b.number), 'bad_amount'),
    }));
    for (const { w, v } of amounts) {
      if (v === null) continue;
      sum = sum.plus(v);
      if (!/[1-9]/.test(v)) continue;
      charges.push({
        ...base,
        kind: v.startsWith('-') ? w.creditKind : w.kind,
        description: w.description,
        quantity: null,
        unit: null,
        unitRate: null,
        amount: v,
        infoOnly: false,
        ...(Object.keys(attributes).length ? { attributes: { ...attributes } } : {}),
      });
    }
    const total = num('rowTotal');
    if (total !== null && !sum.eq(total)) {
      warnings.push({
        severity: 'warning',
        code: 'row_total_mismatch',
        message: `charges of the row do not add up to its total ${total}`,
        line: row.line,
      });
    }
  }
  return {
    accountNumber,
    invoiceNumber,
    synthesizedNumber,
    subAccountNumber,
    vendorName: cell('vendorName'),
    invoiceDate,
    dueDate,
    periodStart,
    periodEnd,
    currency: cell('currency')?.toUpperCase() ?? null,
    charges,
    warnings,
  };
}
