/** Input schemas and API shapes of contracts and rate items: money travels as decimal strings. */
import { z } from 'zod';
import { isCurrencyCode } from '../../shared/currencies.ts';
import { formatNanos, parseDecimal } from '../../shared/money.ts';
import type { ContractRow, RateItemRow } from './contracts.queries.ts';
import { isDate } from './dates.ts';
import { CHARGE_KINDS } from './match.ts';
import { currentTermEnd, effectiveStatus, noticeDeadline, type Terms, termAlerts } from './terms.ts';

export const CONTRACT_STATUSES = ['draft', 'active', 'terminated'] as const;
export const COMMITMENT_KINDS = ['none', 'spend', 'volume'] as const;
export const COMMITMENT_PERIODS = ['monthly', 'annual', 'term'] as const;

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

const text = (max: number) => z.preprocess(blankToNull, z.string().trim().max(max).nullable().default(null));
const date = z.string().refine(isDate, 'not a date (YYYY-MM-DD)');
const optDate = z.preprocess(blankToNull, date.nullable().default(null));
const currency = z.string().trim().toUpperCase().refine(isCurrencyCode, 'not a currency code (e.g. USD)');

function exactNanos(value: string): bigint | null {
  try {
    const parsed = parseDecimal(value);
    return parsed.residue === null ? parsed.nanos : null;
  } catch {
    return null;
  }
}

/** A decimal string with at most 9 decimals, e.g. "1234.50". */
const amount = z.preprocess(
  blankToNull,
  z
    .string()
    .refine((v) => exactNanos(v) !== null, 'not an amount (a decimal number with at most 9 decimals)')
    .nullable()
    .default(null),
);

/** A percentage from 0 to 100 with at most 4 decimals, e.g. "12.5". */
const percent = z.preprocess(
  blankToNull,
  z
    .string()
    .refine((v) => {
      const n = exactNanos(v);
      return n !== null && n >= 0n && n <= 100n * 1_000_000_000n && n % 100_000n === 0n;
    }, 'a percentage from 0 to 100 with at most 4 decimals')
    .nullable()
    .default(null),
);

export const toNanos = (v: string | null) => (v === null ? null : exactNanos(v)!);
export const fromNanos = (n: bigint | null) => (n === null ? null : formatNanos(n));
export const percentToPpm = (v: string | null) => (v === null ? null : Number(exactNanos(v)! / 100_000n));
export const ppmToPercent = (ppm: number | null) =>
  ppm === null ? null : formatNanos(BigInt(ppm) * 100_000n, { minDecimals: 0 });

export const contractSchema = z
  .object({
    vendorId: z.string().min(1),
    contractNumber: z.string().trim().min(1).max(100),
    name: z.string().trim().min(1).max(200),
    termStart: date,
    termEnd: optDate,
    autoRenew: z.boolean().default(false),
    renewalMonths: z.number().int().min(1).max(120).nullable().default(null),
    noticeDays: z.number().int().min(0).max(3650).default(0),
    currency,
    commitmentKind: z.enum(COMMITMENT_KINDS).default('none'),
    commitmentPeriod: z.preprocess(blankToNull, z.enum(COMMITMENT_PERIODS).nullable().default(null)),
    commitmentAmount: amount,
    commitmentVolume: z.number().int().min(1).nullable().default(null),
    status: z.enum(CONTRACT_STATUSES).default('active'),
    notes: text(5000),
  })
  .superRefine((c, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (c.termEnd !== null && c.termEnd < c.termStart) issue('termEnd', 'must not be before the term start');
    if (c.autoRenew && c.termEnd === null) issue('termEnd', 'an auto-renewing contract needs a term end');
    if (c.autoRenew && c.renewalMonths === null)
      issue('renewalMonths', 'required when the contract auto-renews');
    if (c.commitmentKind !== 'none' && c.commitmentPeriod === null)
      issue('commitmentPeriod', 'required with a commitment');
    if (c.commitmentPeriod === 'term' && c.termEnd === null)
      issue('commitmentPeriod', 'a term commitment needs a term end');
    if (c.commitmentKind === 'spend') {
      const n = toNanos(c.commitmentAmount);
      if (n === null || n <= 0n)
        issue('commitmentAmount', 'a positive amount is required for a spend commitment');
    }
    if (c.commitmentKind === 'volume' && c.commitmentVolume === null)
      issue('commitmentVolume', 'required for a volume commitment');
  })
  .transform((c) => ({
    ...c,
    renewalMonths: c.autoRenew ? c.renewalMonths : null,
    commitmentPeriod: c.commitmentKind === 'none' ? null : c.commitmentPeriod,
    commitmentAmount: c.commitmentKind === 'spend' ? formatNanos(toNanos(c.commitmentAmount)!) : null,
    commitmentVolume: c.commitmentKind === 'volume' ? c.commitmentVolume : null,
  }));

export type ContractInput = z.output<typeof contractSchema>;

