/**
 * TMF678 CustomerBill / AppliedCustomerBillingRate → ParsedInvoice.
 *
 * Amounts keep the sign the API gives (TMF678 defines no credit-note sign convention; a bill whose
 * category mentions "credit" is flagged isCredit but not negated). Each rate becomes one charge of
 * its taxExcludedAmount plus one 'tax' charge per appliedTax, so a bill's charges add up to its
 * taxIncludedAmount. The rate's product id is the service id (the product instance billed).
 */
import Decimal from 'decimal.js';
import { FormatError, type ParsedInvoice } from '../canonical.ts';
import { amount, type Ctx, type RateItem, rateCharges, taxCharge } from './charges.ts';
import type { Bill, Money } from './schema.ts';
import { tmfDate } from './values.ts';

export type { RateItem };

function currencyOf(
  fileName: string,
  where: string,
  monies: (Money | null | undefined)[],
  line?: number,
): string {
  const unit = monies.find((m) => m?.unit)?.unit;
  if (!unit)
    throw new FormatError('missing_currency', `${fileName}: ${where} states no currency (Money.unit)`, line);
  return unit;
}

const ISSUER = /issuer|seller|biller|provider|supplier|vendor/i;

export function billInvoice(
  fileName: string,
  bill: Bill,
  line: number | undefined,
  ref: string,
  attached: RateItem[],
  embeddedLines: number[],
): ParsedInvoice {
  const embedded = (bill.appliedCustomerBillingRate ?? []).map((rate, i) => ({
    rate,
    line: embeddedLines[i],
    ref: `${ref}/appliedCustomerBillingRate/${i}`,
  }));
  const rates = [...embedded, ...attached];
  const monies = [
    bill.amountDue,
    bill.taxIncludedAmount,
    bill.taxExcludedAmount,
    bill.remainingAmount,
    ...rates.map((r) => r.rate.taxExcludedAmount),
  ];
  const ctx: Ctx = { fileName, currency: currencyOf(fileName, ref, monies, line), issues: [] };
  const account = bill.billingAccount?.id;
  if (!account)
    throw new FormatError(
      'missing_account',
      `${fileName}: ${ref}: customerBill has no billingAccount.id`,
      line,
    );
  const invoiceNumber = bill.billNo ?? bill.id;
  if (!invoiceNumber)
    throw new FormatError(
      'missing_field',
      `${fileName}: ${ref}: customerBill has neither billNo nor id`,
      line,
    );
  const periodStart = tmfDate(bill.billingPeriod?.startDateTime, 'billingPeriod start', fileName, line);
  const period = {
    periodStart,
    periodEnd: tmfDate(bill.billingPeriod?.endDateTime, 'billingPeriod end', fileName, line, {
      start: periodStart,
    }),
  };
  const excluded = amount(ctx, bill.taxExcludedAmount, 'taxExcludedAmount', line);
  const included = amount(ctx, bill.taxIncludedAmount, 'taxIncludedAmount', line);
  const charges = rates.flatMap((r) => rateCharges(ctx, r));
  const billTaxes = () =>
    (bill.taxItem ?? []).map((t, i) => taxCharge(ctx, t, period, null, `${ref}/taxItem/${i}`, line));
  if (rates.length === 0) {
    // a bill without rate detail: one summary charge, so the charges still add up to the bill
    const taxes = billTaxes();
    const rest =
      excluded ??
      (included === null ? null : taxes.reduce((s, t) => s.minus(t.amount), new Decimal(included)).toFixed());
    if (rest !== null) {
      charges.push({
        serviceId: null,
        serviceType: 'account',
        kind: 'recurring',
        description: 'Bill charges excluding tax (no line detail in the file)',
        productCode: null,
        quantity: null,
        unit: null,
        unitRate: null,
        amount: rest,
        ...period,
        infoOnly: false,
        source: { line, ref: `${ref}/taxExcludedAmount` },
        attributes: { summary: 'true' },
      });
    }
    charges.push(...taxes);
    ctx.issues.push({
      severity: 'warning',
      code: 'summary_only',
      message: 'the bill carries no appliedCustomerBillingRate lines; charges are its stated totals',
      line,
    });
  } else {
    if (!charges.some((c) => c.kind === 'tax')) charges.push(...billTaxes());
    const net = charges.filter((c) => c.kind !== 'tax').reduce((s, c) => s.plus(c.amount), new Decimal(0));
    if (excluded !== null && !net.eq(excluded)) {
      ctx.issues.push({
        severity: 'warning',
        code: 'tax_excluded_mismatch',
        message: `rates add up to ${net.toFixed()} before tax but the bill states ${excluded}`,
        line,
      });
    }
  }
  const issuer = (bill.relatedParty ?? []).find((p) => p.role && ISSUER.test(p.role));
  return {
    vendorName: issuer?.name ?? null,
    vendorCode: issuer?.id ?? null,
    accountNumber: account,
    subAccountNumber: null,
    invoiceNumber,
    invoiceDate: tmfDate(bill.billDate, 'billDate', fileName, line),
    dueDate: tmfDate(bill.paymentDueDate, 'paymentDueDate', fileName, line),
    ...period,
    currency: ctx.currency,
    isCredit: /credit/i.test(bill.category ?? ''),
    stated: {
      totalDue:
        amount(ctx, bill.amountDue, 'amountDue', line) ??
        amount(ctx, bill.remainingAmount, 'remainingAmount', line),
      currentCharges: included,
      previousBalance: null,
      paymentsReceived: null,
      adjustments: null,
    },
    charges,
    issues: ctx.issues,
    source: { line, ...(ref ? { ref } : {}) },
  };
}

/** Rates of one bill that is not itself in the file: the header (dates, totals) is unknown. */
export function ratesInvoice(fileName: string, billId: string, items: RateItem[]): ParsedInvoice {
  const first = items[0] as RateItem;
  const accounts = new Set(items.map((i) => i.rate.billingAccount?.id));
  for (const item of items) {
    if (!item.rate.billingAccount?.id) {
      throw new FormatError(
        'missing_account',
        `${fileName}: ${item.ref}: appliedCustomerBillingRate has no billingAccount.id`,
        item.line,
      );
    }
  }
  if (accounts.size > 1) {
    throw new FormatError(
      'inconsistent_account',
      `${fileName}: rates of bill ${billId} name different billing accounts: ${[...accounts].join(', ')}`,
      first.line,
    );
  }
  const monies = items.flatMap((i) => [i.rate.taxExcludedAmount, i.rate.taxIncludedAmount]);
  const ctx: Ctx = { fileName, currency: currencyOf(fileName, first.ref, monies, first.line), issues: [] };
  const charges = items.flatMap((i) => rateCharges(ctx, i));
  ctx.issues.push({
    severity: 'warning',
    code: 'rates_only',
    message: `bill ${billId} is known only from its appliedCustomerBillingRate records (no dates or totals in the file)`,
    line: first.line,
  });
  return {
    vendorName: null,
    vendorCode: null,
    accountNumber: first.rate.billingAccount?.id as string,
    subAccountNumber: null,
    invoiceNumber: billId,
    invoiceDate: null,
    dueDate: null,
    periodStart: null,
    periodEnd: null,
    currency: ctx.currency,
    isCredit: false,
    stated: {
      totalDue: null,
      currentCharges: null,
      previousBalance: null,
      paymentsReceived: null,
      adjustments: null,
    },
    charges,
    issues: ctx.issues,
    source: { line: first.line, ref: first.ref },
  };
}
