/**
 * Charge lines of the 811 detail: one open line per loop (IT1, SLN, ITA, TXI, USD, TCD, AMT)
 * collects the segments that follow it, then turns into one ParsedCharge plus the charges of its
 * sub-lines (taxes and allowances inside its loop), which inherit its service and period.
 */
import type { ChargeKind, ParsedCharge } from '../canonical.ts';
import { compare, isNegative, multiply, negate } from './decimal.ts';
import type { CarrierProfile, ServiceType } from './profiles.ts';
import type { Segment } from './tokenizer.ts';
import { type FromTree, fromTree, type HlNode } from './tree.ts';
import { type IssueList, pickDate } from './values.ts';

export type LineType = 'IT1' | 'SLN' | 'ITA' | 'TXI' | 'USD' | 'TCD' | 'AMT';

export interface Line {
  type: LineType;
  seg: Segment;
  node: HlNode | null;
  /** unsigned amount as read (ITA07, TXI02, USD08, TCD12, AMT02); the sign is applied at the end */
  amount: string | null;
  /** amount from an AMT inside an IT1/SLN loop */
  lineAmount: string | null;
  negative: boolean;
  quantity: string | null;
  unit: string | null;
  unitRate: string | null;
  description: string | null;
  productCode: string | null;
  serviceId: string | null;
  serviceType: ServiceType | null;
  dates: Map<string, string>;
  infoOnly: boolean;
  /** kind fixed by a code table when the line was opened */
  kind: ChargeKind | null;
  describedByTxi: boolean;
  attributes: Record<string, string>;
  subs: Line[];
}

export function newLine(type: LineType, seg: Segment, node: HlNode | null): Line {
  return {
    type,
    seg,
    node,
    amount: null,
    lineAmount: null,
    negative: false,
    quantity: null,
    unit: null,
    unitRate: null,
    description: null,
    productCode: null,
    serviceId: null,
    serviceType: null,
    dates: new Map(),
    infoOnly: false,
    kind: null,
    describedByTxi: false,
    attributes: {},
    subs: [],
  };
}

function byDescription(text: string | null, profile: CarrierProfile): ChargeKind | null {
  if (!text) return null;
  const upper = text.toUpperCase();
  return profile.descriptionRules.find((r) => upper.includes(r.contains))?.kind ?? null;
}

function kindOf(
  line: Line,
  amount: string,
  description: string | null,
  from: FromTree,
  profile: CarrierProfile,
): ChargeKind {
  if (line.kind) return line.kind;
  const product = line.productCode ? profile.productKinds[line.productCode] : undefined;
  if (product) return product;
  const section = from.sectionKind;
  const text = byDescription(description, profile);
  switch (line.type) {
    case 'ITA':
      if (line.negative) return 'credit_adjustment';
      if (line.describedByTxi) return 'tax';
      return text ?? section ?? profile.defaultItaKind;
    case 'USD':
    case 'TCD':
      return 'usage';
    case 'TXI':
      return 'tax';
    default: {
      if (text) return text;
      if (line.unit && profile.usageUnits.includes(line.unit)) return 'usage';
      if (isNegative(amount)) return 'credit_adjustment';
      return section ?? 'recurring';
    }
  }
}

/** The line's amount before the credit sign: explicit amount, or quantity × unit price. */
function amountOf(line: Line, issues: IssueList): string | null {
  const computed = line.unitRate ? multiply(line.quantity ?? '1', line.unitRate) : null;
  if (line.type === 'IT1' || line.type === 'SLN') {
    if (line.lineAmount && computed && compare(line.lineAmount, computed) !== 0) {
      const msg = `${line.seg.id} at segment ${line.seg.index}: AMT ${line.lineAmount} differs from quantity × unit price ${computed}; AMT is used`;
      issues.warn('line_amount_mismatch', msg, line.seg);
    }
    return line.lineAmount ?? computed;
  }
  return line.amount ?? (line.type === 'ITA' || line.type === 'USD' ? computed : null);
}

/** What a sub-line (a tax or allowance inside a loop) takes from the line that owns it. */
export interface FromOwner {
  serviceId: string | null;
  serviceType: ServiceType | null;
  start: string | null;
  end: string | null;
  infoOnly: boolean;
}

/** Where the service of a line comes from: the line, its HL ancestors, or the account above them. */
function serviceOf(line: Line, from: FromTree): { id: string | null; type: ServiceType | null } {
  if (line.serviceId) return { id: line.serviceId, type: line.serviceType };
  if (from.serviceId) return { id: from.serviceId, type: from.serviceType };
  return { id: from.account, type: 'account' };
}

/** Turns a closed line (and its sub-lines) into charges, appended to `out`. */
export function finishLine(
  line: Line,
  profile: CarrierProfile,
  issues: IssueList,
  out: ParsedCharge[],
  inherited: FromOwner | null = null,
): void {
  const raw = amountOf(line, issues);
  const from = fromTree(line.node);
  const service = serviceOf(line, from);
  const nodeDates = from.dates ?? new Map<string, string>();
  const own = (end: boolean) =>
    end
      ? (pickDate(line.dates, profile.periodEndQualifiers) ??
        pickDate(line.dates, profile.periodStartQualifiers, true))
      : pickDate(line.dates, profile.periodStartQualifiers);
  const nodeDate = (end: boolean) =>
    end
      ? (pickDate(nodeDates, profile.periodEndQualifiers) ??
        pickDate(nodeDates, profile.periodStartQualifiers, true))
      : pickDate(nodeDates, profile.periodStartQualifiers);
  const here: FromOwner = {
    serviceId: inherited && !line.serviceId ? inherited.serviceId : service.id,
    serviceType: inherited && !line.serviceId ? inherited.serviceType : service.type,
    start: own(false) ?? inherited?.start ?? nodeDate(false),
    end: own(true) ?? inherited?.end ?? nodeDate(true),
    infoOnly: line.infoOnly || (inherited?.infoOnly ?? false),
  };
  if (raw === null) {
    if (line.type !== 'TXI') {
      issues.warn(
        'no_amount',
        `${line.seg.id} at segment ${line.seg.index} carries no amount; no charge made`,
        line.seg,
      );
    }
  } else {
    const amount = line.negative ? negate(raw) : raw;
    const attributes: Record<string, string> = { x12Segment: line.seg.id, ...line.attributes };
    if (line.node) attributes.hlLevel = line.node.level;
    if (from.section) attributes.section = from.section;
    if (from.account) attributes.account = from.account;
    const description = line.description ?? from.description;
    out.push({
      serviceId: here.serviceId,
      serviceType: here.serviceType,
      kind: kindOf(line, amount, description, from, profile),
      description,
      productCode: line.productCode ?? line.node?.productCode ?? null,
      quantity: line.quantity,
      unit: line.unit,
      unitRate: line.unitRate,
      amount,
      periodStart: here.start,
      periodEnd: here.end,
      infoOnly: here.infoOnly,
      source: { segment: line.seg.index, line: line.seg.line, ref: line.node?.path ?? 'invoice' },
      attributes,
    });
  }
  for (const sub of line.subs) finishLine(sub, profile, issues, out, here);
}
