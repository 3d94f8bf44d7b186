/**
 * TM Forum TMF678 (Customer Bill Management, v4/v5) JSON reader. Accepts:
 *  - one customerBill object, or an array of them (rates may be embedded as
 *    `appliedCustomerBillingRate: [...]`, a common bundling of the two resources),
 *  - an event envelope `{ event: { customerBill } }` (CustomerBillCreateEvent etc.),
 *  - an array of appliedCustomerBillingRate records (the list endpoint), grouped into one invoice
 *    per referenced bill (`customerBill.id` in v5, `bill.id` in v4); rates whose bill is also in
 *    the array are attached to it.
 * A billCycle list is TMF678 but not a bill: FormatError 'not_a_bill'.
 */
import { FormatError, type ParsedInvoice, type Parser, type Source } from '../canonical.ts';
import { readAll } from '../source.ts';
import { scanJson } from './json.ts';
import { billInvoice, type RateItem, ratesInvoice } from './map.ts';
import { Bill, classify, Rate } from './schema.ts';

/** API payloads are small; 10 MB is generous and keeps JSON.parse memory bounded */
export const TMF678_MAX_BYTES = 10 * 1024 * 1024;

export function sniffTmf678(head: string): boolean {
  if (!/^\uFEFF?\s*[[{]/.test(head)) return false;
  return (
    /"@type"\s*:\s*"(?:CustomerBill|AppliedCustomerBillingRate|BillCycle|CustomerBill\w*Event)"/.test(head) ||
    /"(?:billNo|appliedCustomerBillingRate|customerBill)"\s*:/.test(head)
  );
}

interface Item {
  value: unknown;
  line?: number;
  ref: string;
}

function items(value: unknown, elementLines: number[], rateLines: number[]): Item[] {
  if (Array.isArray(value)) return value.map((v, i) => ({ value: v, line: elementLines[i], ref: `/${i}` }));
  const event =
    value !== null && typeof value === 'object' ? (value as Record<string, unknown>).event : undefined;
  if (event !== null && typeof event === 'object') {
    const e = event as Record<string, unknown>;
    if (e.customerBill) return [{ value: e.customerBill, ref: '/event/customerBill' }];
    const rates = e.appliedCustomerBillingRate;
    if (Array.isArray(rates))
      return rates.map((v, i) => ({
        value: v,
        line: rateLines[i],
        ref: `/event/appliedCustomerBillingRate/${i}`,
      }));
    if (rates) return [{ value: rates, ref: '/event/appliedCustomerBillingRate' }];
  }
  return [{ value, line: 1, ref: '' }];
}

function validate<T>(
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  item: Item,
  fileName: string,
): T {
  const r = schema.safeParse(item.value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue ? `${item.ref}/${issue.path.map(String).join('/')}` : item.ref;
  throw new FormatError(
    'tmf_invalid',
    `${fileName}: ${item.line ? `line ${item.line}: ` : ''}${path || '/'}: ${issue?.message ?? 'invalid'}`,
    item.line,
  );
}

export function parseTmf678Text(
  text: string,
  fileName: string,
  onIssue?: (i: import('../canonical.ts').ParseIssue) => void,
): ParsedInvoice[] {
  const scanned = scanJson(text, fileName);
  const list = items(scanned.value, scanned.elementLines, scanned.rateLines);
  if (list.length === 0) throw new FormatError('empty', `${fileName}: an empty list holds no bill`);
  const bills: { bill: Bill; item: Item; rates: RateItem[] }[] = [];
  const rates: RateItem[] = [];
  for (const item of list) {
    const kind = classify(item.value);
    const where = `${fileName}: ${item.line ? `line ${item.line}: ` : ''}element ${item.ref || '/'}`;
    if (kind === 'cycle')
      throw new FormatError('not_a_bill', `${where} is a TMF678 billCycle, not a bill`, item.line);
    if (kind === 'unknown')
      throw new FormatError(
        'not_a_bill',
        `${where} is neither a customerBill nor an appliedCustomerBillingRate`,
        item.line,
      );
    if (kind === 'bill') bills.push({ bill: validate(Bill, item, fileName), item, rates: [] });
    else rates.push({ rate: validate(Rate, item, fileName), line: item.line, ref: item.ref });
  }
  const byId = new Map(bills.filter((b) => b.bill.id).map((b) => [b.bill.id as string, b]));
  const groups = new Map<string, RateItem[]>();
  for (const r of rates) {
    const billId = r.rate.customerBill?.id ?? r.rate.bill?.id;
    if (!billId) {
      if (r.rate.isBilled === false) {
        onIssue?.({
          severity: 'warning',
          code: 'unbilled_rate',
          message: `${r.ref}: rate ${r.rate.id ?? ''} is not billed yet; skipped`,
          line: r.line,
        });
        continue;
      }
      throw new FormatError(
        'missing_bill',
        `${fileName}: ${r.line ? `line ${r.line}: ` : ''}element ${r.ref}: appliedCustomerBillingRate names no bill (customerBill.id or bill.id)`,
        r.line,
      );
    }
    const bill = byId.get(billId);
    if (bill) bill.rates.push(r);
    else groups.set(billId, [...(groups.get(billId) ?? []), r]);
  }
  // the scanner found embedded rates in document order, which is the order bills are read in
  let seen = 0;
  const out = bills.map(({ bill, item, rates: attached }) => {
    const n = bill.appliedCustomerBillingRate?.length ?? 0;
    seen += n;
    return billInvoice(
      fileName,
      bill,
      item.line,
      item.ref,
      attached,
      scanned.rateLines.slice(seen - n, seen),
    );
  });
  for (const [billId, group] of groups) out.push(ratesInvoice(fileName, billId, group));
  return out;
}

async function read(source: Source): Promise<string> {
  const tooBig = () =>
    new FormatError(
      'too_large',
      `${source.fileName}: larger than ${TMF678_MAX_BYTES} bytes, refused as a TMF678 document`,
    );
  if (source.size > TMF678_MAX_BYTES) throw tooBig();
  let bytes: Buffer;
  try {
    bytes = await readAll(source, TMF678_MAX_BYTES);
  } catch (err) {
    if (err instanceof Error && err.message.includes('larger than')) throw tooBig();
    throw err;
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(bom));
  } catch {
    throw new FormatError('bad_encoding', `${source.fileName}: JSON must be UTF-8`);
  }
}

export const parseTmf678: Parser = async function* parseTmf678(source, opts) {
  const text = await read(source);
  opts?.onProgress?.(source.size);
  yield* parseTmf678Text(text, source.fileName, opts?.onIssue);
};
