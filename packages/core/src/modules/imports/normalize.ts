import { CHARGE_KINDS, type ChargeKind, type ParsedInvoice, type ParseIssue } from '@temops/formats';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { sha256 } from '../../shared/ids.ts';
import { formatNanos, MoneyParseError, parseDecimal } from '../../shared/money.ts';
import { normalizeServiceId } from './service-id.ts';

export interface NormalizedCharge {
  lineNo: number;
  serviceId: string | null;
  serviceIdRaw: string | null;
  serviceType: string | null;
  kind: ChargeKind;
  description: string | null;
  productCode: string | null;
  quantity: string | null;
  unit: string | null;
  unitRate: string | null;
  amountNanos: bigint;
  periodStart: string | null;
  periodEnd: string | null;
  infoOnly: boolean;
  sourceLine: number | null;
  sourceSegment: number | null;
  sourceRef: string | null;
  attributes: Record<string, string> | null;
}

export interface NormalizedInvoice {
  parsed: Omit<ParsedInvoice, 'charges'>;
  charges: NormalizedCharge[];
  /** payable current-period charges: taxes, fees, credits and late fees included; info-only excluded */
  currentNanos: bigint;
  infoOnlyNanos: bigint;
  byKind: Record<ChargeKind, bigint>;
  serviceCount: number;
  stated: {
    totalDue: bigint | null;
    currentCharges: bigint | null;
    previousBalance: bigint | null;
    paymentsReceived: bigint | null;
    adjustments: bigint | null;
  };
  /** computed minus stated; null when the file states nothing to compare with */
  controlDifference: bigint | null;
  warnings: ParseIssue[];
  contentHash: string;
}

/** An amount the file states but that is not a number; the whole file is refused. */
export class AmountError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly segment?: number,
  ) {
    super(message);
  }
}

/** Amounts are stored as signed 64-bit nano counts (about ±9.2 billion units). */
const fitsInt64 = (n: bigint) => n <= 0x7fffffffffffffffn && n >= -0x7fffffffffffffffn;

function amount(
  text: string,
  what: string,
  warnings: ParseIssue[],
  where: { line?: number; segment?: number },
) {
  try {
    const { nanos, residue } = parseDecimal(text);
    if (!fitsInt64(nanos))
      throw new AmountError(`${what} ${text} is out of range`, where.line, where.segment);
    if (residue !== null) {
      warnings.push({
        severity: 'warning',
        code: 'amount_rounded',
        message: `${what} ${text} rounded to 9 decimals (residue ${residue})`,
        ...where,
      });
    }
    return nanos;
  } catch (err) {
    if (err instanceof MoneyParseError)
      throw new AmountError(`${what} is not an amount: ${err.message}`, where.line, where.segment);
    throw err;
  }
}

