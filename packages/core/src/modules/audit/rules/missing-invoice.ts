import { addDays } from '../../data-quality/days.ts';
import { paramInt } from '../params.ts';
import type { AuditRule, Candidate } from '../rule.ts';
import { dec } from './invoice-common.ts';
import { latestInvoiceRows } from './missing-invoice.queries.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** The months after `from` (YYYY-MM), up to and including `to`. */
function monthsAfter(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (;;) {
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
    const month = `${y}-${pad(m)}`;
    if (month > to) return out;
    out.push(month);
  }
}

/** The expected invoice day in a month; a day the month lacks (31 in April) means its last day. */
function dueDay(month: string, day: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${pad(Math.min(Math.max(day, 1), last))}`;
}

/** §4.13: an expected monthly invoice has not arrived. */
export const missingInvoice: AuditRule = {
  code: 'missing_invoice',
  name: 'Invoice missing',
  domainRule: 13,
  description:
    "For an active, monthly billing account that has received at least one invoice: each month after the month of its latest invoice's period (period start, else invoice date), up to the current month, whose expected invoice day (the account's, else the 1st; the month's last day when the month is shorter) plus the grace days has passed without an invoice. Expected is the latest invoice's current charges, a guide to what will come; variance is 0 because no money is at stake until it arrives. Quarterly and annual accounts are not checked.",
  subject: 'account',
  defaults: { enabled: true, severity: 'medium', blocking: false, params: { graceDays: '10' } },
  params: [{ name: 'graceDays', label: 'Days after the expected invoice day', unit: 'days' }],
  async evaluate(env) {
    const rows = await latestInvoiceRows(env.db, env.engine, env.tenantId, env.scope);
    const thisMonth = env.today.slice(0, 7);
    const out: Candidate[] = [];
    for (const r of rows) {
      const grace = paramInt(env.settings(r.vendor_id), 'graceDays');
      const expectedDay = r.expected_invoice_day ?? 1;
      const latest = BigInt(r.current_charges_nanos);
      for (const month of monthsAfter(r.day.slice(0, 7), thisMonth)) {
        const expectedBy = addDays(dueDay(month, expectedDay), grace);
        if (env.today <= expectedBy) continue;
        out.push({
          key: `${r.account_id}:${month}`,
          summary: `No ${month} invoice for account ${r.account_number}: it was expected by ${expectedBy}`,
          vendorId: r.vendor_id,
          accountId: r.account_id,
          invoiceId: null,
          period: month,
          currency: r.currency,
          billedNanos: 0n,
          expectedNanos: latest,
          varianceNanos: 0n,
          evidence: {
            account: r.account_number,
            expectedInvoiceDay: expectedDay,
            graceDays: grace,
            expectedBy,
            today: env.today,
            latestInvoice: {
              id: r.invoice_id,
              number: r.invoice_number,
              period: r.day.slice(0, 7),
              currentCharges: dec(latest),
            },
          },
        });
      }
    }
    return out;
  },
};
