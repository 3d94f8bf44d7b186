import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshStore, type TestStore, testEngine } from '../../core/test/test-store.ts';
import { temops } from './run-cli.ts';

describe(`temops audit accuracy on ${testEngine}`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await freshStore();
  });
  afterAll(() => store.drop());

  it('prints recall and precision per rule as JSON and exits 0 when every rule meets its target', async () => {
    const res = await temops(
      store,
      '--json',
      'audit',
      'accuracy',
      '--scenario',
      '7',
      '--tenant-slug',
      'acc-cli',
    );
    const body = JSON.parse(res.out);
    expect(Object.keys(body)).toEqual(['seed', 'rules', 'passed']);
    expect(body.seed).toBe(7);
    expect(Object.keys(body.rules)).toHaveLength(22);
    for (const [rule, s] of Object.entries<Record<string, unknown>>(body.rules)) {
      expect(Object.keys(s), rule).toEqual(['recall', 'precision', 'planted', 'found']);
      for (const k of ['recall', 'precision'] as const) {
        expect(typeof s[k], `${rule} ${k}`).toBe('number');
        expect(s[k] as number).toBeGreaterThanOrEqual(0);
        expect(s[k] as number).toBeLessThanOrEqual(1);
      }
      expect(s.planted as number).toBeGreaterThan(0);
    }
    expect(typeof body.passed).toBe('boolean');
    expect(res.code, res.err).toBe(body.passed ? 0 : 1);
  }, 300_000);

  it('refuses a seed that is not a number', async () => {
    const res = await temops(store, 'audit', 'accuracy', '--scenario', 'abc');
    expect(res.code).toBe(2);
    expect(res.err).toContain('--scenario');
  });
});
