/**
 * UBL lines, document-level allowances/charges and tax subtotals → ParsedCharge. Amounts carry the
 * document's sign (negated on a credit note, see map.ts).
 */
import Decimal from 'decimal.js';
import { type ChargeKind, FormatError, type ParsedCharge, type ParseIssue } from '../canonical.ts';
import { decimal, isoDate, lineKind, negate, unitRate } from './values.ts';
import { attr, child, children, text } from './xml.ts';

export interface MapContext {
  fileName: string;
  /** 1-based line of an element object, from the parser's position metadata */
  lineOf: (node: unknown) => number | undefined;
}

export interface Doc {
  ctx: MapContext;
  credit: boolean;
  currency: string;
  taxCurrency: string | null;
  period: { start: string | null; end: string | null };
  accountingCost: string | null;
  issues: ParseIssue[];
}

const signed = (doc: Doc, s: string) => (doc.credit ? negate(s) : s);

/** An amount element: its value (sign of the document applied) and currencyID. */
export function money(doc: Doc, node: unknown, what: string, line?: number): string | null {
  const raw = text(node);
  if (raw === null) return null;
  const value = decimal(raw, what, doc.ctx.fileName, line);
  const cur = attr(node, 'currencyID');
  if (cur && cur !== doc.currency) {
    doc.issues.push({
      severity: 'error',
      code: 'currency_mismatch',
      message: `${what} is in ${cur}, the document currency is ${doc.currency}`,
      line,
    });
  }
  return signed(doc, value);
}

export function required(doc: Doc, node: unknown, what: string, line?: number): string {
  const v = money(doc, node, what, line);
  if (v === null) {
    throw new FormatError(
      'missing_field',
      `${doc.ctx.fileName}: ${line ? `line ${line}: ` : ''}${what} is missing`,
      line,
    );
  }
  return v;
}

function compact(attrs: Record<string, string | null>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== null) out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

type ChargeInput = Omit<Partial<ParsedCharge>, 'attributes'> &
  Pick<ParsedCharge, 'kind' | 'amount' | 'source'> & { attributes?: Record<string, string | null> };

function charge(doc: Doc, c: ChargeInput): ParsedCharge {
  const creditedKind = doc.credit && c.kind !== 'tax' ? c.kind : null;
  return {
    serviceId: null,
    serviceType: null,
    description: null,
    productCode: null,
    quantity: null,
    unit: null,
    unitRate: null,
    periodStart: doc.period.start,
    periodEnd: doc.period.end,
    infoOnly: false,
    ...c,
    kind: creditedKind ? 'credit_adjustment' : c.kind,
    attributes: compact({ ...c.attributes, creditedKind }),
  };
}

export function lineCharge(doc: Doc, line: unknown, index: number, isCreditNote: boolean): ParsedCharge {
  const at = doc.ctx.lineOf(line);
  const id = text(line, 'ID');
  const what = `line ${id ?? index + 1}`;
  const qtyNode = child(line, isCreditNote ? 'CreditedQuantity' : 'InvoicedQuantity');
  const qty = text(qtyNode);
  const start = isoDate(
    text(line, 'InvoicePeriod', 'StartDate'),
    `${what} period start`,
    doc.ctx.fileName,
    at,
  );
  const end = isoDate(text(line, 'InvoicePeriod', 'EndDate'), `${what} period end`, doc.ctx.fileName, at);
  const periodStart = start ?? doc.period.start;
  const periodEnd = end ?? doc.period.end;
  const price = text(line, 'Price', 'PriceAmount');
  const base = text(line, 'Price', 'BaseQuantity');
  const priceValue = price === null ? null : decimal(price, `${what} price`, doc.ctx.fileName, at);
  const baseValue = base === null ? null : decimal(base, `${what} base quantity`, doc.ctx.fileName, at);
  const lineAc = sumAllowanceCharges(doc, children(line, 'AllowanceCharge'), what, at);
  const name = text(line, 'Item', 'Name') ?? text(line, 'Item', 'Description');
  return charge(doc, {
    kind: lineKind(attr(qtyNode, 'unitCode'), name, !!(periodStart || periodEnd)),
    amount: required(doc, child(line, 'LineExtensionAmount'), `${what} LineExtensionAmount`, at),
    description: name,
    productCode:
      text(line, 'Item', 'SellersItemIdentification', 'ID') ??
      text(line, 'Item', 'StandardItemIdentification', 'ID'),
    quantity: qty === null ? null : signed(doc, decimal(qty, `${what} quantity`, doc.ctx.fileName, at)),
    unit: attr(qtyNode, 'unitCode'),
    unitRate: priceValue === null ? null : unitRate(priceValue, baseValue),
    periodStart,
    periodEnd,
    source: {
      line: at,
      ref: `/${isCreditNote ? 'CreditNote/CreditNoteLine' : 'Invoice/InvoiceLine'}[${index + 1}]`,
    },
    attributes: {
      lineId: id,
      accountingCost: text(line, 'AccountingCost') ?? doc.accountingCost,
      note: text(line, 'Note'),
      orderLineId: text(line, 'OrderLineReference', 'LineID'),
      itemDescription: text(line, 'Item', 'Name') ? text(line, 'Item', 'Description') : null,
      taxCategory: text(line, 'Item', 'ClassifiedTaxCategory', 'ID'),
      taxPercent: text(line, 'Item', 'ClassifiedTaxCategory', 'Percent'),
      priceAmount: baseValue !== null ? priceValue : null,
      baseQuantity: baseValue,
      lineAllowances: lineAc.allowances,
      lineCharges: lineAc.charges,
    },
  });
}

