import { formatNanos } from '../../../shared/money.ts';
import { paramInt } from '../params.ts';
import type { AuditRule, Candidate, RuleEnv } from '../rule.ts';
import { ownerLeft, siteClosed } from './nobody-rules.ts';
import {
  idleServices,
  unbilledServices,
  type VendorInts,
  vendorsOfAccounts,
  type WindowInvoiceRow,
  windowInvoices,
} from './service.queries.ts';
import { usageSpike } from './usage-spike-rule.ts';

const month = (day: string) => (day === '' ? null : day.slice(0, 7));

/** YYYY-MM `n` months before the month of `day`. */
function monthsBefore(day: string, n: number): string {
  const total = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 - n;
  const year = Math.floor(total / 12);
  return `${String(year).padStart(4, '0')}-${String(total - year * 12 + 1).padStart(2, '0')}`;
}

/** Each vendor's `cycles` (0 where the rule is off), so one query serves every override. */
async function cyclesByVendor(env: RuleEnv): Promise<VendorInts> {
  const read = (vendorId: string | null) => {
    const s = env.settings(vendorId);
    return s.enabled ? Math.max(1, paramInt(s, 'cycles')) : 0;
  };
  const byVendor = new Map<string, number>();
  for (const v of await vendorsOfAccounts(env.db, env.engine, env.tenantId, env.scope.accountIds))
    byVendor.set(v, read(v));
  return { byVendor, fallback: read(null) };
}

function invoicesByAccount(rows: WindowInvoiceRow[]) {
  const map = new Map<string, { invoice: string; period: string | null }[]>();
  for (const r of rows) {
    const list = map.get(r.billing_account_id) ?? [];
    list.push({ invoice: r.invoice_number, period: month(r.period_day) });
    map.set(r.billing_account_id, list);
  }
  return map;
}

/** §4.4: in inventory but not billed. One finding per service. */
export const notBilled: AuditRule = {
  code: 'not_billed',
  name: 'Active service not billed',
  domainRule: 4,
  description:
    "An active service with a billing account has no charge line at all (by identifier or alias; info-only and credit lines count as billed) on the account's last `cycles` invoices (non-superseded, credit notes left out), while the account has at least that many invoices and the service was activated in a month at least `cycles` months before the latest invoice's period month (a service without an activation date counts as old). Either a zombie line the vendor dropped or an inventory error: expected is the monthly cost known for it × cycles, nothing is overcharged.",
  subject: 'account',
  defaults: { enabled: true, severity: 'low', blocking: false, params: { cycles: '2' } },
  params: [{ name: 'cycles', label: 'Invoices in a row without a charge', unit: 'count' }],
  async evaluate(env) {
    const cycles = await cyclesByVendor(env);
    const rows = await unbilledServices(env.db, env.engine, env.tenantId, env.scope.accountIds, cycles);
    if (rows.length === 0) return [];
    const looked = invoicesByAccount(
      await windowInvoices(env.db, env.engine, env.tenantId, env.scope.accountIds, cycles),
    );
    const out: Candidate[] = [];
    for (const r of rows) {
      const n = Number(r.cycles);
      if (r.latest_day === '') continue;
      if (r.activated_on !== null && r.activated_on.slice(0, 7) > monthsBefore(r.latest_day, n)) continue;
      const monthly = r.expected_monthly_nanos === null ? null : BigInt(r.expected_monthly_nanos);
      const invoices = looked.get(r.billing_account_id) ?? [];
      out.push({
        key: r.service_row_id,
        summary: `${r.identifier} is active in inventory but was not billed on the last ${n} invoices of account ${r.account_number}`,
        vendorId: r.vendor_id,
        accountId: r.billing_account_id,
        invoiceId: null,
        serviceIdentifier: r.identifier,
        serviceId: r.service_row_id,
        costCenterId: r.cost_center_id,
        period: month(r.latest_day),
        currency: r.currency,
        billedNanos: 0n,
        expectedNanos: (monthly ?? 0n) * BigInt(n),
        varianceNanos: 0n,
        evidence: {
          inventory: {
            serviceId: r.service_row_id,
            identifier: r.identifier,
            activatedOn: r.activated_on,
            expectedMonthly: monthly === null ? null : formatNanos(monthly),
          },
          account: r.account_number,
          cycles: n,
          invoices,
        },
      });
    }
    return out;
  },
};

/** Service types whose plan is paid for use, so a plan without usage is money for nothing. */
const USAGE_TYPES = ['wireless', 'sip_ucaas'] as const;

/** §4.11: zero-usage lines, an optimisation candidate. One finding per service. */
export const lowUsage: AuditRule = {
  code: 'low_usage',
  name: 'Line without usage',
  domainRule: 11,
  description:
    "An active wireless or SIP/UCaaS service is billed a recurring charge on each of its account's last `cycles` invoices (non-superseded, credit notes left out) and has no usage line with a non-zero amount on any of them. Billed and variance: the recurring charges of the latest invoice (what cancelling the line saves a month).",
  subject: 'account',
  defaults: { enabled: true, severity: 'low', blocking: false, params: { cycles: '3' } },
  params: [{ name: 'cycles', label: 'Invoices in a row without usage', unit: 'count' }],
  async evaluate(env) {
    const cycles = await cyclesByVendor(env);
    const rows = await idleServices(
      env.db,
      env.engine,
      env.tenantId,
      env.scope.accountIds,
      cycles,
      USAGE_TYPES,
    );
    if (rows.length === 0) return [];
    const window = await windowInvoices(env.db, env.engine, env.tenantId, env.scope.accountIds, cycles);
    const looked = invoicesByAccount(window);
    const latest = new Map(window.filter((w) => Number(w.rn) === 1).map((w) => [w.billing_account_id, w]));
    const out: Candidate[] = [];
    for (const r of rows) {
      const monthly = BigInt(r.latest_nanos);
      const last = latest.get(r.billing_account_id);
      const currency = last?.currency ?? 'USD';
      out.push({
        key: r.service_row_id,
        summary: `${r.identifier} was billed ${formatNanos(monthly)} ${currency} a month with no usage on the last ${Number(r.invoices)} invoices of account ${r.account_number}`,
        vendorId: r.vendor_id,
        accountId: r.billing_account_id,
        invoiceId: null,
        serviceIdentifier: r.identifier,
        serviceId: r.service_row_id,
        costCenterId: r.cost_center_id,
        period: last ? month(last.period_day) : null,
        currency,
        billedNanos: monthly,
        expectedNanos: 0n,
        varianceNanos: monthly,
        evidence: {
          inventory: { serviceId: r.service_row_id, identifier: r.identifier, type: r.service_type },
          account: r.account_number,
          cycles: Number(r.invoices),
          invoices: looked.get(r.billing_account_id) ?? [],
          recurringLatest: formatNanos(monthly),
          recurringTotal: formatNanos(BigInt(r.recurring_nanos)),
          usageTotal: formatNanos(BigInt(r.usage_nanos)),
        },
      });
    }
    return out;
  },
};

export const SERVICE_RULES: AuditRule[] = [notBilled, lowUsage, usageSpike, ownerLeft, siteClosed];
