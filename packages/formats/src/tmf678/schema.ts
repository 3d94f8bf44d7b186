/**
 * The parts of TMF678 (v4/v5) CustomerBill and AppliedCustomerBillingRate that become invoices
 * and charges. Unknown properties are ignored; `null` is accepted wherever a field may be absent
 * (real APIs send both). Money values arrive as strings (see json.ts) or, defensively, numbers.
 */
import { z } from 'zod';

const str = z.string().nullish();

export const Money = z.object({
  unit: str,
  value: z.union([z.string(), z.number()]),
});
export type Money = z.infer<typeof Money>;

const Ref = z.object({ id: str, name: str, href: str });
const Period = z.object({ startDateTime: str, endDateTime: str });

const Tax = z.object({
  taxCategory: str,
  taxRate: z.union([z.string(), z.number()]).nullish(),
  taxAmount: Money.nullish(),
});
export type Tax = z.infer<typeof Tax>;

export const Rate = z.object({
  id: str,
  '@type': str,
  name: str,
  type: str,
  description: str,
  date: str,
  isBilled: z.boolean().nullish(),
  bill: Ref.nullish(),
  customerBill: Ref.nullish(),
  billingAccount: Ref.nullish(),
  product: Ref.nullish(),
  periodCoverage: Period.nullish(),
  taxExcludedAmount: Money.nullish(),
  taxIncludedAmount: Money.nullish(),
  appliedTax: z.array(Tax).nullish(),
  characteristic: z.array(z.object({ name: z.string(), value: z.unknown() })).nullish(),
});
export type Rate = z.infer<typeof Rate>;

export const Bill = z.object({
  id: str,
  '@type': str,
  billNo: str,
  billDate: str,
  paymentDueDate: str,
  billingPeriod: Period.nullish(),
  category: str,
  billingAccount: Ref.nullish(),
  amountDue: Money.nullish(),
  remainingAmount: Money.nullish(),
  taxExcludedAmount: Money.nullish(),
  taxIncludedAmount: Money.nullish(),
  taxItem: z.array(Tax).nullish(),
  relatedParty: z.array(z.object({ id: str, name: str, role: str })).nullish(),
  /** not in the TMF678 CustomerBill schema, but bundled exports embed the bill's rates */
  appliedCustomerBillingRate: z.array(Rate).nullish(),
});
export type Bill = z.infer<typeof Bill>;

export type Kind = 'bill' | 'rate' | 'cycle' | 'unknown';

/** What a JSON object is, by @type first, then by the properties only that resource has. */
export function classify(o: unknown): Kind {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return 'unknown';
  const r = o as Record<string, unknown>;
  const type = typeof r['@type'] === 'string' ? (r['@type'] as string) : '';
  if (/^CustomerBill$/i.test(type)) return 'bill';
  if (/^AppliedCustomerBillingRate$/i.test(type)) return 'rate';
  if (/^BillCycle$/i.test(type)) return 'cycle';
  if (type) return 'unknown';
  if (['billNo', 'billDate', 'amountDue', 'billingPeriod', 'taxItem'].some((k) => k in r)) return 'bill';
  if (['appliedTax', 'isBilled', 'bill', 'periodCoverage', 'taxExcludedAmount'].some((k) => k in r))
    return 'rate';
  if (['billingDate', 'billingDateShift', 'creditDate', 'paymentDueDateOffset'].some((k) => k in r))
    return 'cycle';
  return 'unknown';
}