/** The editable fields of a stored contract, in input form (the base a partial update applies to). */
export const contractInputOf = (r: ContractRow): ContractInput => ({
  vendorId: r.vendor_id,
  contractNumber: r.contract_number,
  name: r.name,
  termStart: r.term_start,
  termEnd: r.term_end,
  autoRenew: r.auto_renew === 1,
  renewalMonths: r.renewal_months,
  noticeDays: r.notice_days,
  currency: r.currency,
  commitmentKind: r.commitment_kind as ContractInput['commitmentKind'],
  commitmentPeriod: r.commitment_period as ContractInput['commitmentPeriod'],
  commitmentAmount: fromNanos(r.commitment_nanos),
  commitmentVolume: r.commitment_volume,
  status: r.status as ContractInput['status'],
  notes: r.notes,
});

export const contractColumnsOf = (c: ContractInput) => ({
  vendor_id: c.vendorId,
  contract_number: c.contractNumber,
  name: c.name,
  term_start: c.termStart,
  term_end: c.termEnd,
  auto_renew: c.autoRenew ? 1 : 0,
  renewal_months: c.renewalMonths,
  notice_days: c.noticeDays,
  currency: c.currency,
  commitment_kind: c.commitmentKind,
  commitment_period: c.commitmentPeriod,
  commitment_nanos: toNanos(c.commitmentAmount),
  commitment_volume: c.commitmentVolume,
  status: c.status,
  notes: c.notes,
});

export const termsOf = (r: ContractRow): Terms => ({
  termStart: r.term_start,
  termEnd: r.term_end,
  autoRenew: r.auto_renew === 1,
  renewalMonths: r.renewal_months,
  noticeDays: r.notice_days,
  status: r.status,
});

export function contractDto(r: ContractRow, today: string) {
  const terms = termsOf(r);
  return {
    id: r.id,
    ...contractInputOf(r),
    vendor: r.vendor_name,
    vendorCode: r.vendor_code,
    effectiveStatus: effectiveStatus(terms, today),
    currentTermEnd: currentTermEnd(terms, today),
    noticeDeadline: noticeDeadline(terms, today),
    alerts: termAlerts(terms, today),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type ContractDto = ReturnType<typeof contractDto>;

export const rateItemSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    code: text(100),
    descriptionPattern: text(500),
    chargeKind: z.preprocess(blankToNull, z.enum(CHARGE_KINDS).nullable().default(null)),
    unit: text(50),
    unitRate: amount,
    mrc: amount,
    nrc: amount,
    discountPct: percent,
    effectiveFrom: optDate,
    effectiveTo: optDate,
    currency,
  })
  .superRefine((r, ctx) => {
    if (r.code === null && r.descriptionPattern === null)
      ctx.addIssue({
        code: 'custom',
        path: ['code'],
        message: 'give a code or a description pattern to match on',
      });
    if (r.effectiveFrom !== null && r.effectiveTo !== null && r.effectiveTo < r.effectiveFrom)
      ctx.addIssue({ code: 'custom', path: ['effectiveTo'], message: 'must not be before effective from' });
  })
  .transform((r) => ({
    ...r,
    unitRate: fromNanos(toNanos(r.unitRate)),
    mrc: fromNanos(toNanos(r.mrc)),
    nrc: fromNanos(toNanos(r.nrc)),
    discountPct: ppmToPercent(percentToPpm(r.discountPct)),
  }));

export type RateItemInput = z.output<typeof rateItemSchema>;

export const rateItemInputOf = (r: RateItemRow): RateItemInput => ({
  name: r.name,
  code: r.code,
  descriptionPattern: r.description_pattern,
  chargeKind: r.charge_kind as RateItemInput['chargeKind'],
  unit: r.unit,
  unitRate: fromNanos(r.unit_rate_nanos),
  mrc: fromNanos(r.mrc_nanos),
  nrc: fromNanos(r.nrc_nanos),
  discountPct: ppmToPercent(r.discount_ppm),
  effectiveFrom: r.effective_from,
  effectiveTo: r.effective_to,
  currency: r.currency,
});

export const rateItemColumnsOf = (r: RateItemInput) => ({
  name: r.name,
  code: r.code,
  description_pattern: r.descriptionPattern,
  charge_kind: r.chargeKind,
  unit: r.unit,
  unit_rate_nanos: toNanos(r.unitRate),
  mrc_nanos: toNanos(r.mrc),
  nrc_nanos: toNanos(r.nrc),
  discount_ppm: percentToPpm(r.discountPct),
  effective_from: r.effectiveFrom,
  effective_to: r.effectiveTo,
  currency: r.currency,
});

export const rateItemDto = (r: RateItemRow) => ({
  id: r.id,
  contractId: r.contract_id,
  ...rateItemInputOf(r),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
export type RateItemDto = ReturnType<typeof rateItemDto>;

/** The shape the audit matcher takes, from a stored row. */
export const rateItemForMatch = (r: RateItemRow) => ({
  id: r.id,
  code: r.code,
  descriptionPattern: r.description_pattern,
  chargeKind: r.charge_kind,
  effectiveFrom: r.effective_from,
  effectiveTo: r.effective_to,
  currency: r.currency,
  mrcNanos: r.mrc_nanos,
  unitRateNanos: r.unit_rate_nanos,
  discountPpm: r.discount_ppm,
});
