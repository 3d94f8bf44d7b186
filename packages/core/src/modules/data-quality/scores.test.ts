import { describe, expect, it } from 'vitest';
import { RULES } from './rules.ts';
import { scoreCounts, toBasisPoints } from './scores.ts';

const all = (over: Record<string, [number, number]> = {}) =>
  RULES.map((r) => {
    const [failing, population] = over[r.id] ?? [0, 0];
    return { id: r.id, domain: r.domain, failing, population };
  });

describe('data-quality score maths', () => {
  it('rounds half up to basis points', () => {
    expect(toBasisPoints({ n: 1n, d: 3n })).toBe(3333);
    expect(toBasisPoints({ n: 2n, d: 3n })).toBe(6667);
    expect(toBasisPoints({ n: 1n, d: 20000n })).toBe(1); // 0.5 bp rounds up
    expect(toBasisPoints({ n: 1n, d: 20001n })).toBe(0);
    expect(toBasisPoints({ n: 0n, d: 7n })).toBe(0);
    expect(toBasisPoints({ n: 7n, d: 7n })).toBe(10000);
  });

  it('scores an empty population as 100 %', () => {
    const s = scoreCounts(all());
    expect(s.overallBp).toBe(10000);
    expect(s.rules.every((r) => r.scoreBp === 10000)).toBe(true);
  });

  it('averages rules into domains and domains into overall, rounding only at the end', () => {
    // ownership: no_owner 1/3 failing (6666.67 bp), owner_left 0 of 0 (10000) → mean 8333.33 → 8333
    // assignment: no_cost_center 1/2, no_location 0/4, location_closed 0/0 → (5000+10000+10000)/3 = 8333.33
    // contracts: no_contract_item 3/3 → 0, contract_expired 0/0 → 5000
    // others 10000 each; overall = mean of exact domain values = (8333.3̅ + 8333.3̅ + 5000 + 10000 + 10000) / 5
    const s = scoreCounts(
      all({ no_owner: [1, 3], no_cost_center: [1, 2], no_location: [0, 4], no_contract_item: [3, 3] }),
    );
    const byDomain = Object.fromEntries(s.domains.map((d) => [d.domain, d.scoreBp]));
    expect(byDomain).toEqual({
      ownership: 8333,
      assignment: 8333,
      contracts: 5000,
      currency_of_data: 10000,
      identity: 10000,
    });
    // (8333.3̅ · 2 + 5000 + 10000 + 10000) / 5 = 8333.3̅ → 8333
    expect(s.overallBp).toBe(8333);
    expect(s.rules.find((r) => r.id === 'no_owner')?.scoreBp).toBe(6667);
  });

  it('does not compound rounding: overall comes from exact domain values', () => {
    // ownership = (2/3 + 1)/2 = 5/6 → 8333.3; assignment = (5/6 + 1 + 1)/3 = 17/18 → 9444.4.
    // Exact overall = (5/6 + 17/18 + 3)/5 = 43/45 = 9555.56 → 9556; averaging the rounded domains
    // would give (8333 + 9444 + 30000)/5 = 9555.4 → 9555.
    const s = scoreCounts(all({ no_owner: [1, 3], no_cost_center: [1, 6] }));
    expect(s.domains.find((d) => d.domain === 'ownership')?.scoreBp).toBe(8333);
    expect(s.domains.find((d) => d.domain === 'assignment')?.scoreBp).toBe(9444);
    expect(s.overallBp).toBe(9556);
  });
});
