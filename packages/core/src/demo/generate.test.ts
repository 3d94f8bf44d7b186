import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_SEED, generateDemoReferenceData } from './generate.ts';
import { Rng } from './random.ts';

const data = generateDemoReferenceData();

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
function isValidDate(s: string): boolean {
  return ISO_DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
}

function expectUnique(values: string[]): void {
  const dupes = values.filter((v, i) => values.indexOf(v) !== i);
  expect(dupes).toEqual([]);
}

/** Asserts every non-null reference points at a key that occurs strictly earlier in `keys`. */
function expectEarlierRefs(keys: string[], refs: (string | null)[]): void {
  const position = new Map(keys.map((k, i) => [k, i]));
  refs.forEach((ref, i) => {
    if (ref === null) return;
    const at = position.get(ref);
    expect(at, `ref ${ref} at ${i}`).toBeDefined();
    expect(at!, `ref ${ref} at ${i}`).toBeLessThan(i);
  });
}

describe('Rng', () => {
  it('is reproducible and stays within bounds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const drawsA = Array.from({ length: 200 }, () => a.int(3, 7));
    expect(drawsA).toEqual(Array.from({ length: 200 }, () => b.int(3, 7)));
    expect(new Set(drawsA)).toEqual(new Set([3, 4, 5, 6, 7]));
  });

  it('shuffles without mutating and weighted() honours zero weights', () => {
    const rng = new Rng(7);
    const input = [1, 2, 3, 4, 5];
    expect(rng.shuffle(input).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(input).toEqual([1, 2, 3, 4, 5]);
    for (let i = 0; i < 100; i++) {
      expect(
        rng.weighted([
          ['a', 0],
          ['b', 1],
        ]),
      ).toBe('b');
    }
  });

  it('produces valid dates inside the requested range', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 500; i++) {
      const d = rng.date('2025-06-01', '2026-11-30');
      expect(isValidDate(d)).toBe(true);
      expect(d >= '2025-06-01' && d <= '2026-11-30').toBe(true);
    }
  });
});