/** Turns a parsed invoice into exact money, reconciles it against what the file states, and fingerprints it. */
export function normalizeInvoice(inv: ParsedInvoice): NormalizedInvoice {
  const warnings: ParseIssue[] = [...inv.issues];
  const byKind = Object.fromEntries(CHARGE_KINDS.map((k) => [k, 0n])) as Record<ChargeKind, bigint>;
  let currentNanos = 0n;
  let infoOnlyNanos = 0n;
  const services = new Set<string>();
  const charges = inv.charges.map((c, i): NormalizedCharge => {
    const amountNanos = amount(c.amount, `charge ${i + 1} amount`, warnings, c.source);
    const serviceId = normalizeServiceId(c.serviceId, c.serviceType);
    if (c.infoOnly) infoOnlyNanos += amountNanos;
    else {
      currentNanos += amountNanos;
      byKind[c.kind] += amountNanos;
    }
    if (serviceId) services.add(serviceId);
    return {
      lineNo: i + 1,
      serviceId,
      serviceIdRaw: c.serviceId,
      serviceType: c.serviceType,
      kind: c.kind,
      description: c.description,
      productCode: c.productCode,
      quantity: c.quantity,
      unit: c.unit,
      unitRate: c.unitRate,
      amountNanos,
      periodStart: c.periodStart,
      periodEnd: c.periodEnd,
      infoOnly: c.infoOnly,
      sourceLine: c.source.line ?? null,
      sourceSegment: c.source.segment ?? null,
      sourceRef: c.source.ref ?? null,
      attributes: c.attributes && Object.keys(c.attributes).length > 0 ? c.attributes : null,
    };
  });
  const s = inv.stated;
  const opt = (v: string | null, what: string) => (v === null ? null : amount(v, what, warnings, inv.source));
  const stated = {
    totalDue: opt(s.totalDue, 'stated total due'),
    currentCharges: opt(s.currentCharges, 'stated current charges'),
    previousBalance: opt(s.previousBalance, 'stated previous balance'),
    paymentsReceived: opt(s.paymentsReceived, 'stated payments'),
    adjustments: opt(s.adjustments, 'stated adjustments'),
  };
  const controlDifference = reconcile(currentNanos, stated, warnings, inv.source);
  if (![currentNanos, infoOnlyNanos, controlDifference ?? 0n].every(fitsInt64))
    throw new AmountError('the invoice totals are out of range', inv.source.line, inv.source.segment);
  const { charges: _c, ...header } = inv;
  return {
    parsed: header,
    charges,
    currentNanos,
    infoOnlyNanos,
    byKind,
    serviceCount: services.size,
    stated,
    controlDifference,
    warnings,
    contentHash: fingerprint(inv, charges),
  };
}

/**
 * Control totals: the charges must add up to the stated current charges, and the stated balance
 * must roll forward (previous − payments + adjustments + current = total due). A difference is
 * recorded on the invoice as a warning, never silently absorbed.
 */
function reconcile(
  current: bigint,
  stated: NormalizedInvoice['stated'],
  warnings: ParseIssue[],
  where: { line?: number; segment?: number },
): bigint | null {
  let difference: bigint | null = null;
  if (stated.currentCharges !== null) {
    difference = current - stated.currentCharges;
    if (difference !== 0n) {
      warnings.push({
        severity: 'warning',
        code: 'control_total_mismatch',
        message: `charges sum to ${formatNanos(current)} but the invoice states current charges of ${formatNanos(stated.currentCharges)}`,
        ...where,
      });
    }
  }
  if (stated.totalDue !== null) {
    const carried =
      (stated.previousBalance ?? 0n) - (stated.paymentsReceived ?? 0n) + (stated.adjustments ?? 0n);
    const expected = carried + (stated.currentCharges ?? current);
    const rollDifference = expected - stated.totalDue;
    if (difference === null) difference = carried + current - stated.totalDue;
    if (rollDifference !== 0n) {
      warnings.push({
        severity: 'warning',
        code: 'balance_roll_forward',
        message: `previous balance, payments, adjustments and current charges give ${formatNanos(expected)} but the invoice states ${formatNanos(stated.totalDue)} due`,
        ...where,
      });
    }
  }
  return difference;
}

/** What makes two copies of an invoice "the same": its billed content, not where it sat in a file. */
function fingerprint(inv: ParsedInvoice, charges: NormalizedCharge[]): string {
  return sha256(
    canonicalJson({
      vendor: inv.vendorCode ?? inv.vendorName,
      account: inv.accountNumber,
      number: inv.invoiceNumber,
      date: inv.invoiceDate,
      due: inv.dueDate,
      period: [inv.periodStart, inv.periodEnd],
      currency: inv.currency,
      credit: inv.isCredit,
      stated: inv.stated,
      charges: charges.map((c) => [
        c.serviceId,
        c.kind,
        c.description,
        c.productCode,
        c.quantity,
        c.unit,
        c.unitRate,
        c.amountNanos,
        c.periodStart,
        c.periodEnd,
        c.infoOnly,
      ]),
    }),
  );
}
