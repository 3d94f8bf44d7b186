import { formatNanos } from '../../../shared/money.ts';
import { paramNanos } from '../params.ts';
import type { AuditRule, Candidate, RuleEnv } from '../rule.ts';
import { type PricedItem, type PricingInvoice, sharedPricingPass } from './pricing.ts';

const money = (n: bigint | null) => (n === null ? null : formatNanos(n));
const month = (inv: PricingInvoice) => (inv.periodStart ?? inv.invoiceDate)?.slice(0, 7) ?? null;
const abs = (n: bigint) => (n < 0n ? -n : n);
/** parts per million as a percentage: 125000 → "12.50" */
const percentOfPpm = (ppm: number | null) => (ppm === null ? null : formatNanos(BigInt(ppm) * 100_000n));

/** A per-vendor parameter, read once per vendor rather than once per charge. */
function perVendor(env: RuleEnv, name: string) {
  const cache = new Map<string, bigint>();
  return (vendorId: string) => {
    let v = cache.get(vendorId);
    if (v === undefined) {
      v = paramNanos(env.settings(vendorId), name);
      cache.set(vendorId, v);
    }
    return v;
  };
}

const itemEvidence = (item: PricedItem) => ({
  id: item.id,
  name: item.name,
  code: item.code,
  descriptionPattern: item.descriptionPattern,
  chargeKind: item.chargeKind,
  mrc: money(item.mrcNanos),
  unitRate: money(item.unitRateNanos),
  unit: item.unit,
  discountPercent: percentOfPpm(item.discountPpm),
  effectiveFrom: item.effectiveFrom,
  effectiveTo: item.effectiveTo,
});

/** §4.6: a recurring charge billed at another price than its contract rate item. */
export const rateVariance: AuditRule = {
  code: 'rate_variance',
  name: 'Rate variance',
  domainRule: 6,
  description:
    "A payable recurring charge differs from its contracted price by more than the tolerance. The rate item is the one matchRateItem picks (code before description pattern) among the items of contracts linked to the invoice's account; when none of those matches, among the items of the vendor's contracts linked to no account; when neither matches, the item the service points at (in the invoice currency). Draft contracts are not a reference. The price is the item's MRC (flat), else unit rate × quantity, less the discount; a charge period shorter than a full monthly cycle is prorated by its days over the days of the calendar month it starts in, rounded half-even to the nano. Periods of a month or longer are compared with one month's price.",
  subject: 'invoice',
  defaults: { enabled: true, severity: 'high', blocking: true, params: { tolerance: '0.01' } },
  params: [{ name: 'tolerance', label: 'Ignore differences up to', unit: 'money' }],
  async evaluate(env) {
    const pass = await sharedPricingPass(env, 'rate_variance');
    const tolerance = perVendor(env, 'tolerance');
    const out: Candidate[] = [];
    for (const v of pass.variances) {
      const { invoice: inv, charge: ch, item, detail } = v;
      const billed = ch.amount_nanos;
      const variance = billed - v.expected;
      if (abs(variance) <= tolerance(inv.vendorId)) continue;
      const what = detail.identifier ?? ch.description ?? `line ${ch.line_no}`;
      out.push({
        key: `${inv.id}:${ch.line_no}`,
        summary: `${what} billed ${formatNanos(billed)} ${inv.currency} on invoice ${inv.number}; contract ${item.contractNumber} prices "${item.name}" at ${formatNanos(v.expected)}`,
        vendorId: inv.vendorId,
        accountId: inv.accountId,
        invoiceId: inv.id,
        lineNo: ch.line_no,
        serviceIdentifier: detail.identifier,
        serviceId: detail.serviceId,
        contractId: item.contractId,
        costCenterId: detail.costCenterId,
        period: month(inv),
        currency: inv.currency,
        billedNanos: billed,
        expectedNanos: v.expected,
        varianceNanos: variance,
        evidence: {
          contract: { id: item.contractId, number: item.contractNumber },
          rateItem: itemEvidence(item),
          matchedBy: v.matchedBy,
          quantity: ch.quantity,
          price: formatNanos(v.fullPrice),
          proration: v.proration,
          charge: {
            description: ch.description,
            productCode: ch.product_code,
            periodStart: ch.period_start,
            periodEnd: ch.period_end,
          },
          invoice: { number: inv.number, account: inv.accountNumber },
          billed: formatNanos(billed),
          expected: formatNanos(v.expected),
        },
      });
    }
    return out;
  },
};

/** §4.7: a charge for something the contract does not price. */
export const notInContract: AuditRule = {
  code: 'not_in_contract',
  name: 'Charge not in contract',
  domainRule: 7,
  description:
    "A payable recurring or one-time charge on an account whose contracts have rate items (contracts linked to the account, plus the vendor's contracts linked to no account; drafts left out) matches none of them, and its service points at no rate item. Charges below minAmount (credits and zero lines included) are left out.",
  subject: 'invoice',
  defaults: { enabled: true, severity: 'medium', blocking: false, params: { minAmount: '0.01' } },
  params: [{ name: 'minAmount', label: 'Ignore charges below', unit: 'money' }],
  async evaluate(env) {
    const pass = await sharedPricingPass(env, 'not_in_contract');
    const minAmount = perVendor(env, 'minAmount');
    const out: Candidate[] = [];
    for (const u of pass.unmatched) {
      const { invoice: inv, charge: ch, detail } = u;
      const billed = ch.amount_nanos;
      if (billed < minAmount(inv.vendorId)) continue;
      const what = ch.description ?? ch.product_code ?? `line ${ch.line_no}`;
      out.push({
        key: `${inv.id}:${ch.line_no}`,
        summary: `${what}${detail.identifier ? ` for ${detail.identifier}` : ''} billed ${formatNanos(billed)} ${inv.currency} on invoice ${inv.number} matches no rate item of contract ${u.contracts.join(', ')}`,
        vendorId: inv.vendorId,
        accountId: inv.accountId,
        invoiceId: inv.id,
        lineNo: ch.line_no,
        serviceIdentifier: detail.identifier,
        serviceId: detail.serviceId,
        costCenterId: detail.costCenterId,
        period: month(inv),
        currency: inv.currency,
        billedNanos: billed,
        expectedNanos: 0n,
        varianceNanos: billed,
        evidence: {
          charge: {
            kind: ch.kind,
            description: ch.description,
            productCode: ch.product_code,
            quantity: ch.quantity,
            periodStart: ch.period_start,
          },
          contractsChecked: u.contracts,
          rateItemsChecked: u.rateItems,
          service: { id: detail.serviceId, rateItemId: null },
          invoice: { number: inv.number, account: inv.accountNumber },
        },
      });
    }
    return out;
  },
};
