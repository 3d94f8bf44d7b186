/**
 * Builds the ParsedInvoice of one transaction set from what the assembler collected: identity
 * (BIG), account, vendor, dates, stated figures, and the final sign of a credit memo.
 */
import type { ParsedCharge, ParsedInvoice } from '../canonical.ts';
import { isNegative, negate } from './decimal.ts';
import type { TransactionHeader } from './envelope.ts';
import type { CarrierProfile, StatedField } from './profiles.ts';
import type { Segment } from './tokenizer.ts';
import type { HlNode } from './tree.ts';
import { el, type IssueList, pickDate, toDate } from './values.ts';

export interface Party {
  entity: string;
  name: string;
  id: string;
}

export interface InvoiceState {
  profile: CarrierProfile;
  header: TransactionHeader;
  currency: string | null;
  defaultCurrency: string;
  issues: IssueList;
  charges: ParsedCharge[];
  nodes: Map<string, HlNode>;
  big: Segment | null;
  headingRefs: Map<string, string>;
  partyRefs: Map<string, string>;
  headingDates: Map<string, string>;
  parties: Party[];
  providerName: string | null;
  itdDue: string | null;
  itdDays: string | null;
  stated: ParsedInvoice['stated'];
  /** stated figures that belong to this document (TDS) and so change sign in a credit memo */
  signedStated: Set<StatedField>;
}

interface Candidate {
  value: string;
  rank: number;
}

function best(refs: Map<string, string>, qualifiers: string[]): Candidate | null {
  for (const [rank, q] of qualifiers.entries()) {
    const value = refs.get(q);
    if (value) return { value, rank };
  }
  return null;
}

/**
 * Account policy. One ST is one invoice; its account is the best heading REF (profile order,
 * 12 > 11 > 14 by default), else the billing-arrangement HL (HL03 role 'account').
 * - one HL account that differs from the heading: the better-ranked of the two is the account; a
 *   worse-ranked HL value is the sub-account, a worse-ranked heading value (a master account) is
 *   dropped;
 * - several HL accounts: heading account (else the first), no sub-account, a warning, and every
 *   charge keeps its own account in attributes.account.
 */
function accountOf(s: InvoiceState): { account: string; sub: string | null; hlAccounts: string[] } {
  const q = s.profile.accountRefQualifiers;
  const heading = best(s.headingRefs, q) ?? best(s.partyRefs, q);
  const found = new Map<string, number>();
  for (const node of s.nodes.values()) {
    if (node.role === 'account' && node.account && !found.has(node.account)) {
      found.set(node.account, node.accountRank);
    }
  }
  const hlAccounts = [...found.keys()];
  const first = hlAccounts[0];
  if (first === undefined || (hlAccounts.length > 1 && heading)) {
    return { account: heading?.value ?? '', sub: null, hlAccounts };
  }
  if (hlAccounts.length > 1 || !heading) return { account: first, sub: null, hlAccounts };
  if (heading.value === first) return { account: first, sub: null, hlAccounts };
  const rank = found.get(first) ?? q.length;
  return heading.rank <= rank
    ? { account: heading.value, sub: first, hlAccounts }
    : { account: first, sub: null, hlAccounts };
}

function addDays(date: string | null, days: string | null): string | null {
  if (!date || !days || !/^\d{1,4}$/.test(days)) return null;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + Number(days))).toISOString().slice(0, 10);
}

export function buildInvoice(s: InvoiceState): ParsedInvoice {
  const { profile: p, header, issues } = s;
  const st = header.st;
  const big = s.big;
  const error = (code: string, message: string) =>
    issues.add({ severity: 'error', code, message, line: st.line, segment: st.index });
  if (!big)
    error(
      'missing_big',
      `transaction set ${header.transactionControl} (segment ${st.index}) has no BIG segment`,
    );
  const invoiceNumber = big ? el(big, 2) : '';
  if (big && !invoiceNumber)
    error('missing_invoice_number', `BIG at segment ${big.index} has no invoice number (BIG02)`);
  const invoiceDate = big ? toDate(el(big, 1), big, issues) : null;
  const isCredit = big ? p.creditTransactionTypes.includes(el(big, 7)) : false;

  const { account, sub, hlAccounts } = accountOf(s);
  if (!account)
    error(
      'missing_account',
      `transaction set ${header.transactionControl} names no billing account (REF ${p.accountRefQualifiers.join('/')})`,
    );
  if (hlAccounts.length > 1) {
    const msg = `transaction set ${header.transactionControl} holds ${hlAccounts.length} billing accounts (${hlAccounts.slice(0, 5).join(', ')}); each charge keeps its own in attributes.account`;
    issues.warn('multiple_accounts', msg, st);
  }

  const vendor = p.vendorEntityCodes.map((code) => s.parties.find((x) => x.entity === code)).find((x) => x);
  const accountNode = [...s.nodes.values()].find((n) => n.role === 'account' && n.dates.size > 0);
  const dates = s.headingDates.size > 0 ? s.headingDates : (accountNode?.dates ?? s.headingDates);

  let negativeSeen = false;
  for (const charge of s.charges) {
    const attrs = charge.attributes ?? {};
    if (attrs.account === account) delete attrs.account;
    if (charge.serviceType === 'account' && charge.serviceId === null) {
      charge.serviceId = account || null;
      if (!account) charge.serviceType = null;
    }
    if (isCredit) {
      negativeSeen ||= isNegative(charge.amount);
      charge.amount = negate(charge.amount);
    }
  }
  const stated = { ...s.stated };
  if (isCredit) {
    for (const field of s.signedStated) {
      const value = stated[field];
      if (value !== null) stated[field] = negate(value);
    }
    if (negativeSeen) {
      const msg = `credit memo (BIG07 ${big ? el(big, 7) : ''}) already carries negative amounts; every amount was negated`;
      issues.warn('credit_memo_negative_amount', msg, big ?? st);
    }
  }

  return {
    vendorName: vendor?.name || s.providerName || null,
    vendorCode: vendor?.id || header.senderId || null,
    accountNumber: account,
    subAccountNumber: sub,
    invoiceNumber,
    invoiceDate,
    dueDate: s.itdDue ?? pickDate(s.headingDates, p.dueDateQualifiers) ?? addDays(invoiceDate, s.itdDays),
    periodStart: pickDate(dates, p.periodStartQualifiers),
    periodEnd: pickDate(dates, p.periodEndQualifiers) ?? pickDate(dates, p.periodStartQualifiers, true),
    currency: s.currency ?? s.defaultCurrency,
    isCredit,
    stated,
    charges: s.charges,
    issues: issues.list(),
    source: {
      segment: st.index,
      line: st.line,
      ref: `${header.interchangeControl ?? '-'}/${header.groupControl ?? '-'}/${header.transactionControl}`,
    },
  };
}
