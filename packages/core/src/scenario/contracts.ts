import type { Rng } from '../demo/random.ts';
import type { DemoContract, DemoRateItem } from '../demo/types.ts';
import { commitmentPeriod, elapsedDays, periodDays, projectSpend } from '../modules/contracts/terms.ts';
import { addDays } from './calendar.ts';
import { type ItemSpec, VENDORS } from './catalog.ts';
import { LEGACY } from './legacy.ts';
import { type Acct, type Invoice, lineTotal, money } from './model.ts';
import type { TruthItem } from './types.ts';

/**
 * The contracts: a master agreement per carrier (its rate items price every clean line), expired
 * agreements still pricing lines, side agreements near their notice deadline, and spend
 * commitments set against what the bills will actually show.
 */

const base = {
  autoRenew: false,
  renewalMonths: null,
  currency: 'USD',
  commitmentKind: 'none' as const,
  commitmentPeriod: null,
  commitmentAmount: null,
  commitmentVolume: null,
  accountNumbers: [] as string[],
  rateItems: [] as DemoRateItem[],
};

const rateItem = (i: ItemSpec): DemoRateItem => ({
  name: i.name,
  code: i.code,
  descriptionPattern: i.pattern ?? null,
  chargeKind: i.kind,
  unit: i.unit ?? 'each',
  unitRate: i.unitRate ?? null,
  mrc: i.mrc ?? null,
  nrc: i.nrc ?? null,
  discountPct: i.discountPct ?? null,
  effectiveFrom: null,
  effectiveTo: null,
});

const yearsBefore = (day: string, years: number) => `${Number(day.slice(0, 4)) - years}${day.slice(4)}`;

export interface Built {
  contracts: DemoContract[];
  truth: TruthItem[];
}

export function buildContracts(rng: Rng, accounts: Acct[], today: string): Built {
  const contracts: DemoContract[] = [];
  const truth: TruthItem[] = [];
  const accountsOf = (code: string) => accounts.filter((a) => a.spec.vendor.code === code);

  for (const spec of VENDORS) {
    contracts.push({
      ...base,
      vendorCode: spec.vendor.code,
      contractNumber: spec.contract.number,
      name: spec.contract.name,
      termStart: spec.contract.termStart,
      termEnd: spec.contract.termEnd,
      noticeDays: spec.contract.noticeDays,
      accountNumbers: accountsOf(spec.vendor.code).map((a) => a.row.accountNumber),
      rateItems: spec.items.map(rateItem),
    });
  }

  for (const l of LEGACY) {
    const termEnd = addDays(today, -rng.int(...l.endedDaysAgo));
    contracts.push({
      ...base,
      vendorCode: l.vendorCode,
      contractNumber: l.contractNumber,
      name: `${l.itemName} (expired agreement)`,
      termStart: yearsBefore(termEnd, 4),
      termEnd,
      noticeDays: 30,
      rateItems: [rateItem({ code: l.itemCode, name: l.itemName, kind: 'recurring', mrc: l.mrc })],
    });
    truth.push({
      rule: 'contract_expiry',
      identifier: l.contractNumber,
      note: `ended ${termEnd}, services still priced by it`,
    });
  }

  const vendorCodes = VENDORS.map((v) => v.vendor.code);
  const side = (n: number, kind: string, make: (i: number, code: string) => Partial<DemoContract>) => {
    for (let i = 0; i < n; i++) {
      const code = vendorCodes[i % vendorCodes.length]!;
      const c = { ...base, vendorCode: code, noticeDays: 0, termStart: '', termEnd: null, ...make(i, code) };
      contracts.push({
        ...c,
        contractNumber: `${code}-${kind}-${String(i + 1).padStart(2, '0')}`,
        name: `${kind === 'MAINT' ? 'Equipment maintenance' : kind === 'SVC' ? 'Managed service' : 'Old order form'} ${i + 1}`,
      } as DemoContract);
    }
  };
  // Notice deadlines inside the 90-day window: each a finding.
  side(18, 'MAINT', (i, code) => {
    const noticeDays = rng.pick([30, 60, 90]);
    const termEnd = addDays(today, noticeDays + rng.int(10, 80));
    truth.push({
      rule: 'contract_expiry',
      identifier: `${code}-MAINT-${String(i + 1).padStart(2, '0')}`,
      note: `notice deadline ${addDays(termEnd, -noticeDays)}`,
    });
    return { noticeDays, termEnd, termStart: yearsBefore(termEnd, 3) };
  });
  // Look-alikes: a renewing contract near its deadline, and contracts long over with nothing on them.
  side(3, 'SVC', () => {
    const termEnd = addDays(today, 60 + rng.int(10, 50));
    return {
      noticeDays: 60,
      termEnd,
      termStart: yearsBefore(termEnd, 2),
      autoRenew: true,
      renewalMonths: 12,
    };
  });
  side(2, 'OLD', () => {
    const termEnd = addDays(today, -rng.int(200, 400));
    return { noticeDays: 30, termEnd, termStart: yearsBefore(termEnd, 3) };
  });

  commitments(rng, accounts, today, contracts, truth);
  return { contracts, truth };
}

