import { type Ctx, inTransaction } from '../../shared/context.ts';
import { readCsvTable } from '../../shared/csv-table.ts';
import { AppError, invalid } from '../../shared/errors.ts';
import { authorize } from '../access/permissions.ts';
import { accountsOfVendor, findContractByNumber, rateItemRows, vendorByCode } from './contracts.queries.ts';
import { createContract, setContractAccounts, updateContract } from './contracts.service.ts';
import { createRateItem, updateRateItem } from './rate-items.service.ts';

export const MAX_CONTRACT_CSV_BYTES = 20 * 1024 * 1024;

const CONTRACT_COLUMNS = [
  'vendor_code',
  'contract_number',
  'contract_name',
  'term_start',
  'term_end',
  'auto_renew',
  'renewal_months',
  'notice_days',
  'currency',
  'commitment_kind',
  'commitment_period',
  'commitment_amount',
  'billing_accounts',
] as const;
const RATE_ITEM_COLUMNS = [
  'rate_item_name',
  'code',
  'description_pattern',
  'charge_kind',
  'unit',
  'unit_rate',
  'mrc',
  'nrc',
  'discount_pct',
  'effective_from',
  'effective_to',
] as const;
export const CONTRACT_CSV_COLUMNS = [...CONTRACT_COLUMNS, ...RATE_ITEM_COLUMNS];

export type LineAction = 'create' | 'update' | 'unchanged' | 'error';

export interface ContractLineResult {
  line: number;
  /** vendor / contract number [/ rate item] */
  key: string;
  action: LineAction;
  contract: LineAction | null;
  rateItem: LineAction | null;
  errors: string[];
}

export interface ContractImportReport {
  file: string;
  dryRun: boolean;
  applied: boolean;
  creates: number;
  updates: number;
  unchanged: number;
  errors: number;
  lines: ContractLineResult[];
}

type Values = Partial<Record<(typeof CONTRACT_CSV_COLUMNS)[number], string>>;

class RollBack extends Error {}

function parseRows(file: string, content: string | Buffer): { line: number; values: Values }[] {
  return readCsvTable(file, content, {
    maxBytes: MAX_CONTRACT_CSV_BYTES,
    columns: CONTRACT_CSV_COLUMNS,
    required: ['vendor_code', 'contract_number'],
  });
}

const has = (v: Values, column: keyof Values) => v[column] !== undefined;
const textOf = (v: string | undefined) => (v === undefined || v === '' ? null : v);

function wholeNumber(column: string, v: string | undefined): number | null {
  if (v === undefined || v === '') return null;
  if (!/^\d{1,9}$/.test(v)) throw invalid(`${column}: not a whole number (${v.slice(0, 40)})`);
  return Number(v);
}

function yesNo(v: string): boolean {
  const t = v.toLowerCase();
  if (['', 'false', 'no', 'n', '0'].includes(t)) return false;
  if (['true', 'yes', 'y', '1'].includes(t)) return true;
  throw invalid(`auto_renew: expected true or false, not ${v.slice(0, 40)}`);
}

/** The contract fields a line sets: only columns present in the file, so an update keeps the rest. */
function contractPatch(v: Values): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  if (has(v, 'contract_name')) p.name = v.contract_name;
  if (has(v, 'term_start')) p.termStart = v.term_start;
  if (has(v, 'term_end')) p.termEnd = textOf(v.term_end);
  if (has(v, 'auto_renew')) p.autoRenew = yesNo(v.auto_renew!);
  if (has(v, 'renewal_months')) p.renewalMonths = wholeNumber('renewal_months', v.renewal_months);
  if (has(v, 'notice_days')) p.noticeDays = wholeNumber('notice_days', v.notice_days) ?? 0;
  if (has(v, 'currency')) p.currency = v.currency;
  if (has(v, 'commitment_kind')) p.commitmentKind = textOf(v.commitment_kind) ?? 'none';
  if (has(v, 'commitment_period')) p.commitmentPeriod = textOf(v.commitment_period);
  if (has(v, 'commitment_amount')) {
    // One column carries both: an amount for spend commitments, a count for volume ones.
    if (p.commitmentKind === 'volume')
      p.commitmentVolume = wholeNumber('commitment_amount', v.commitment_amount);
    else p.commitmentAmount = textOf(v.commitment_amount);
  }
  return p;
}

function rateItemPatch(v: Values): Record<string, unknown> {
  const p: Record<string, unknown> = {
    name: textOf(v.rate_item_name) ?? textOf(v.code) ?? textOf(v.description_pattern),
  };
  const map: [keyof Values, string][] = [
    ['code', 'code'],
    ['description_pattern', 'descriptionPattern'],
    ['charge_kind', 'chargeKind'],
    ['unit', 'unit'],
    ['unit_rate', 'unitRate'],
    ['mrc', 'mrc'],
    ['nrc', 'nrc'],
    ['discount_pct', 'discountPct'],
    ['effective_from', 'effectiveFrom'],
    ['effective_to', 'effectiveTo'],
  ];
  for (const [column, field] of map) if (has(v, column)) p[field] = textOf(v[column]);
  return p;
}

const hasRateItem = (v: Values) =>
  [v.rate_item_name, v.code, v.description_pattern].some((x) => textOf(x) !== null);

/** A rate item is the same one when its code (else its name) and its effective_from match. */
const itemKey = (code: string | null, name: string | null, from: string | null) =>
  `${code ? `code:${code.trim().toLowerCase()}` : `name:${(name ?? '').trim().toLowerCase()}`}|${from ?? ''}`;

const contractSignature = (v: Values) => JSON.stringify(CONTRACT_COLUMNS.map((c) => v[c] ?? null));

