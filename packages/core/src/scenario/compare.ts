import { RULE_CODES, type TruthItem } from './types.ts';

/** Recall and precision per rule: active findings matched one-to-one against the planted errors. */

export const TARGETS = { recall: 0.98, precision: 0.95 };

export interface FoundFinding {
  rule: string;
  invoiceNumber: string | null;
  accountNumber: string | null;
  identifier: string | null;
  lineRef: string | null;
  period: string | null;
  summary: string;
}

export interface RuleScore {
  planted: number;
  found: number;
  truePositives: number;
  recall: number;
  precision: number;
  passed: boolean;
  /** planted errors no finding matched */
  misses: TruthItem[];
  /** findings that match no planted error */
  falsePositives: FoundFinding[];
}

export interface Score {
  rules: Record<string, RuleScore>;
  totals: Omit<RuleScore, 'misses' | 'falsePositives' | 'passed'>;
  passed: boolean;
}

const FIELDS = ['invoiceNumber', 'accountNumber', 'identifier', 'lineRef', 'period'] as const;

/** A finding matches a planted error when the rule is the same and every field the truth gives agrees. */
export const matches = (t: TruthItem, f: FoundFinding) =>
  t.rule === f.rule && FIELDS.every((k) => t[k] === undefined || t[k] === f[k]);

const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);

export function score(truth: TruthItem[], found: FoundFinding[]): Score {
  const codes = [
    ...RULE_CODES,
    ...new Set(found.map((f) => f.rule).filter((r) => !(RULE_CODES as readonly string[]).includes(r))),
  ];
  const rules: Record<string, RuleScore> = {};
  let planted = 0;
  let foundAll = 0;
  let tp = 0;
  for (const code of codes) {
    const want = truth.filter((t) => t.rule === code);
    const got = found.filter((f) => f.rule === code);
    const used = new Set<number>();
    const falsePositives: FoundFinding[] = [];
    for (const f of got) {
      const i = want.findIndex((t, n) => !used.has(n) && matches(t, f));
      if (i === -1) falsePositives.push(f);
      else used.add(i);
    }
    const s: RuleScore = {
      planted: want.length,
      found: got.length,
      truePositives: used.size,
      recall: ratio(used.size, want.length),
      precision: ratio(used.size, got.length),
      passed: false,
      misses: want.filter((_, n) => !used.has(n)),
      falsePositives,
    };
    s.passed = s.recall >= TARGETS.recall && s.precision >= TARGETS.precision;
    rules[code] = s;
    planted += s.planted;
    foundAll += s.found;
    tp += s.truePositives;
  }
  return {
    rules,
    totals: {
      planted,
      found: foundAll,
      truePositives: tp,
      recall: ratio(tp, planted),
      precision: ratio(tp, foundAll),
    },
    passed: Object.values(rules).every((r) => r.passed),
  };
}
