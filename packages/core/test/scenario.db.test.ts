import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAccuracy } from '../src/scenario/accuracy.ts';
import { TARGETS } from '../src/scenario/compare.ts';
import { generateScenario } from '../src/scenario/generate.ts';
import { RULE_CODES } from '../src/scenario/types.ts';
import { freshStore, type TestStore, testEngine } from './test-store.ts';

// A random seed each run widens what is checked over time; it is printed so a failure can be replayed.
const randomSeed = Math.floor(Math.random() * 1_000_000);
console.log(`scenario generator seed: ${randomSeed}`);
/** The seed of the full run is fixed: the run takes a while, and its figures are the reference. */
const RUN_SEED = 20261127;

describe(`accuracy scenario on ${testEngine}`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await freshStore();
  });
  afterAll(() => store.drop());

  it('is deterministic: the same seed gives the same files and truth, another seed others', () => {
    const a = generateScenario(randomSeed);
    const b = generateScenario(randomSeed);
    expect(b.files).toEqual(a.files);
    expect(b.truth).toEqual(a.truth);
    expect(b.services).toEqual(a.services);
    const c = generateScenario(randomSeed + 1);
    expect(c.files.map((f) => f.content)).not.toEqual(a.files.map((f) => f.content));
    expect(c.truth).not.toEqual(a.truth);
  });

  it('plants at least 20 errors of every rule, over several vendors and months', () => {
    for (const seed of [randomSeed, RUN_SEED]) {
      const s = generateScenario(seed);
      for (const rule of RULE_CODES) {
        const items = s.truth.filter((t) => t.rule === rule);
        expect(items.length, `${rule} (seed ${seed})`).toBeGreaterThanOrEqual(20);
        if (rule === 'contract_expiry' || rule === 'commitment_shortfall') continue;
        const accounts = new Set(items.map((t) => t.accountNumber));
        // owner_left plants fall on the few accounts whose lines have leavers: three at the least
        expect(accounts.size, `${rule} accounts (seed ${seed})`).toBeGreaterThanOrEqual(3);
      }
      const months = (rule: string) =>
        new Set(s.truth.filter((t) => t.rule === rule).map((t) => t.invoiceNumber?.slice(-6))).size;
      expect(months('rate_variance')).toBeGreaterThan(3);
      expect(months('late_fee')).toBeGreaterThan(3);
      // both formats are billed: the EDI 811 carrier and the CSV ones
      expect(new Set(s.files.map((f) => f.format))).toEqual(new Set(['x12-811', 'csv']));
      expect(new Set(s.files.map((f) => f.name.slice(0, 7))).size).toBe(7);
    }
  });

  it('finds the planted errors: recall and precision of every rule within the targets', async () => {
    const r = await runAccuracy(store, { seed: RUN_SEED });
    expect(r.invoices).toBeGreaterThan(140);
    for (const rule of RULE_CODES) {
      const s = r.rules[rule]!;
      const why = JSON.stringify({ misses: s.misses.slice(0, 3), wrong: s.falsePositives.slice(0, 3) });
      expect(s.planted, rule).toBeGreaterThan(0);
      expect(s.recall, `${rule} recall ${why}`).toBeGreaterThanOrEqual(TARGETS.recall);
      expect(s.precision, `${rule} precision ${why}`).toBeGreaterThanOrEqual(TARGETS.precision);
    }
    expect(r.passed).toBe(true);
  }, 300_000);
});