/** Line-level allowances/charges are already inside LineExtensionAmount; kept as information. */
function sumAllowanceCharges(doc: Doc, acs: unknown[], what: string, line?: number) {
  let allowances: Decimal | null = null;
  let charges: Decimal | null = null;
  for (const ac of acs) {
    const raw = text(ac, 'Amount');
    if (raw === null) continue;
    const v = new Decimal(decimal(raw, `${what} allowance/charge`, doc.ctx.fileName, line));
    if (text(ac, 'ChargeIndicator') === 'true') charges = (charges ?? new Decimal(0)).plus(v);
    else allowances = (allowances ?? new Decimal(0)).plus(v);
  }
  return { allowances: allowances?.toFixed() ?? null, charges: charges?.toFixed() ?? null };
}

export function documentAllowanceCharge(doc: Doc, ac: unknown, index: number, root: string): ParsedCharge {
  const at = doc.ctx.lineOf(ac);
  const indicator = text(ac, 'ChargeIndicator');
  if (indicator !== 'true' && indicator !== 'false') {
    throw new FormatError(
      'bad_value',
      `${doc.ctx.fileName}: line ${at}: ChargeIndicator must be true or false`,
      at,
    );
  }
  const isCharge = indicator === 'true';
  const amount = required(
    doc,
    child(ac, 'Amount'),
    `document ${isCharge ? 'charge' : 'allowance'} amount`,
    at,
  );
  const kind: ChargeKind = isCharge ? 'surcharge_fee' : 'credit_adjustment';
  return charge(doc, {
    kind,
    amount: isCharge ? amount : negate(amount),
    description: text(ac, 'AllowanceChargeReason') ?? text(ac, 'AllowanceChargeReasonCode'),
    productCode: text(ac, 'AllowanceChargeReasonCode'),
    source: { line: at, ref: `/${root}/AllowanceCharge[${index + 1}]` },
    attributes: {
      baseAmount: text(ac, 'BaseAmount'),
      multiplier: text(ac, 'MultiplierFactorNumeric'),
      taxCategory: text(ac, 'TaxCategory', 'ID'),
      taxPercent: text(ac, 'TaxCategory', 'Percent'),
      accountingCost: doc.accountingCost,
    },
  });
}

/**
 * One 'tax' charge per TaxSubtotal of the TaxTotal in the document currency. A second TaxTotal
 * in TaxCurrencyCode (EN 16931 BT-111, VAT in accounting currency) repeats the same tax and is
 * skipped; a TaxTotal in any other currency is reported.
 */
export function taxCharges(doc: Doc, root: string, totals: unknown[]): ParsedCharge[] {
  const out: ParsedCharge[] = [];
  totals.forEach((total, t) => {
    const cur = attr(total, 'currencyID', 'TaxAmount');
    if (cur && cur !== doc.currency) {
      if (cur === doc.taxCurrency) return;
      doc.issues.push({
        severity: 'error',
        code: 'currency_mismatch',
        message: `TaxTotal ${t + 1} is in ${cur}`,
        line: doc.ctx.lineOf(total),
      });
      return;
    }
    const subs = children(total, 'TaxSubtotal');
    if (subs.length === 0) {
      const amount = required(doc, child(total, 'TaxAmount'), 'TaxTotal TaxAmount', doc.ctx.lineOf(total));
      out.push(
        charge(doc, {
          kind: 'tax',
          amount,
          description: 'Tax',
          source: { line: doc.ctx.lineOf(total), ref: `/${root}/TaxTotal[${t + 1}]` },
        }),
      );
      return;
    }
    let sum = new Decimal(0);
    subs.forEach((sub, s) => {
      const at = doc.ctx.lineOf(sub);
      const amount = required(doc, child(sub, 'TaxAmount'), 'TaxSubtotal TaxAmount', at);
      sum = sum.plus(amount);
      const category = text(sub, 'TaxCategory', 'ID');
      const percent = text(sub, 'TaxCategory', 'Percent');
      const scheme = text(sub, 'TaxCategory', 'TaxScheme', 'ID') ?? 'Tax';
      out.push(
        charge(doc, {
          kind: 'tax',
          amount,
          description: [scheme, category, percent !== null ? `${percent}%` : null].filter(Boolean).join(' '),
          productCode: category,
          source: { line: at, ref: `/${root}/TaxTotal[${t + 1}]/TaxSubtotal[${s + 1}]` },
          attributes: {
            taxScheme: text(sub, 'TaxCategory', 'TaxScheme', 'ID'),
            taxCategory: category,
            taxPercent: percent,
            taxableAmount: text(sub, 'TaxableAmount'),
            exemptionReason:
              text(sub, 'TaxCategory', 'TaxExemptionReason') ??
              text(sub, 'TaxCategory', 'TaxExemptionReasonCode'),
          },
        }),
      );
    });
    const stated = money(doc, child(total, 'TaxAmount'), 'TaxTotal TaxAmount');
    if (stated !== null && !sum.eq(stated)) {
      doc.issues.push({
        severity: 'warning',
        code: 'tax_subtotal_mismatch',
        message: `tax subtotals add up to ${sum.toFixed()} but TaxTotal states ${stated}`,
        line: doc.ctx.lineOf(total),
      });
    }
  });
  return out;
}
