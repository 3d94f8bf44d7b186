import { paramNanos } from '../params.ts';
import type { AuditRule, Candidate } from '../rule.ts';
import { controlTotalRows, rollforwardRows } from './invoice.queries.ts';
import { absNanos, dec, periodOf } from './invoice-common.ts';

/** §4.1: the invoice's stated current charges against the sum of its charges. */
export const controlTotal: AuditRule = {
  code: 'control_total',
  name: 'Control total mismatch',
  domainRule: 1,
  description:
    'The current charges the invoice states differ from the sum of its payable (not information-only) charges by more than the tolerance. Billed is the stated amount, expected the sum of the lines, variance stated − sum: positive when the invoice asks for more than its lines justify. Invoices that state no current charges are not checked.',
  subject: 'invoice',
  defaults: { enabled: true, severity: 'high', blocking: true, params: { tolerance: '0.01' } },
  params: [{ name: 'tolerance', label: 'Ignore differences up to', unit: 'money' }],
  async evaluate(env) {
    const rows = await controlTotalRows(env.db, env.engine, env.tenantId, env.scope);
    const out: Candidate[] = [];
    for (const r of rows) {
      const stated = BigInt(r.stated_current_nanos as bigint);
      const sum = BigInt(r.current_charges_nanos);
      const difference = stated - sum;
      const tolerance = paramNanos(env.settings(r.vendor_id), 'tolerance');
      if (absNanos(difference) <= tolerance) continue;
      out.push({
        key: r.invoice_id,
        summary: `Invoice ${r.invoice_number} states current charges of ${dec(stated)} ${r.currency} but its charges add up to ${dec(sum)}`,
        vendorId: r.vendor_id,
        accountId: r.billing_account_id,
        invoiceId: r.invoice_id,
        period: periodOf(r.period_start, r.invoice_date),
        currency: r.currency,
        billedNanos: stated,
        expectedNanos: sum,
        varianceNanos: difference,
        evidence: {
          invoice: { number: r.invoice_number, account: r.account_number, lines: Number(r.charge_count) },
          statedCurrentCharges: dec(stated),
          sumOfCharges: dec(sum),
          difference: dec(difference),
          tolerance: dec(tolerance),
        },
      });
    }
    return out;
  },
};

/** §4.1: the previous balance an invoice states against the total due of the invoice before it. */
export const balanceRollforward: AuditRule = {
  code: 'balance_rollforward',
  name: 'Balance does not roll forward',
  domainRule: 1,
  description:
    "The previous balance an invoice states differs, by more than the tolerance, from the total due stated on the account's previous invoice (the latest non-superseded, non-credit invoice with an earlier period, even one outside the audited scope). Billed is the stated previous balance, expected the prior total due, variance their difference. Not checked when either amount is missing or the account has no earlier invoice.",
  subject: 'invoice',
  defaults: { enabled: true, severity: 'high', blocking: false, params: { tolerance: '0.01' } },
  params: [{ name: 'tolerance', label: 'Ignore differences up to', unit: 'money' }],
  async evaluate(env) {
    const rows = await rollforwardRows(env.db, env.engine, env.tenantId, env.scope);
    const out: Candidate[] = [];
    for (const r of rows) {
      const stated = BigInt(r.previous_balance_nanos as bigint);
      const prior = BigInt(r.prev_total_due_nanos as bigint);
      const difference = stated - prior;
      const tolerance = paramNanos(env.settings(r.vendor_id), 'tolerance');
      if (absNanos(difference) <= tolerance) continue;
      out.push({
        key: r.id,
        summary: `Invoice ${r.invoice_number} carries a previous balance of ${dec(stated)} ${r.currency} but invoice ${r.prev_number} stated ${dec(prior)} due`,
        vendorId: r.vendor_id,
        accountId: r.billing_account_id,
        invoiceId: r.id,
        period: periodOf(r.period_start, r.invoice_date),
        currency: r.currency,
        billedNanos: stated,
        expectedNanos: prior,
        varianceNanos: difference,
        evidence: {
          invoice: { number: r.invoice_number, account: r.account_number },
          statedPreviousBalance: dec(stated),
          previousInvoice: {
            id: r.prev_id,
            number: r.prev_number,
            period: periodOf(r.prev_period_start, r.prev_invoice_date),
            totalDue: dec(prior),
          },
          difference: dec(difference),
          tolerance: dec(tolerance),
        },
      });
    }
    return out;
  },
};