/** Spend the commitment page counts: non-tax charges of the accounts' bills dated in [from, to]. */
function spend(accounts: Acct[], from: string, to: string): number {
  let sum = 0;
  for (const a of accounts) {
    for (const inv of a.invoices) {
      if (!inv) continue;
      for (const date of [inv.date, inv.copyDate]) if (date && from <= date && date <= to) sum += billed(inv);
    }
  }
  return sum;
}

const billed = (inv: Invoice) =>
  inv.lines.reduce(
    (n, l) =>
      n +
      (l.kind === 'tax'
        ? 0
        : lineTotal(l) - l.subs.filter((s) => s.kind === 'tax').reduce((m, s) => m + s.cents, 0)),
    0,
  );

function commitments(
  rng: Rng,
  accounts: Acct[],
  today: string,
  contracts: DemoContract[],
  truth: TruthItem[],
) {
  const groups: Acct[][] = accounts.map((a) => [a]);
  for (const spec of VENDORS) {
    const own = accounts.filter((a) => a.spec === spec);
    for (let i = 0; i + 1 < own.length && groups.length < 30; i += 2) groups.push([own[i]!, own[i + 1]!]);
  }
  const short = new Set(rng.shuffle(groups.map((_, i) => i)).slice(0, 21));
  groups.forEach((group, i) => {
    const code = group[0]!.spec.vendor.code;
    // The running annual period starts in a month the accounts were billed in.
    const last = Math.min(...group.map((a) => a.last));
    const month = rng.int(5, 5 + Math.min(4, last));
    const termStart = `${rng.pick([2024, 2025])}-${String(month).padStart(2, '0')}-01`;
    const termEnd = addDays(`${Number(termStart.slice(0, 4)) + 4}${termStart.slice(4)}`, -1);
    const terms = {
      termStart,
      termEnd,
      autoRenew: false,
      renewalMonths: null,
      noticeDays: 60,
      status: 'active',
    };
    const period = commitmentPeriod(terms, 'annual', today)!;
    const until = today < period.end ? today : period.end;
    const cents = spend(group, period.start, until);
    const projected = projectSpend(
      BigInt(cents) * 10_000_000n,
      elapsedDays(period, today),
      periodDays(period),
    );
    const projectedCents = Number(projected / 10_000_000n);
    const factor = short.has(i) ? rng.int(130, 200) : rng.int(40, 75);
    const amount = Math.round((projectedCents * factor) / 10000) * 100;
    const number = `${code}-COMMIT-${String(i + 1).padStart(2, '0')}`;
    contracts.push({
      ...base,
      vendorCode: code,
      contractNumber: number,
      name: `Spend commitment ${i + 1}`,
      termStart,
      termEnd,
      noticeDays: 60,
      commitmentKind: 'spend',
      commitmentPeriod: 'annual',
      commitmentAmount: money(amount),
      accountNumbers: group.map((a) => a.row.accountNumber),
    });
    if (amount > projectedCents)
      truth.push({
        rule: 'commitment_shortfall',
        identifier: number,
        note: `committed ${money(amount)}, projected ${money(projectedCents)}`,
      });
  });
}
