/**
 * The charge side of a FOCUS row: the kind mapping, the service identifier, and the compact
 * tuple a charge is stored as until its invoice is complete.
 */
import type { ChargeKind, ParsedCharge } from '../canonical.ts';

type Packed = [
  number,
  string | null,
  ParsedCharge['serviceType'],
  ChargeKind,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
  string | null,
  string | null,
  (number | string)[],
];

/**
 * Repeated short values (units, regions, dates, enum values) are shared within one invoice: the
 * whole invoice is in memory at once and this cuts it by about a fifth.
 */
export class StringPool {
  private readonly map = new Map<string, string>();
  share<T extends string | null>(v: T): T {
    if (v === null || v.length > 48) return v;
    const s = this.map.get(v);
    if (s !== undefined) return s as T;
    if (this.map.size < 100_000) this.map.set(v, v);
    return v;
  }
}

/** `names` are the file's column names (Header.columns[].name), which the attributes refer to. */
export function unpackCharge(
  packed: string,
  names: readonly string[],
  pool = new StringPool(),
): ParsedCharge {
  const [
    line,
    serviceId,
    serviceType,
    kind,
    description,
    productCode,
    quantity,
    unit,
    unitRate,
    amount,
    ps,
    pe,
    a,
  ] = JSON.parse(packed) as Packed;
  const entries: [string, string][] = [];
  for (let i = 0; i + 1 < a.length; i += 2)
    entries.push([names[a[i] as number] ?? '', pool.share(String(a[i + 1]))]);
  return {
    serviceId: pool.share(serviceId),
    serviceType: pool.share(serviceType),
    kind: pool.share(kind),
    description: pool.share(description),
    productCode: pool.share(productCode),
    quantity: pool.share(quantity),
    unit: pool.share(unit),
    unitRate: pool.share(unitRate),
    amount,
    periodStart: pool.share(ps),
    periodEnd: pool.share(pe),
    infoOnly: false,
    source: { line },
    // fromEntries defines own properties, so a column named __proto__ stays a plain key (and
    // it builds far smaller objects than assigning keys one by one)
    attributes: Object.fromEntries(entries),
  };
}

/**
 * ChargeCategory/ChargeFrequency/ChargeClass → canonical kind.
 * Tax → tax (corrections too, so tax stays reconcilable); any other Correction, Credit and
 * Adjustment → credit_adjustment; Usage → usage; Purchase + One-Time → one_time, + Recurring →
 * recurring, + Usage-Based → usage. Anything else is usage with a warning.
 */
export function chargeKind(
  category: string | null,
  frequency: string | null,
  chargeClass: string | null,
): { kind: ChargeKind; warning?: string } {
  if (category === 'Tax') return { kind: 'tax' };
  if (chargeClass === 'Correction' || category === 'Credit' || category === 'Adjustment') {
    return { kind: 'credit_adjustment' };
  }
  if (category === 'Usage') return { kind: 'usage' };
  if (category === 'Purchase') {
    if (frequency === 'One-Time') return { kind: 'one_time' };
    if (frequency === 'Recurring') return { kind: 'recurring' };
    if (frequency === 'Usage-Based') return { kind: 'usage' };
    const what =
      frequency === null ? 'without a ChargeFrequency' : `with ChargeFrequency "${clip(frequency)}"`;
    return { kind: 'usage', warning: `Purchase ${what}; read as usage` };
  }
  const what =
    category === null ? 'ChargeCategory is empty' : `ChargeCategory "${clip(category)}" is unknown`;
  return { kind: 'usage', warning: `${what}; read as usage` };
}

/**
 * What TEM inventory would hold: the resource when there is one, else the cloud account it ran
 * in, else (SaaS rows name neither) the licence SKU.
 */
export function serviceOf(
  resourceId: string | undefined,
  subAccountId: string | undefined,
  skuId: string | undefined,
): { id: string | null; type: ParsedCharge['serviceType'] } {
  if (resourceId !== undefined) return { id: resourceId, type: 'cloud_resource' };
  if (subAccountId !== undefined) return { id: subAccountId, type: 'account' };
  if (skuId !== undefined) return { id: skuId, type: 'subscription' };
  return { id: null, type: null };
}

export function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
