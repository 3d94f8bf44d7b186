import { describe, expect, it } from 'vitest';
import { type FoundFinding, score } from './compare.ts';
import type { TruthItem } from './types.ts';

const found = (f: Partial<FoundFinding> & { rule: string }): FoundFinding => ({
  invoiceNumber: null,
  accountNumber: null,
  identifier: null,
  lineRef: null,
  period: null,
  summary: '',
  ...f,
});

describe('accuracy scoring', () => {
  const truth: TruthItem[] = [
    { rule: 'rate_variance', invoiceNumber: 'A-1', identifier: '+15550000001', lineRef: '3', note: '' },
    { rule: 'rate_variance', invoiceNumber: 'A-2', identifier: '+15550000001', lineRef: '3', note: '' },
    { rule: 'missing_invoice', accountNumber: 'A', period: '2026-11', note: '' },
  ];

  it('matches one finding to one planted error on the fields the truth gives', () => {
    const s = score(truth, [
      found({
        rule: 'rate_variance',
        invoiceNumber: 'A-1',
        identifier: '+15550000001',
        lineRef: '3',
        accountNumber: 'A',
      }),
      // the same error found twice counts once; the second is a false positive
      found({ rule: 'rate_variance', invoiceNumber: 'A-1', identifier: '+15550000001', lineRef: '3' }),
      // another line of the right invoice is not the planted one
      found({ rule: 'rate_variance', invoiceNumber: 'A-2', identifier: '+15550000001', lineRef: '4' }),
      found({ rule: 'missing_invoice', accountNumber: 'A', period: '2026-11' }),
    ]);
    const rv = s.rules.rate_variance!;
    expect([rv.planted, rv.found, rv.truePositives]).toEqual([2, 3, 1]);
    expect(rv.recall).toBe(0.5);
    expect(rv.precision).toBeCloseTo(1 / 3);
    expect(rv.passed).toBe(false);
    expect(rv.misses.map((m) => m.invoiceNumber)).toEqual(['A-2']);
    expect(rv.falsePositives).toHaveLength(2);
    expect(s.rules.missing_invoice!.passed).toBe(true);
    expect(s.passed).toBe(false);
    expect(s.totals).toMatchObject({ planted: 3, found: 4, truePositives: 2 });
  });

  it('scores a rule with nothing planted and nothing found as perfect, and lists rules it does not know', () => {
    const s = score([], [found({ rule: 'some_new_rule', invoiceNumber: 'X' })]);
    expect(s.rules.late_fee).toMatchObject({ recall: 1, precision: 1, passed: true });
    expect(s.rules.some_new_rule).toMatchObject({ planted: 0, found: 1, precision: 0, passed: false });
  });
});
