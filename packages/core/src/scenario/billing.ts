import { addDays, dayOf, monthEnd } from './calendar.ts';
import { ACTIVATION_CODE, huntItem, itemOf, itemPrice } from './catalog.ts';
import type { Unknown } from './inventory.ts';
import {
  type Acct,
  type ChargeKind,
  type Invoice,
  isTaxable,
  type Line,
  lineTotal,
  type Mark,
  orderedLines,
  type Section,
  type Svc,
} from './model.ts';

/** Monthly invoices: the clean lines each billed service produces, then taxes, totals and line numbers. */

/** Surcharge an 811 carrier adds to every recurring line, in percent (part of the tax share). */
export const FEE_PERCENT = 3;

export function line(
  identifier: string | null,
  kind: ChargeKind,
  section: Section,
  description: string,
  code: string | null,
  amount: number,
  opts: Partial<Pick<Line, 'quantity' | 'unit' | 'unitCents' | 'marks' | 'idKind'>> = {},
): Line {
  return {
    identifier,
    idKind: opts.idKind ?? null,
    kind,
    section,
    description,
    code,
    quantity: opts.quantity ?? 1,
    unit: opts.unit ?? 'EA',
    unitCents: opts.unitCents ?? null,
    cents: amount,
    marks: opts.marks ?? [],
    subs: [],
    lineNo: 0,
  };
}

const idKindOf = (s: Svc) => (s.row.serviceType === 'data_circuit' ? 'circuit' : 'phone');

export function invoiceNumber(acct: Acct, month: string) {
  const digits = acct.row.accountNumber.replace(/\D/g, '').slice(-6);
  const ym = month.replace('-', '');
  return acct.spec.vendor.code === 'NSTL' ? `NS${digits}-${ym}` : `${acct.spec.vendor.code}-${digits}-${ym}`;
}

export function skeletons(accounts: Acct[], months: string[]) {
  for (const acct of accounts) {
    acct.invoices = months.map((month, index) => {
      if (index > acct.last) return null;
      const date = dayOf(month, acct.row.expectedInvoiceDay ?? 1);
      const inv: Invoice = {
        account: acct,
        index,
        month,
        number: invoiceNumber(acct, month),
        date,
        due: addDays(date, 25),
        lines: [],
        memos: [],
        marks: [],
        taxPercent: acct.taxPercent,
        feePercent: acct.spec.format === 'x12-811' ? FEE_PERCENT : 0,
        reserved: false,
        big: false,
        unassigned: false,
        load: 0,
        cap: 0,
        statedDelta: { current: 0, previous: 0 },
        stated: null,
        copyDate: null,
        correction: null,
      };
      return inv;
    });
  }
}

/** Usage as minutes at 0.05 where the carrier bills long distance; data usage as one amount. */
export function usageLine(s: Svc, amount: number, description: string, marks: Mark[] = []): Line {
  const minutes = /long distance/i.test(description) || s.spec.format === 'x12-811';
  return line(s.row.identifier, 'usage', 'USAGE', description, null, amount, {
    idKind: idKindOf(s),
    quantity: minutes ? amount / 5 : 1,
    unit: minutes ? 'MIN' : 'EA',
    unitCents: minutes ? 5 : null,
    marks,
  });
}

const daysIn = (month: string) => Number(monthEnd(month).slice(8));
const MEMO = { code: 'EQP-INST', description: 'Equipment installment balance', cents: 2400 };

/** What a service bills in month `m` when nothing is wrong (activation fees and memo lines included). */
export function cleanLines(s: Svc, m: number, month: string): Line[] {
  const id = s.row.identifier;
  const opts = { idKind: idKindOf(s) } as const;
  const out: Line[] = [
    line(id, 'recurring', 'MRC', s.plan.description, s.plan.code, s.plan.cents, {
      ...opts,
      quantity: s.plan.quantity,
      unitCents: s.plan.unitCents,
    }),
  ];
  for (const f of s.features) out.push(line(id, 'recurring', 'MRC', f.description, f.code, f.cents, opts));
  if (s.hunt) {
    const item = huntItem(s.spec)!;
    out.push(line(id, 'recurring', 'MRC', 'Hunt group feature', null, itemPrice(item), opts));
  }
  const activation = (marks: Mark[]) => {
    const item = itemOf(s.spec, ACTIVATION_CODE);
    out.push(line(id, 'one_time', 'OCC', item.name, ACTIVATION_CODE, itemPrice(item), { ...opts, marks }));
  };
  if ((s.role === 'new_twice' || s.role === 'new_clean') && m === s.from) activation([]);
  if (s.role === 'new_twice' && m === s.from + 1)
    activation([
      { rule: 'nrc_billed_twice', note: `activation fee billed again the month after ${s.row.activatedOn}` },
    ]);
  if (s.usage && s.role !== 'suspended') out.push(usageLine(s, s.usage[m]!, s.block.usage!.description));
  if (s.prorate?.month === m) {
    // Part of the month: each recurring line at its price × days ÷ days of the month.
    const { start, end } = s.prorate;
    const days = Number(end.slice(8)) - Number(start.slice(8)) + 1;
    for (const l of out.filter((x) => x.kind === 'recurring')) {
      l.cents = Math.round((l.cents * days) / daysIn(month));
      l.period = { start, end };
    }
  }
  if (s.memo)
    out.push({
      ...line(id, 'recurring', 'MRC', MEMO.description, MEMO.code, MEMO.cents, opts),
      infoOnly: true,
    });
  if (s.role === 'disc_planted' && m > s.disconnectedAt!)
    out[0]!.marks.push({
      rule: 'billed_after_disconnect',
      note: `disconnected on ${s.row.disconnectedOn}, still billed`,
    });
  return out;
}

