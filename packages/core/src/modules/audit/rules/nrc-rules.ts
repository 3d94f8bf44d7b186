import { formatNanos } from '../../../shared/money.ts';
import { addDays } from '../../contracts/dates.ts';
import { paramInt, paramNanos } from '../params.ts';
import type { AuditRule, Candidate, RuleEnv } from '../rule.ts';
import { type OneTimeChargeRow, oneTimeCharges } from './nrc.queries.ts';

const month = (r: OneTimeChargeRow) => (r.invoice_period_start ?? r.invoice_date)?.slice(0, 7) ?? null;
/** The catalogue's charge date; an invoice with no dates at all falls back to the day it was imported. */
const chargeDay = (r: OneTimeChargeRow) =>
  r.period_start ?? r.invoice_period_start ?? r.invoice_date ?? r.invoice_created_at.slice(0, 10);

function base(r: OneTimeChargeRow) {
  return {
    key: `${r.invoice_id}:${r.line_no}`,
    vendorId: r.vendor_id,
    accountId: r.billing_account_id,
    invoiceId: r.invoice_id,
    lineNo: r.line_no,
    serviceIdentifier: r.identifier,
    serviceId: r.service_row_id,
    costCenterId: r.cost_center_id,
    period: month(r),
    currency: r.currency,
    billedNanos: r.amount_nanos,
    expectedNanos: 0n,
    varianceNanos: r.amount_nanos,
  };
}

const charge = (r: OneTimeChargeRow) => ({
  description: r.description,
  productCode: r.product_code,
  date: chargeDay(r),
  amount: formatNanos(r.amount_nanos),
});

function settingsOf(env: RuleEnv) {
  const cache = new Map<string, { minAmount: bigint; days: number }>();
  return (vendorId: string) => {
    let s = cache.get(vendorId);
    if (s === undefined) {
      const settings = env.settings(vendorId);
      s = {
        minAmount: paramNanos(settings, 'minAmount'),
        days: settings.params.days === undefined ? 0 : paramInt(settings, 'days'),
      };
      cache.set(vendorId, s);
    }
    return s;
  };
}

/** §4.10: an NRC with no order or install near it. */
export const nrcWithoutOrder: AuditRule = {
  code: 'nrc_without_order',
  name: 'NRC without an order',
  domainRule: 10,
  description:
    'A payable one-time charge names a service that is not in inventory (directly or through an alias), or a service whose order date (ordered_on) and install date (activated_on) both lie more than `days` away from the charge date, before or after it: no order or install explains the charge. Charges naming no service identifier, and charges below minAmount (credits and zero lines), are left out.',
  subject: 'invoice',
  defaults: { enabled: true, severity: 'medium', blocking: false, params: { days: '60', minAmount: '0.01' } },
  params: [
    { name: 'days', label: 'Order or install within days of the charge', unit: 'days' },
    { name: 'minAmount', label: 'Ignore charges below', unit: 'money' },
  ],
  async evaluate(env) {
    const rows = await oneTimeCharges(env.db, env.engine, env.tenantId, env.scope, 'invoices');
    const settings = settingsOf(env);
    const out: Candidate[] = [];
    for (const r of rows) {
      const s = settings(r.vendor_id);
      if (r.amount_nanos < s.minAmount) continue;
      const day = chargeDay(r);
      const from = addDays(day, -s.days);
      const to = addDays(day, s.days);
      const near = (d: string | null) => d !== null && from <= d && d <= to;
      if (r.service_row_id !== null && (near(r.ordered_on) || near(r.activated_on))) continue;
      const reason =
        r.service_row_id === null
          ? 'no_service'
          : r.ordered_on === null && r.activated_on === null
            ? 'no_order_dates'
            : 'outside_window';
      const why =
        reason === 'no_service'
          ? 'is not in inventory'
          : reason === 'no_order_dates'
            ? 'has no order or install date'
            : `was ordered ${r.ordered_on ?? '(no date)'} and installed ${r.activated_on ?? '(no date)'}, not within ${s.days} days of it`;
      out.push({
        ...base(r),
        summary: `One-time charge ${formatNanos(r.amount_nanos)} ${r.currency} for ${r.identifier} on invoice ${r.invoice_number} (${day}): the service ${why}`,
        evidence: {
          reason,
          charge: charge(r),
          service:
            r.service_row_id === null
              ? null
              : {
                  id: r.service_row_id,
                  identifier: r.service_identifier,
                  orderedOn: r.ordered_on,
                  activatedOn: r.activated_on,
                },
          window: { from, to, days: s.days },
          invoice: { number: r.invoice_number, account: r.account_number },
        },
      });
    }
    return out;
  },
};

