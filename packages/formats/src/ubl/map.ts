/**
 * UBL 2.1 / Peppol BIS 3 Invoice or CreditNote tree → ParsedInvoice.
 *
 * Sign convention: a CreditNote states positive amounts that mean "owed to the buyer", so every
 * amount of a credit note (charges, stated totals, quantities) is negated here: its charges are
 * negative and add up to a negative total due, exactly like a credit on a telecom bill.
 *
 * Kinds: lines by values.ts lineKind; document-level allowances are
 * 'credit_adjustment' (negative), document-level charges 'surcharge_fee', tax subtotals 'tax'.
 * On a credit note every non-tax charge is 'credit_adjustment'; the kind the line would have had
 * on an invoice is kept in attributes.creditedKind.
 */
import { FormatError, type ParsedInvoice } from '../canonical.ts';
import {
  type Doc,
  documentAllowanceCharge,
  lineCharge,
  type MapContext,
  money,
  taxCharges,
} from './charges.ts';
import { isoDate } from './values.ts';
import { attr, child, children, text } from './xml.ts';

export type { MapContext };

function party(p: unknown): unknown {
  return child(p, 'Party');
}

function endpoint(node: unknown): string | null {
  const id = text(node, 'EndpointID');
  const scheme = attr(node, 'schemeID', 'EndpointID');
  return id && scheme ? `${scheme}:${id}` : id;
}

export function mapDocument(root: 'Invoice' | 'CreditNote', d: unknown, ctx: MapContext): ParsedInvoice {
  const isCreditNote = root === 'CreditNote';
  const rootLine = ctx.lineOf(d) ?? 1;
  const fail = (what: string): never => {
    throw new FormatError('missing_field', `${ctx.fileName}: ${root} has no ${what}`, rootLine);
  };
  const day = (raw: string | null, what: string) => isoDate(raw, what, ctx.fileName, rootLine);
  const payable = child(d, 'LegalMonetaryTotal', 'PayableAmount');
  const currency =
    text(d, 'DocumentCurrencyCode') ?? attr(payable, 'currencyID') ?? fail('DocumentCurrencyCode');
  const doc: Doc = {
    ctx,
    credit: isCreditNote,
    currency,
    taxCurrency: text(d, 'TaxCurrencyCode'),
    period: {
      start: day(text(d, 'InvoicePeriod', 'StartDate'), 'period start'),
      end: day(text(d, 'InvoicePeriod', 'EndDate'), 'period end'),
    },
    accountingCost: text(d, 'AccountingCost'),
    issues: [],
  };
  const supplier = party(child(d, 'AccountingSupplierParty'));
  const customer = party(child(d, 'AccountingCustomerParty'));
  const accountNumber =
    text(customer, 'PartyIdentification', 'ID') ??
    text(d, 'BuyerReference') ??
    text(customer, 'EndpointID') ??
    fail('buyer identifier (AccountingCustomerParty PartyIdentification/ID, BuyerReference or EndpointID)');
  const lines = children(d, isCreditNote ? 'CreditNoteLine' : 'InvoiceLine');
  if (lines.length === 0) fail(isCreditNote ? 'CreditNoteLine' : 'InvoiceLine');
  const charges = [
    ...lines.map((l, i) => lineCharge(doc, l, i, isCreditNote)),
    ...children(d, 'AllowanceCharge').map((ac, i) => documentAllowanceCharge(doc, ac, i, root)),
    ...taxCharges(doc, root, children(d, 'TaxTotal')),
  ];
  const totals = child(d, 'LegalMonetaryTotal');
  const totalsLine = ctx.lineOf(totals);
  return {
    vendorName: text(supplier, 'PartyName', 'Name') ?? text(supplier, 'PartyLegalEntity', 'RegistrationName'),
    vendorCode:
      endpoint(supplier) ??
      text(supplier, 'PartyLegalEntity', 'CompanyID') ??
      text(supplier, 'PartyTaxScheme', 'CompanyID'),
    accountNumber,
    subAccountNumber: null,
    invoiceNumber: text(d, 'ID') ?? fail('cbc:ID (document number)'),
    invoiceDate: day(text(d, 'IssueDate'), 'IssueDate'),
    dueDate: day(text(d, 'DueDate') ?? text(d, 'PaymentMeans', 'PaymentDueDate'), 'due date'),
    periodStart: doc.period.start,
    periodEnd: doc.period.end,
    currency,
    isCredit: isCreditNote,
    stated: {
      totalDue: money(doc, child(totals, 'PayableAmount'), 'PayableAmount', totalsLine),
      currentCharges: money(doc, child(totals, 'TaxInclusiveAmount'), 'TaxInclusiveAmount', totalsLine),
      previousBalance: null,
      paymentsReceived: money(doc, child(totals, 'PrepaidAmount'), 'PrepaidAmount', totalsLine),
      // rounding is what turns TaxInclusive − Prepaid into Payable; it rolls forward like an adjustment
      adjustments: money(doc, child(totals, 'PayableRoundingAmount'), 'PayableRoundingAmount', totalsLine),
    },
    charges,
    issues: doc.issues,
    source: { line: rootLine, ref: `/${root}` },
  };
}