export function fillClean(accounts: Acct[], unknown: Unknown[]) {
  for (const acct of accounts) {
    for (const inv of acct.invoices) {
      if (!inv) continue;
      for (const s of acct.services) {
        if (s.from > inv.index || inv.index > s.to) continue;
        for (const l of cleanLines(s, inv.index, inv.month)) (l.infoOnly ? inv.memos : inv.lines).push(l);
      }
    }
  }
  unknown.forEach((u, n) => {
    const block = u.acct.spec.blocks.find(
      (b) => b.serviceType === 'wireless' || b.serviceType === 'wireline',
    )!;
    const plan = block.plans[0]!;
    const price = itemPrice(itemOf(u.acct.spec, plan.code));
    for (let m = u.from; m <= u.to; m++) {
      const inv = u.acct.invoices[m]!;
      inv.lines.push(
        line(u.identifier, 'recurring', 'MRC', plan.description, plan.code, price, {
          idKind: 'phone',
          marks: [{ rule: 'not_in_inventory', note: 'a number the inventory does not know' }],
        }),
      );
      inv.load += price;
      // A few come with an activation fee: a one-time charge for a service nobody ordered.
      if (m === u.from && n < 3) {
        const item = itemOf(u.acct.spec, ACTIVATION_CODE);
        inv.lines.push(
          line(u.identifier, 'one_time', 'OCC', item.name, ACTIVATION_CODE, itemPrice(item), {
            idKind: 'phone',
            marks: [{ rule: 'nrc_without_order', note: 'activation fee for a number not in inventory' }],
          }),
        );
        inv.load += itemPrice(item);
      }
    }
  });
  for (const acct of accounts) {
    for (const inv of acct.invoices) {
      if (!inv) continue;
      const total = inv.lines.reduce((n, l) => n + l.cents, 0);
      // Errors that move money stay well inside the 25 % an account's total may vary.
      inv.cap = Math.max(3000, Math.round(total * 0.06));
    }
  }
}

/** Taxes (an invoice-level line, or in 811 a tax and a surcharge inside each line), totals, stated figures, line numbers. */
export function finish(acct: Acct) {
  const is811 = acct.spec.format === 'x12-811';
  for (const inv of acct.invoices) {
    if (!inv) continue;
    taxes(inv, is811);
  }
  if (is811) stated(acct);
  for (const inv of acct.invoices) if (inv) number(inv, is811);
}

export function taxes(inv: Invoice, is811: boolean) {
  inv.lines = inv.lines.filter((l) => l.kind !== 'tax');
  if (is811) {
    // Two equal tax lines on one service would be a duplicate charge; a cent of rounding tells them apart.
    const used = new Set<string>();
    const unique = (l: Line, kind: string, amount: number) => {
      let c = amount;
      while (used.has(`${l.identifier}|${kind}|${c}`)) c++;
      used.add(`${l.identifier}|${kind}|${c}`);
      return c;
    };
    for (const l of inv.lines) {
      l.subs = [];
      if (!isTaxable(l) || l.bare) continue;
      const fee = l.kind === 'recurring' ? Math.round((l.cents * inv.feePercent) / 100) : 0;
      const tax = Math.round((l.cents * (inv.taxPercent - inv.feePercent)) / 100);
      if (fee > 0) l.subs.push({ kind: 'surcharge_fee', cents: unique(l, 'fee', fee) });
      if (tax > 0) l.subs.push({ kind: 'tax', cents: unique(l, 'tax', tax) });
    }
    return;
  }
  const base = inv.lines.filter(isTaxable).reduce((n, l) => n + l.cents, 0);
  const tax = Math.round((base * inv.taxPercent) / 100);
  if (tax > 0) inv.lines.push(line(null, 'tax', 'TAX', 'Taxes, governmental surcharges and fees', null, tax));
}

/** 811 balances: each bill carries the last one's total due as previous balance, paid in full. */
function stated(acct: Acct) {
  let prior: number | null = null;
  for (const inv of acct.invoices) {
    if (!inv) continue;
    const sum = inv.lines.reduce((n, l) => n + lineTotal(l), 0);
    const current = sum + inv.statedDelta.current;
    const opening: number = prior ?? Math.round(sum * 0.97);
    const payments = opening;
    const previous: number = opening + inv.statedDelta.previous;
    inv.stated = { previous, payments, current, totalDue: previous - payments + current };
    prior = inv.stated.totalDue;
  }
}

function number(inv: Invoice, is811: boolean) {
  let n = 0;
  for (const l of orderedLines(inv)) {
    l.lineNo = ++n;
    if (is811) n += l.subs.length;
  }
}