/**
 * Imports contracts and their rate items from one CSV file (one row per rate item, the contract
 * columns repeated), all or nothing. Contracts are matched on vendor + contract number, rate items
 * on code (else name) + effective_from. A dry run takes the same path and rolls back.
 */
export async function importContracts(
  ctx: Ctx,
  input: {
    file: string;
    content: string | Buffer;
    dryRun: boolean;
    /** lines handled so far, of how many */
    onProgress?: (done: number, total: number) => void;
  },
): Promise<ContractImportReport> {
  authorize(ctx.actor, 'contract.write');
  const rows = parseRows(input.file, input.content);
  const report: ContractImportReport = {
    file: input.file,
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
      await applyLines(tx, rows, report, input.onProgress);
      if (input.dryRun || report.errors > 0) throw new RollBack();
    });
    report.applied = true;
  } catch (err) {
    if (!(err instanceof RollBack)) throw err;
  }
  return report;
}

async function applyLines(
  ctx: Ctx,
  rows: { line: number; values: Values }[],
  report: ContractImportReport,
  onProgress?: (done: number, total: number) => void,
) {
  /** contract key → the first line that wrote it, its id (null if it failed) and its columns */
  const contracts = new Map<string, { line: number; id: string | null; signature: string }>();
  const items = new Map<string, number>();
  for (const { line, values: v } of rows) {
    const item = hasRateItem(v)
      ? (textOf(v.rate_item_name) ?? textOf(v.code) ?? v.description_pattern)
      : null;
    const result: ContractLineResult = {
      line,
      key: [v.vendor_code, v.contract_number, item].filter(Boolean).join(' / '),
      action: 'error',
      contract: null,
      rateItem: null,
      errors: [],
    };
    report.lines.push(result);
    try {
      const contractKey = `${v.vendor_code}\u0000${v.contract_number}`;
      const seen = contracts.get(contractKey);
      let contractId: string;
      if (seen) {
        if (seen.id === null)
          throw invalid(`contract ${v.contract_number} could not be imported (line ${seen.line})`);
        if (seen.signature !== contractSignature(v))
          throw invalid(
            `the contract columns differ from line ${seen.line} for contract ${v.contract_number}`,
          );
        contractId = seen.id;
        result.contract = 'unchanged';
      } else {
        const entry = { line, id: null as string | null, signature: contractSignature(v) };
        contracts.set(contractKey, entry);
        const { id, action } = await upsertContract(ctx, v);
        entry.id = id;
        contractId = id;
        result.contract = action;
      }
      if (item !== null) {
        const patch = rateItemPatch(v);
        const key = itemKey(textOf(v.code), patch.name as string, textOf(v.effective_from));
        const keyInFile = `${contractId}|${key}`;
        const earlier = items.get(keyInFile);
        if (earlier !== undefined) throw invalid(`the same rate item is already on line ${earlier}`);
        items.set(keyInFile, line);
        result.rateItem = await upsertRateItem(ctx, contractId, key, patch);
      }
      const actions = [result.contract, result.rateItem];
      result.action = actions.includes('create')
        ? 'create'
        : actions.includes('update')
          ? 'update'
          : 'unchanged';
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      result.action = 'error';
      result.errors.push(`${report.file} line ${line}: ${err.message}`);
    }
    report[
      result.action === 'error'
        ? 'errors'
        : result.action === 'create'
          ? 'creates'
          : result.action === 'update'
            ? 'updates'
            : 'unchanged'
    ]++;
    onProgress?.(report.lines.length, rows.length);
  }
}

async function upsertContract(ctx: Ctx, v: Values): Promise<{ id: string; action: LineAction }> {
  if (!v.vendor_code) throw invalid('vendor_code: required');
  if (!v.contract_number) throw invalid('contract_number: required');
  const vendor = await vendorByCode(ctx.db, ctx.tenantId, v.vendor_code);
  if (!vendor) throw invalid(`vendor_code: no vendor ${v.vendor_code}`);
  const patch = contractPatch(v);
  const existing = await findContractByNumber(ctx.db, ctx.tenantId, vendor.id, v.contract_number);
  let id: string;
  let action: LineAction;
  if (existing) {
    const { changed } = await updateContract(ctx, existing.id, patch);
    id = existing.id;
    action = changed ? 'update' : 'unchanged';
  } else {
    id = (await createContract(ctx, { ...patch, vendorId: vendor.id, contractNumber: v.contract_number })).id;
    action = 'create';
  }
  const numbers = textOf(v.billing_accounts)
    ?.split(';')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (numbers) {
    const found = await accountsOfVendor(ctx.db, ctx.tenantId, vendor.id, { numbers });
    const missing = numbers.filter((n) => !found.some((f) => f.account_number === n));
    if (missing.length > 0)
      throw invalid(
        `billing_accounts: ${missing.join(', ')} not billing account(s) of vendor ${v.vendor_code}`,
      );
    const { changed } = await setContractAccounts(
      ctx,
      id,
      found.map((f) => f.id),
    );
    if (changed && action === 'unchanged') action = 'update';
  }
  return { id, action };
}

async function upsertRateItem(ctx: Ctx, contractId: string, key: string, patch: Record<string, unknown>) {
  const existing = (await rateItemRows(ctx.db, ctx.tenantId, contractId)).find(
    (r) => itemKey(r.code, r.name, r.effective_from) === key,
  );
  if (!existing) {
    await createRateItem(ctx, contractId, patch);
    return 'create' as const;
  }
  const { changed } = await updateRateItem(ctx, existing.id, patch);
  return changed ? ('update' as const) : ('unchanged' as const);
}
