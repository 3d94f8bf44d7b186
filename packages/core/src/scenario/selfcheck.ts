import { type Acct, type Invoice, isTaxable, type Line, lineTotal } from './model.ts';
import type { RuleCode } from './types.ts';

/**
 * The generator's own check that clean data stays clean: it recomputes, on the model, the rules
 * whose findings arise from how amounts move between bills (variances, spikes, tax shares,
 * repeated lines) and compares them with what was planted. A difference is a generator bug: a
 * planted error had a side effect, or the clean data drifted into an error.
 */

const ROAMING = /roaming|international|premium/i;

export interface Flag {
  rule: RuleCode;
  invoice: string;
  identifier: string | null;
}

const key = (f: Flag) => `${f.rule}|${f.invoice}|${f.identifier ?? ''}`;

/** Per account: its invoices in order, and what the amount-driven rules find on them. */
export function recompute(acct: Acct): Flag[] {
  const out: Flag[] = [];
  const list = acct.invoices.filter((i): i is Invoice => i !== null);
  const total = (i: Invoice) => i.lines.reduce((n, l) => n + lineTotal(l), 0);
  const byService = (i: Invoice) => {
    const m = new Map<string, number>();
    for (const l of i.lines) {
      if (l.identifier === null || l.kind === 'tax') continue;
      const fees = l.subs.filter((s) => s.kind === 'surcharge_fee').reduce((n, s) => n + s.cents, 0);
      m.set(l.identifier, (m.get(l.identifier) ?? 0) + l.cents + fees);
    }
    return m;
  };
  const usage = (i: Invoice, id: string) =>
    i.lines.filter((l) => l.identifier === id && l.kind === 'usage').reduce((n, l) => n + l.cents, 0);
  list.forEach((inv, k) => {
    const prev = list[k - 1];
    if (prev) {
      const d = total(inv) - total(prev);
      if (Math.abs(d) > 10000 && Math.abs(d) * 100 > 25 * Math.abs(total(prev)))
        out.push({ rule: 'variance_account', invoice: inv.number, identifier: null });
      const now = byService(inv);
      const before = byService(prev);
      for (const [id, amount] of now) {
        const was = before.get(id);
        if (was === undefined) continue;
        const dd = amount - was;
        if (Math.abs(dd) > 2500 && Math.abs(dd) * 100 > 50 * Math.abs(was))
          out.push({ rule: 'variance_service', invoice: inv.number, identifier: id });
      }
    }
    const ids = new Set(inv.lines.map((l) => l.identifier).filter((x): x is string => x !== null));
    for (const id of ids) {
      const history = list
        .slice(0, k)
        .filter((x) => x.lines.some((l) => l.identifier === id))
        .slice(-3);
      const u = usage(inv, id);
      const avg = history.length ? history.reduce((n, x) => n + usage(x, id), 0) / history.length : null;
      const spike = avg !== null && u > 3 * avg && u - avg > 5000;
      const roams = inv.lines.some(
        (l) => l.identifier === id && l.kind === 'usage' && l.cents > 0 && ROAMING.test(l.description),
      );
      if (spike || roams) out.push({ rule: 'usage_spike', invoice: inv.number, identifier: id });
    }
    const base = inv.lines.filter(isTaxable).reduce((n, l) => n + l.cents, 0);
    const taxed = inv.lines.reduce(
      (n, l) =>
        n +
        (l.kind === 'tax' || l.kind === 'surcharge_fee' ? l.cents : 0) +
        l.subs.reduce((m, s) => m + s.cents, 0),
      0,
    );
    if (base > 0 && (taxed * 100 > 35 * base || taxed * 100 < 2 * base))
      out.push({ rule: 'tax_out_of_range', invoice: inv.number, identifier: null });
    out.push(...repeats(inv));
  });
  return out;
}

/** Lines (and 811 sub-lines) repeated within an invoice: the second and later copies. */
function repeats(inv: Invoice): Flag[] {
  const seen = new Set<string>();
  const out: Flag[] = [];
  const note = (l: Line, kind: string, cents: number, extra: string) => {
    if (cents <= 0 || kind === 'credit_adjustment') return;
    const k = [l.identifier, kind, cents, extra].join('|');
    if (seen.has(k)) out.push({ rule: 'duplicate_charge', invoice: inv.number, identifier: l.identifier });
    seen.add(k);
  };
  for (const l of inv.lines) {
    note(l, l.kind, l.cents, `${l.code}|${l.description}|${l.quantity}`);
    for (const s of l.subs) note(l, s.kind, s.cents, 'sub');
  }
  return out;
}

/** What was planted for the same rules, in the same shape. */
export function planted(acct: Acct): Flag[] {
  const out: Flag[] = [];
  for (const inv of acct.invoices) {
    if (!inv) continue;
    for (const m of inv.marks) out.push({ rule: m.rule, invoice: inv.number, identifier: null });
    for (const l of inv.lines)
      for (const m of l.marks) out.push({ rule: m.rule, invoice: inv.number, identifier: l.identifier });
  }
  return out;
}

const CHECKED: RuleCode[] = [
  'variance_account',
  'variance_service',
  'usage_spike',
  'tax_out_of_range',
  'duplicate_charge',
];

/** Differences between recomputed and planted findings of the amount-driven rules. */
export function selfCheck(accounts: Acct[]): string[] {
  const problems: string[] = [];
  for (const acct of accounts) {
    const found = new Set(recompute(acct).map(key));
    const want = new Set(
      planted(acct)
        .filter((f) => CHECKED.includes(f.rule))
        .map(key),
    );
    for (const k of found) if (!want.has(k)) problems.push(`unplanned ${k}`);
    for (const k of want) if (!found.has(k)) problems.push(`not produced ${k}`);
  }
  return problems;
}
