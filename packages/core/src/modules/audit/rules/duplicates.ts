import type { AuditRule, Candidate } from '../rule.ts';
import { duplicateChargeRows, duplicateInvoiceRows } from './duplicates.queries.ts';
import { dec, periodOf } from './invoice-common.ts';

/** §4.2: the same invoice received twice. The later copy is the finding. */
export const duplicateInvoice: AuditRule = {
  code: 'duplicate_invoice',
  name: 'Duplicate invoice',
  domainRule: 2,
  description:
    'Another non-superseded invoice of the same vendor and billing account has the same invoice number or the same content (file fingerprint). The copy received later (by import time, then id) is the duplicate; all its current charges are at stake. With three copies, the second and third are each a finding against the first.',
  subject: 'invoice',
  defaults: { enabled: true, severity: 'critical', blocking: true, params: {} },
  params: [],
  async evaluate(env) {
    const rows = await duplicateInvoiceRows(env.db, env.engine, env.tenantId, env.scope);
    return rows.map((r): Candidate => {
      const amount = BigInt(r.current_charges_nanos);
      const n = {
        id: r.by_number,
        number: r.n_number,
        periodStart: r.n_period_start,
        invoiceDate: r.n_invoice_date,
        contentHash: r.n_content_hash,
        current: BigInt(r.n_current_nanos),
        createdAt: r.n_created_at,
      };
      const c = {
        id: r.by_content,
        number: r.c_number,
        periodStart: r.c_period_start,
        invoiceDate: r.c_invoice_date,
        contentHash: r.c_content_hash,
        current: BigInt(r.c_current_nanos),
        createdAt: r.c_created_at,
      };
      const earlier = (a: typeof n, b: typeof n) =>
        a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
      // whichever twin is the invoice itself is no original; else the first received wins
      const o = n.id === r.id ? c : c.id === r.id ? n : earlier(n, c) ? n : c;
      const match = [
        ...(r.invoice_number === o.number ? ['invoice_number'] : []),
        ...(r.content_hash === o.contentHash ? ['content'] : []),
      ];
      return {
        key: r.id,
        summary: `Invoice ${r.invoice_number} (${dec(amount)} ${r.currency}) duplicates invoice ${o.number} received earlier on account ${r.account_number}`,
        vendorId: r.vendor_id,
        accountId: r.billing_account_id,
        invoiceId: r.id,
        period: periodOf(r.period_start, r.invoice_date),
        currency: r.currency,
        billedNanos: amount,
        expectedNanos: 0n,
        varianceNanos: amount,
        evidence: {
          match,
          invoice: { number: r.invoice_number, account: r.account_number, receivedAt: r.created_at },
          original: {
            id: o.id,
            number: o.number,
            period: periodOf(o.periodStart, o.invoiceDate),
            currentCharges: dec(o.current),
            receivedAt: o.createdAt,
          },
        },
      };
    });
  },
};

/** §4.2: the same charge twice on one invoice. The second and later copies are findings. */
export const duplicateCharge: AuditRule = {
  code: 'duplicate_charge',
  name: 'Duplicate charge',
  domainRule: 2,
  description:
    'Within one invoice, two or more payable charges have the same service, kind, product code, description, amount, charge period and quantity (missing values count as equal). The first line is kept; each later copy is a finding for its full amount. Credits (credit adjustments and lines of zero or negative amount) and information-only lines are never duplicates.',
  subject: 'invoice',
  defaults: { enabled: true, severity: 'high', blocking: true, params: {} },
  params: [],
  async evaluate(env) {
    const rows = await duplicateChargeRows(env.db, env.engine, env.tenantId, env.scope);
    // rows come ordered by invoice and line, so each group's copies arrive in line order
    const copies = new Map<string, number>();
    return rows.map((r): Candidate => {
      const amount = BigInt(r.amount_nanos);
      const group = `${r.invoice_id}:${r.first_line}`;
      const copy = (copies.get(group) ?? 1) + 1;
      copies.set(group, copy);
      return {
        key: `${r.invoice_id}:${r.line_no}`,
        summary: `Line ${r.line_no} of invoice ${r.invoice_number} repeats line ${r.first_line}: ${r.description ?? r.kind}${r.identifier ? ` for ${r.identifier}` : ''}, ${dec(amount)} ${r.currency}`,
        vendorId: r.vendor_id,
        accountId: r.billing_account_id,
        invoiceId: r.invoice_id,
        lineNo: Number(r.line_no),
        serviceIdentifier: r.identifier,
        period: periodOf(r.period_start, r.invoice_date),
        currency: r.currency,
        billedNanos: amount,
        expectedNanos: 0n,
        varianceNanos: amount,
        evidence: {
          invoice: { number: r.invoice_number, account: r.account_number },
          firstLine: Number(r.first_line),
          copy,
          charge: {
            serviceId: r.identifier,
            kind: r.kind,
            productCode: r.product_code,
            description: r.description,
            amount: dec(amount),
            periodStart: r.charge_period_start,
            periodEnd: r.charge_period_end,
            quantity: r.quantity,
          },
        },
      };
    });
  },
};
