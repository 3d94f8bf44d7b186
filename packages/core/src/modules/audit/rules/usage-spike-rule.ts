import { formatNanos, NANOS_PER_UNIT } from '../../../shared/money.ts';
import { paramInt, paramNanos } from '../params.ts';
import type { AuditRule, Candidate } from '../rule.ts';
import { usageRows, vendorsOfInvoices } from './usage.queries.ts';

const month = (day: string) => (day === '' ? null : day.slice(0, 7));

/** §4.11: a service's usage jumps against its own recent past, or it roams / calls premium numbers. */
export const usageSpike: AuditRule = {
  code: 'usage_spike',
  name: 'Usage spike or roaming',
  domainRule: 11,
  description:
    "A service's usage on an invoice is more than `multiple` times the average of its usage on the up to 3 previous invoices of the account that bill the service at all (invoices without usage count as 0) and above it by more than `amount`; a service with no previous invoice has no baseline and is not a spike. With `flagRoaming` = 1, any usage line with a positive amount whose description mentions roaming, international or premium is a finding too. Services are the inventory row (by identifier or alias), else the billed identifier. Billed: this invoice's usage; expected: the trailing average (0 without history); variance: the difference.",
  subject: 'invoice',
  defaults: {
    enabled: true,
    severity: 'low',
    blocking: false,
    params: { multiple: '3', amount: '50.00', flagRoaming: '1' },
  },
  params: [
    { name: 'multiple', label: 'Usage above its trailing average by more than', unit: 'multiple' },
    { name: 'amount', label: 'and by more than', unit: 'money' },
    { name: 'flagRoaming', label: 'Flag roaming / international / premium usage (1 = yes)', unit: 'count' },
  ],
  async evaluate(env) {
    // The query's pre-filter must let through every row some vendor's settings could flag.
    const vendors = [
      null,
      ...(await vendorsOfInvoices(env.db, env.engine, env.tenantId, env.scope.invoiceIds)),
    ];
    let minAmount: bigint | null = null;
    let roaming = false;
    for (const v of vendors) {
      const s = env.settings(v);
      if (!s.enabled) continue;
      const a = paramNanos(s, 'amount');
      if (minAmount === null || a < minAmount) minAmount = a;
      if (paramInt(s, 'flagRoaming') === 1) roaming = true;
    }
    if (minAmount === null) return [];
    const rows = await usageRows(env.db, env.engine, env.tenantId, env.scope.invoiceIds, {
      minAmountNanos: minAmount,
      roaming,
    });
    const out: Candidate[] = [];
    for (const r of rows) {
      const s = env.settings(r.vendor_id);
      const usage = BigInt(r.usage_nanos);
      const previous = [
        { number: r.p1_number, day: r.p1_day, nanos: r.p1_nanos },
        { number: r.p2_number, day: r.p2_day, nanos: r.p2_nanos },
        { number: r.p3_number, day: r.p3_day, nanos: r.p3_nanos },
      ].filter((p) => p.number !== null);
      const k = BigInt(previous.length);
      const total = previous.reduce((a, p) => a + BigInt(p.nanos ?? 0n), 0n);
      // usage > multiple × total / k and usage − total / k > amount, multiplied out to stay exact
      const spike =
        k > 0n &&
        usage * k * NANOS_PER_UNIT > paramNanos(s, 'multiple') * total &&
        usage * k - total > paramNanos(s, 'amount') * k;
      const roamed = paramInt(s, 'flagRoaming') === 1 && Number(r.roaming_lines) > 0;
      if (!spike && !roamed) continue;
      const average = k > 0n ? total / k : 0n;
      const why = spike
        ? `usage of ${formatNanos(usage)} ${r.currency} against an average of ${formatNanos(average)} on the previous ${previous.length} invoice(s)`
        : `${formatNanos(BigInt(r.roaming_nanos))} ${r.currency} of roaming / international / premium usage`;
      out.push({
        key: `${r.invoice_id}:${r.identifier}`,
        summary: `${r.identifier} on invoice ${r.invoice_number}: ${why}`,
        vendorId: r.vendor_id,
        accountId: r.billing_account_id,
        invoiceId: r.invoice_id,
        lineNo: r.first_line === null ? null : Number(r.first_line),
        serviceIdentifier: r.identifier,
        serviceId: r.service_row_id,
        period: month(r.period_day),
        currency: r.currency,
        billedNanos: usage,
        expectedNanos: average,
        varianceNanos: usage - average,
        evidence: {
          spike,
          usage: formatNanos(usage),
          trailingAverage: formatNanos(average),
          multiple: s.params.multiple,
          amount: s.params.amount,
          previous: previous.map((p) => ({
            invoice: p.number,
            period: month(p.day ?? ''),
            usage: formatNanos(BigInt(p.nanos ?? 0n)),
          })),
          roaming:
            Number(r.roaming_lines) > 0
              ? {
                  lines: Number(r.roaming_lines),
                  amount: formatNanos(BigInt(r.roaming_nanos)),
                  example: r.roaming_description,
                }
              : null,
          invoice: { number: r.invoice_number, account: r.account_number, period: month(r.period_day) },
        },
      });
    }
    return out;
  },
};
