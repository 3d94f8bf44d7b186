import { line } from './billing.ts';
import type { Invoice, Line } from './model.ts';

/**
 * Corrected bills: the carrier first sends a bill with an error, then a corrected bill with the
 * same number that replaces it. The first version ends up superseded, so its error must produce
 * no finding; the model holds the corrected version.
 */

export interface Correction {
  kind: 'overcharge' | 'duplicate' | 'late_fee';
  /** the line the error is on (overcharge, duplicate) */
  identifier: string | null;
  code: string | null;
  cents: number;
  /** days after the first version the corrected bill arrives */
  after: number;
}

/** The first version of a corrected bill: the corrected one with the error put back. */
export function originalOf(inv: Invoice): Invoice {
  const c = inv.correction!;
  const lines: Line[] = inv.lines.map((l) => ({ ...l, subs: [...l.subs], marks: [] }));
  let error = c.cents;
  const target = lines.findIndex((l) => l.identifier === c.identifier && l.code === c.code);
  if (c.kind === 'overcharge') lines[target]!.cents += c.cents;
  else if (c.kind === 'duplicate') {
    error = lines[target]!.cents;
    lines.splice(target + 1, 0, { ...lines[target]!, subs: [], bare: true });
  } else lines.push(line(null, 'late_fee', 'LATE', 'Late payment charge', null, c.cents));
  const stated = inv.stated && {
    ...inv.stated,
    current: inv.stated.current + error,
    totalDue: inv.stated.totalDue + error,
  };
  return { ...inv, lines, stated, statedDelta: { ...inv.statedDelta } };
}