describe('generateDemoReferenceData', () => {
  it('is deterministic for a fixed seed and varies people by seed', () => {
    expect(generateDemoReferenceData(DEFAULT_DEMO_SEED)).toEqual(data);
    expect(generateDemoReferenceData(123)).toEqual(generateDemoReferenceData(123));
    const other = generateDemoReferenceData(123);
    expect(other.people.map((p) => p.email)).not.toEqual(data.people.map((p) => p.email));
  });

  it('describes the demo tenant', () => {
    expect(data.tenant.slug).toBe('demo');
    expect(data.tenant.name.length).toBeGreaterThan(0);
  });

  it('produces record counts in the intended ranges', () => {
    expect(data.vendors).toHaveLength(12);
    expect(data.billingAccounts.length).toBeGreaterThanOrEqual(35);
    expect(data.billingAccounts.length).toBeLessThanOrEqual(45);
    expect(data.costCenters.length).toBeGreaterThanOrEqual(35);
    expect(data.costCenters.length).toBeLessThanOrEqual(45);
    expect(data.glAccounts.length).toBeGreaterThanOrEqual(18);
    expect(data.glAccounts.length).toBeLessThanOrEqual(25);
    expect(data.locations.length).toBeGreaterThanOrEqual(27);
    expect(data.locations.length).toBeLessThanOrEqual(33);
    expect(data.people.length).toBeGreaterThanOrEqual(1400);
    expect(data.people.length).toBeLessThanOrEqual(1600);
  });

  it('gives each vendor 2-6 billing accounts and sane vendor terms', () => {
    for (const vendor of data.vendors) {
      const n = data.billingAccounts.filter((a) => a.vendorCode === vendor.code).length;
      expect(n, vendor.code).toBeGreaterThanOrEqual(2);
      expect(n, vendor.code).toBeLessThanOrEqual(6);
      expect(vendor.disputeWindowDays).toBeGreaterThanOrEqual(30);
      expect(vendor.disputeWindowDays).toBeLessThanOrEqual(90);
    }
    for (const account of data.billingAccounts) {
      expect(['USD', 'CAD']).toContain(account.currency);
      if (account.expectedInvoiceDay !== null) {
        expect(account.expectedInvoiceDay).toBeGreaterThanOrEqual(1);
        expect(account.expectedInvoiceDay).toBeLessThanOrEqual(28);
      }
    }
    expect(data.billingAccounts.some((a) => a.parentAccountNumber !== null)).toBe(true);
  });

  it('uses vendor-specific account number formats', () => {
    const numbers = (code: string) =>
      data.billingAccounts.filter((a) => a.vendorCode === code).map((a) => a.accountNumber);
    for (const n of numbers('ATT')) expect(n).toMatch(/^287-\d{9}$/);
    for (const n of numbers('VZW')) expect(n).toMatch(/^\d{9}-\d{5}$/);
    for (const n of numbers('AWS')) expect(n).toMatch(/^\d{12}$/);
    for (const n of numbers('MSFT')) expect(n).toMatch(/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/);
  });

  it('has unique natural keys', () => {
    expectUnique(data.vendors.map((v) => v.code));
    for (const vendor of data.vendors) {
      expectUnique(
        data.billingAccounts.filter((a) => a.vendorCode === vendor.code).map((a) => a.accountNumber),
      );
    }
    expectUnique(data.costCenters.map((c) => c.code));
    expectUnique(data.glAccounts.map((g) => g.code));
    expectUnique(data.locations.map((l) => l.code));
    expectUnique(data.people.map((p) => p.employeeId));
    expectUnique(data.people.map((p) => p.email));
  });

  it('formats identifiers as documented', () => {
    for (const p of data.people) {
      expect(p.employeeId).toMatch(/^E\d{6}$/);
      expect(p.email).toMatch(/^[a-z]+\.[a-z]+\d*@northwind\.example$/);
    }
    for (const c of data.costCenters) expect(c.code).toMatch(/^\d{4}$/);
    for (const l of data.locations) expect(l.code).toMatch(/^(US|CA)-[A-Z]{3}-[A-Z]{2}$/);
  });

  it('links billing accounts to vendors and to earlier parent accounts of the same vendor', () => {
    const vendorCodes = new Set(data.vendors.map((v) => v.code));
    data.billingAccounts.forEach((account, i) => {
      expect(vendorCodes.has(account.vendorCode)).toBe(true);
      if (account.parentAccountNumber === null) return;
      const parentAt = data.billingAccounts.findIndex(
        (a) => a.vendorCode === account.vendorCode && a.accountNumber === account.parentAccountNumber,
      );
      expect(parentAt, account.accountNumber).toBeGreaterThanOrEqual(0);
      expect(parentAt).toBeLessThan(i);
    });
  });

  it('builds the cost-center tree from a single root with parents first', () => {
    const roots = data.costCenters.filter((c) => c.parentCode === null);
    expect(roots).toEqual([{ code: '1000', name: 'Corporate', parentCode: null }]);
    expectEarlierRefs(
      data.costCenters.map((c) => c.code),
      data.costCenters.map((c) => c.parentCode),
    );
  });

  it('has valid locations with a few closed ones', () => {
    const closed = data.locations.filter((l) => l.status === 'closed');
    expect(closed).toHaveLength(3);
    for (const l of closed) {
      expect(l.closedOn).not.toBeNull();
      expect(isValidDate(l.closedOn!)).toBe(true);
      expect(l.closedOn! >= '2025-01-01' && l.closedOn! <= '2026-12-31').toBe(true);
    }
    for (const l of data.locations.filter((x) => x.status === 'open')) expect(l.closedOn).toBeNull();
    expect(data.locations.filter((l) => l.code.endsWith('-HQ'))).toHaveLength(1);
    const canadian = data.locations.filter((l) => l.country === 'CA').length;
    expect(canadian).toBeGreaterThanOrEqual(1);
    expect(canadian).toBeLessThanOrEqual(2);
  });

  it('links people to cost centers and locations, with only a few at closed sites', () => {
    const ccs = new Set(data.costCenters.map((c) => c.code));
    const locs = new Map(data.locations.map((l) => [l.code, l]));
    for (const p of data.people) {
      if (p.costCenterCode !== null) expect(ccs.has(p.costCenterCode), p.costCenterCode).toBe(true);
      if (p.locationCode !== null) expect(locs.has(p.locationCode), p.locationCode).toBe(true);
    }
    const located = data.people.filter((p) => p.locationCode !== null).length;
    expect(located / data.people.length).toBeGreaterThan(0.9);
    const atClosed = data.people.filter((p) => locs.get(p.locationCode ?? '')?.status === 'closed').length;
    expect(atClosed).toBeGreaterThan(0);
    expect(atClosed).toBeLessThan(data.people.length * 0.03);
  });

  it('weights people toward leaf cost centers', () => {
    const parents = new Set(data.costCenters.map((c) => c.parentCode));
    const atLeaves = data.people.filter((p) => p.costCenterCode !== null && !parents.has(p.costCenterCode));
    expect(atLeaves.length / data.people.length).toBeGreaterThan(0.9);
  });

  it('forms a single manager tree with managers listed before their reports', () => {
    const tops = data.people.filter((p) => p.managerEmployeeId === null);
    expect(tops).toHaveLength(1);
    expect(data.people[0]).toBe(tops[0]);
    expectEarlierRefs(
      data.people.map((p) => p.employeeId),
      data.people.map((p) => p.managerEmployeeId),
    );
  });

  it('has no manager cycles', () => {
    const managerOf = new Map(data.people.map((p) => [p.employeeId, p.managerEmployeeId]));
    for (const p of data.people) {
      const seen = new Set<string>();
      let current: string | null | undefined = p.employeeId;
      while (current) {
        expect(seen.has(current), `cycle through ${current}`).toBe(false);
        seen.add(current);
        current = managerOf.get(current);
      }
    }
  });

  it('has a 2-6% leaver share with valid dates in 2025-06..2026-11', () => {
    for (const seed of [DEFAULT_DEMO_SEED, 1, 999]) {
      const people = seed === DEFAULT_DEMO_SEED ? data.people : generateDemoReferenceData(seed).people;
      const leavers = people.filter((p) => p.leaverDate !== null);
      expect(leavers.length / people.length).toBeGreaterThanOrEqual(0.02);
      expect(leavers.length / people.length).toBeLessThanOrEqual(0.06);
      for (const p of leavers) {
        expect(isValidDate(p.leaverDate!)).toBe(true);
        expect(p.leaverDate! >= '2025-06-01' && p.leaverDate! <= '2026-11-30').toBe(true);
      }
    }
  });
});
