import { NANOS_PER_UNIT } from '../../../shared/money.ts';
import { paramNanos } from '../params.ts';
import type { AuditRule, Candidate } from '../rule.ts';
import { lateFeeRows, taxRows } from './invoice.queries.ts';
import { dec, percentOf, periodOf, ratioPercent } from './invoice-common.ts';

/** §4.9: a late fee, with whether the previous bill had been paid. */
export const lateFee: AuditRule = {
  code: 'late_fee',
  name: 'Late fee charged',
  domainRule: 9,
  description:
    "Every payable late-fee line of at least the minimum amount is a finding for its full amount. The evidence says whose fault it likely is: the payments this invoice records since the previous bill are compared with the previous invoice's total due. Paid in full means the bill was paid, but probably after its due date (our process) or the vendor posted the payment late (disputable); not paid in full means the fee follows an unpaid balance.",
  subject: 'invoice',
  defaults: { enabled: true, severity: 'medium', blocking: false, params: { minAmount: '0.01' } },
  params: [{ name: 'minAmount', label: 'Ignore late fees below', unit: 'money' }],
  async evaluate(env) {
    const rows = await lateFeeRows(env.db, env.engine, env.tenantId, env.scope);
    const out: Candidate[] = [];
    for (const r of rows) {
      const amount = BigInt(r.amount_nanos);
      if (amount < paramNanos(env.settings(r.vendor_id), 'minAmount')) continue;
      const totalDue = r.prev_total_due_nanos === null ? null : BigInt(r.prev_total_due_nanos);
      const paid = r.payments_nanos === null ? null : BigInt(r.payments_nanos);
      const paidInFull = totalDue === null || paid === null ? null : paid >= totalDue;
      const why =
        paidInFull === null
          ? 'whether the previous bill was paid is not known'
          : paidInFull
            ? `invoice ${r.prev_number} was paid in full, check when`
            : `invoice ${r.prev_number} was not paid in full`;
      out.push({
        key: `${r.id}:${r.line_no}`,
        summary: `Invoice ${r.invoice_number} charges a late fee of ${dec(amount)} ${r.currency}; ${why}`,
        vendorId: r.vendor_id,
        accountId: r.billing_account_id,
        invoiceId: r.id,
        lineNo: Number(r.line_no),
        serviceIdentifier: r.identifier,
        period: periodOf(r.period_start, r.invoice_date),
        currency: r.currency,
        billedNanos: amount,
        expectedNanos: 0n,
        varianceNanos: amount,
        evidence: {
          invoice: { number: r.invoice_number, account: r.account_number },
          charge: { description: r.description, amount: dec(amount) },
          previousInvoice:
            r.prev_id === null
              ? null
              : {
                  id: r.prev_id,
                  number: r.prev_number,
                  period: periodOf(r.prev_period_start, r.prev_invoice_date),
                  dueDate: r.prev_due_date,
                  totalDue: dec(totalDue),
                  payments: dec(r.prev_payments_nanos === null ? null : BigInt(r.prev_payments_nanos)),
                },
          paymentsSincePreviousInvoice: dec(paid),
          previousPaidInFull: paidInFull,
        },
      });
    }
    return out;
  },
};

/** §4.12: taxes and surcharges out of the range expected for the vendor. */
export const taxOutOfRange: AuditRule = {
  code: 'tax_out_of_range',
  name: 'Taxes out of range',
  domainRule: 12,
  description:
    'Payable taxes plus surcharges/fees, as a percentage of the payable recurring + one-time + usage charges, lie outside [minimum %, maximum %] (exactly on a bound is fine). Only invoices with a taxable base above zero are checked; an invoice with no tax at all is below the minimum. Billed is taxes + surcharges; expected is base × maximum % when above the range and base × minimum % when below; variance is billed − expected (negative when under-taxed: a liability, not an overcharge). Set the range per vendor (e.g. minimum 0 for tax-exempt suppliers).',
  subject: 'invoice',
  defaults: {
    enabled: true,
    severity: 'medium',
    blocking: false,
    params: { minPercent: '2', maxPercent: '35' },
  },
  params: [
    { name: 'minPercent', label: 'Lowest expected taxes and surcharges', unit: 'percent' },
    { name: 'maxPercent', label: 'Highest expected taxes and surcharges', unit: 'percent' },
  ],
  async evaluate(env) {
    const rows = await taxRows(env.db, env.engine, env.tenantId, env.scope);
    const out: Candidate[] = [];
    for (const r of rows) {
      const tax = BigInt(r.tax_nanos);
      const surcharges = BigInt(r.surcharge_nanos);
      const billed = tax + surcharges;
      const base = BigInt(r.base_nanos);
      const s = env.settings(r.vendor_id);
      const min = paramNanos(s, 'minPercent');
      const max = paramNanos(s, 'maxPercent');
      // billed / base vs pct / 100, cross-multiplied to stay in integers
      const scaled = billed * 100n * NANOS_PER_UNIT;
      const bound = scaled > max * base ? 'above' : scaled < min * base ? 'below' : null;
      if (bound === null) continue;
      const expected = percentOf(base, bound === 'above' ? max : min);
      const rate = ratioPercent(billed, base);
      out.push({
        key: r.invoice_id,
        summary: `Taxes and surcharges on invoice ${r.invoice_number} are ${rate}% of ${dec(base)} ${r.currency}, ${bound} the expected ${dec(min)}–${dec(max)}%`,
        vendorId: r.vendor_id,
        accountId: r.billing_account_id,
        invoiceId: r.invoice_id,
        period: periodOf(r.period_start, r.invoice_date),
        currency: r.currency,
        billedNanos: billed,
        expectedNanos: expected,
        varianceNanos: billed - expected,
        evidence: {
          invoice: { number: r.invoice_number, account: r.account_number },
          taxes: dec(tax),
          surcharges: dec(surcharges),
          taxableBase: dec(base),
          ratePercent: rate,
          minPercent: dec(min),
          maxPercent: dec(max),
          bound,
        },
      });
    }
    return out;
  },
};
