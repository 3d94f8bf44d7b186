import { exceedsPercent, paramNanos } from '../params.ts';
import type { AuditRule, Candidate, RuleEnv } from '../rule.ts';
import { vendorsInScope } from './invoice.queries.ts';
import { absNanos, dec, periodOf, ratioPercent } from './invoice-common.ts';
import { varianceAccountRows, varianceServiceRows } from './variance.queries.ts';

/** Both thresholds must be crossed: a big percentage of a small bill is noise, and so is a small change of a big one. */
function beyond(env: RuleEnv, vendorId: string, now: bigint, before: bigint) {
  const s = env.settings(vendorId);
  const percent = paramNanos(s, 'percent');
  const amount = paramNanos(s, 'amount');
  return {
    hit: exceedsPercent(now, before, percent) && absNanos(now - before) > amount,
    thresholds: { percent: dec(percent), amount: dec(amount) },
  };
}

/** §4.8: month-over-month change of an account's bill. */
export const varianceAccount: AuditRule = {
  code: 'variance_account',
  name: 'Account bill changed month over month',
  domainRule: 8,
  description:
    "An invoice's current charges differ from those of the account's previous invoice (the latest non-superseded, non-credit invoice with an earlier period, even one outside the audited scope) by more than the percentage of the previous amount AND by more than the amount. Increases and decreases both count; the variance is this − previous, so a drop shows as negative. Credit notes are not compared, and an account's first invoice has nothing to compare with.",
  subject: 'invoice',
  defaults: {
    enabled: true,
    severity: 'medium',
    blocking: false,
    params: { percent: '25', amount: '100.00' },
  },
  params: [
    { name: 'percent', label: 'Change of more than', unit: 'percent' },
    { name: 'amount', label: 'and of more than', unit: 'money' },
  ],
  async evaluate(env) {
    const rows = await varianceAccountRows(env.db, env.engine, env.tenantId, env.scope);
    const out: Candidate[] = [];
    for (const r of rows) {
      const now = BigInt(r.current_charges_nanos);
      const before = BigInt(r.prev_current_nanos);
      const check = beyond(env, r.vendor_id, now, before);
      if (!check.hit) continue;
      const change = ratioPercent(now - before, absNanos(before));
      out.push({
        key: r.id,
        summary: `Invoice ${r.invoice_number} bills ${dec(now)} ${r.currency} against ${dec(before)} on invoice ${r.prev_number}${change === null ? '' : ` (${change}%)`}`,
        vendorId: r.vendor_id,
        accountId: r.billing_account_id,
        invoiceId: r.id,
        period: periodOf(r.period_start, r.invoice_date),
        currency: r.currency,
        billedNanos: now,
        expectedNanos: before,
        varianceNanos: now - before,
        evidence: {
          invoice: { number: r.invoice_number, account: r.account_number, currentCharges: dec(now) },
          previousInvoice: {
            id: r.prev_id,
            number: r.prev_number,
            period: periodOf(r.prev_period_start, r.prev_invoice_date),
            currentCharges: dec(before),
          },
          changePercent: change,
          thresholds: check.thresholds,
        },
      });
    }
    return out;
  },
};

/** §4.8: month-over-month change of what one service costs. */
export const varianceService: AuditRule = {
  code: 'variance_service',
  name: 'Service charges changed month over month',
  domainRule: 8,
  description:
    "Per service identifier billed on both an invoice and the account's previous invoice (the latest non-superseded, non-credit invoice with an earlier period, even one outside the audited scope): its payable charges of every kind except tax differ by more than the percentage of the previous amount AND by more than the amount. Identifiers billed on only one of the two invoices are not compared (new and dropped services are other rules' business). Variance is this − previous.",
  subject: 'invoice',
  defaults: {
    enabled: true,
    severity: 'medium',
    blocking: false,
    params: { percent: '50', amount: '25.00' },
  },
  params: [
    { name: 'percent', label: 'Change of more than', unit: 'percent' },
    { name: 'amount', label: 'and of more than', unit: 'money' },
  ],
  async evaluate(env) {
    // The query only returns changes above the smallest amount any vendor in the run accepts.
    const vendors = await vendorsInScope(env.db, env.engine, env.tenantId, env.scope);
    if (vendors.length === 0) return [];
    let floor = paramNanos(env.settings(vendors[0]!), 'amount');
    for (const v of vendors) {
      const amount = paramNanos(env.settings(v), 'amount');
      if (amount < floor) floor = amount;
    }
    const rows = await varianceServiceRows(env.db, env.engine, env.tenantId, env.scope, floor);
    const out: Candidate[] = [];
    for (const r of rows) {
      const now = BigInt(r.this_nanos);
      const before = BigInt(r.prev_nanos);
      const check = beyond(env, r.vendor_id, now, before);
      if (!check.hit) continue;
      const change = ratioPercent(now - before, absNanos(before));
      out.push({
        key: `${r.id}:${r.identifier}`,
        summary: `${r.identifier} costs ${dec(now)} ${r.currency} on invoice ${r.invoice_number} against ${dec(before)} on invoice ${r.prev_number}${change === null ? '' : ` (${change}%)`}`,
        vendorId: r.vendor_id,
        accountId: r.billing_account_id,
        invoiceId: r.id,
        lineNo: Number(r.first_line),
        serviceIdentifier: r.identifier,
        period: periodOf(r.period_start, r.invoice_date),
        currency: r.currency,
        billedNanos: now,
        expectedNanos: before,
        varianceNanos: now - before,
        evidence: {
          invoice: { number: r.invoice_number, account: r.account_number },
          service: { identifier: r.identifier, charges: dec(now) },
          previousInvoice: {
            id: r.prev_id,
            number: r.prev_number,
            period: periodOf(r.prev_period_start, r.prev_invoice_date),
            charges: dec(before),
          },
          changePercent: change,
          thresholds: check.thresholds,
        },
      });
    }
    return out;
  },
};