const normalize = (text: string | null) => {
  const t = text?.trim().toLowerCase() ?? '';
  return t === '' ? null : t;
};

/** What an NRC is for: its product code, else its description (trimmed, case-insensitive). */
function productOf(r: OneTimeChargeRow): string | null {
  const code = normalize(r.product_code);
  if (code !== null) return `code:${code}`;
  const description = normalize(r.description);
  return description === null ? null : `description:${description}`;
}

/** Invoice order: period start (else invoice date), then import time, then id; a total order. */
function invoiceOrder(a: OneTimeChargeRow, b: OneTimeChargeRow): number {
  const ad = a.invoice_period_start ?? a.invoice_date ?? '';
  const bd = b.invoice_period_start ?? b.invoice_date ?? '';
  if (ad !== bd) return ad < bd ? -1 : 1;
  if (a.invoice_created_at !== b.invoice_created_at)
    return a.invoice_created_at < b.invoice_created_at ? -1 : 1;
  if (a.invoice_id !== b.invoice_id) return a.invoice_id < b.invoice_id ? -1 : 1;
  return a.line_no - b.line_no;
}

/** One bill twice over: the same invoice, or a copy of it (same account and number, or same content). */
const sameBill = (a: OneTimeChargeRow, b: OneTimeChargeRow) =>
  a.invoice_id === b.invoice_id ||
  (a.billing_account_id === b.billing_account_id && a.invoice_number === b.invoice_number) ||
  a.content_hash === b.content_hash;

/** §4.10: the same install NRC billed again on a later invoice. */
export const nrcBilledTwice: AuditRule = {
  code: 'nrc_billed_twice',
  name: 'NRC billed twice',
  domainRule: 10,
  description:
    'A payable one-time charge for a service (the inventory service its identifier names, directly or through an alias; else the identifier itself) and product (its product code, else its description; trimmed, case-insensitive) that an earlier non-superseded invoice of the vendor already billed. Earlier means an earlier period start (else invoice date), then an earlier import, then the smaller id; a repeat within one invoice is left to duplicate_charge, and one on a copy of the same bill (same account and invoice number, or same content) to duplicate_invoice. Charges below minAmount (credits, zero and waived lines) neither count as billed nor are reported. Every repeat is reported, with the first billing as evidence.',
  subject: 'invoice',
  defaults: { enabled: true, severity: 'high', blocking: false, params: { minAmount: '0.01' } },
  params: [{ name: 'minAmount', label: 'Ignore charges below', unit: 'money' }],
  async evaluate(env) {
    const rows = await oneTimeCharges(env.db, env.engine, env.tenantId, env.scope, 'vendors');
    const settings = settingsOf(env);
    const inScope = env.scope.invoiceIds === null ? null : new Set(env.scope.invoiceIds);
    const groups = new Map<string, OneTimeChargeRow[]>();
    for (const r of rows) {
      if (r.amount_nanos < settings(r.vendor_id).minAmount) continue;
      const product = productOf(r);
      if (product === null) continue;
      const service = r.service_row_id ?? `identifier:${r.identifier}`;
      const key = `${r.vendor_id}\u0000${service}\u0000${product}`;
      const list = groups.get(key);
      if (list) list.push(r);
      else groups.set(key, [r]);
    }
    const out: Candidate[] = [];
    for (const list of groups.values()) {
      if (list.length < 2) continue;
      list.sort(invoiceOrder);
      for (const [k, r] of list.entries()) {
        if (inScope !== null && !inScope.has(r.invoice_id)) continue;
        const first = list.slice(0, k).find((x) => !sameBill(x, r));
        if (first === undefined) continue;
        out.push({
          ...base(r),
          summary: `${r.description ?? r.product_code} for ${r.identifier} billed ${formatNanos(r.amount_nanos)} ${r.currency} on invoice ${r.invoice_number}, already billed on invoice ${first.invoice_number}`,
          evidence: {
            charge: charge(r),
            earlier: {
              invoiceId: first.invoice_id,
              invoiceNumber: first.invoice_number,
              account: first.account_number,
              lineNo: first.line_no,
              ...charge(first),
            },
            service: { id: r.service_row_id, identifier: r.service_identifier ?? r.identifier },
            invoice: { number: r.invoice_number, account: r.account_number },
          },
        });
      }
    }
    return out;
  },
};

export const NRC_RULES: AuditRule[] = [nrcWithoutOrder, nrcBilledTwice];
