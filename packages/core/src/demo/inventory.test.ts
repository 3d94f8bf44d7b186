import { describe, expect, it } from 'vitest';
import { generateDemoInventory, generateDemoReferenceData } from './generate.ts';

const TODAY = '2026-11-27';
const ref = generateDemoReferenceData();
const inv = generateDemoInventory(ref, TODAY);
const share = (n: number) => n / inv.services.length;

describe('demo inventory', () => {
  it('is reproducible for a seed and a day', () => {
    expect(generateDemoInventory(ref, TODAY)).toEqual(inv);
    expect(generateDemoInventory(ref, TODAY, 7).services).not.toEqual(inv.services);
  });

  it('has several thousand services across wireless, wireline, circuits, SIP, SaaS and cloud', () => {
    expect(inv.services.length).toBeGreaterThan(3000);
    const types = new Set(inv.services.map((s) => s.serviceType));
    expect([...types].sort()).toEqual([
      'cloud_account',
      'data_circuit',
      'saas',
      'sip_ucaas',
      'wireless',
      'wireline',
    ]);
  });

  it('references only reference data and contract items that exist', () => {
    const people = new Set(ref.people.map((p) => p.employeeId));
    const centers = new Set(ref.costCenters.map((c) => c.code));
    const sites = new Set(ref.locations.map((l) => l.code));
    const accounts = new Set(ref.billingAccounts.map((a) => `${a.vendorCode}/${a.accountNumber}`));
    const items = new Set(
      inv.contracts.flatMap((c) => c.rateItems.map((r) => `${c.contractNumber}/${r.code}`)),
    );
    for (const s of inv.services) {
      if (s.ownerEmployeeId) expect(people.has(s.ownerEmployeeId)).toBe(true);
      if (s.costCenterCode) expect(centers.has(s.costCenterCode)).toBe(true);
      if (s.locationCode) expect(sites.has(s.locationCode)).toBe(true);
      expect(accounts.has(`${s.vendorCode}/${s.accountNumber}`)).toBe(true);
      if (s.contractNumber) expect(items.has(`${s.contractNumber}/${s.rateItemCode}`)).toBe(true);
    }
    const keys = inv.services.map((s) => `${s.vendorCode}/${s.identifier}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('carries a plausible share of every data-quality problem', () => {
    const active = inv.services.filter((s) => s.state === 'active');
    const ported = active.filter((s) => active.some((o) => o !== s && o.identifier === s.identifier));
    expect(ported.length).toBeGreaterThanOrEqual(6);
    expect(share(inv.services.filter((s) => s.costCenterCode === null).length)).toBeGreaterThan(0.01);
    expect(share(inv.services.filter((s) => s.costCenterCode === null).length)).toBeLessThan(0.06);
    expect(share(inv.services.filter((s) => s.locationCode === null).length)).toBeLessThan(0.06);
    const stale = inv.services.filter((s) => s.lastReviewedOn === null || s.lastReviewedOn < '2026-08-29');
    expect(share(stale.length)).toBeGreaterThan(0.1);
    expect(share(stale.length)).toBeLessThan(0.4);
    const expired = inv.contracts.filter((c) => c.termEnd !== null && c.termEnd < TODAY && !c.autoRenew);
    expect(expired.map((c) => c.vendorCode)).toEqual(['TMO']);
  });

  it('bills the inventory and a few numbers it does not know', () => {
    const known = new Set(inv.services.map((s) => s.identifier));
    const billed = new Set(
      inv.bills.flatMap((b) =>
        b.content
          .trim()
          .split('\n')
          .slice(1)
          .map((line) => line.split(',')[8]!),
      ),
    );
    billed.delete('');
    const unknown = [...billed].filter((id) => !known.has(id));
    expect(unknown.length).toBeGreaterThan(20);
    expect(unknown.length).toBeLessThan(billed.size / 20);
    for (const b of inv.bills) expect(b.content.split('\n')[0]).toMatch(/^Vendor,Account Number,/);
  });
});
