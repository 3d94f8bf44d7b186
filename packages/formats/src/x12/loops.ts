/**
 * Opening a charge line from the segment that starts its loop. Element positions and types are
 * those of 004010 (unchanged in 005010 for these elements):
 * - IT1: 02 qty R, 03 unit, 04 unit price R, 06/07… product id pairs
 * - SLN: 03 relationship (O = information only, I = included), 04 qty R, 05 unit (composite),
 *        06 unit price R, 09/10… product id pairs
 * - USD: 01 relationship, 03 rate R, 05 unit, 06 qty R, 08 amount R
 * - TCD: 02 date, 03 time, 05 "to" number, 08 "from" number, 10 measurement R, 12 amount R,
 *        16 relationship
 * - ITA: 01 A/C/N, 03 special services code, 04 method of handling, 06 rate R, 07 amount N2,
 *        10 unit, 11/12 quantity R, 13 description, 14 special charge code
 * - TXI: 01 tax type, 02 amount R, 03 percent, 04/05 jurisdiction, 06 exempt code
 */
import { type Line, newLine } from './lines.ts';
import type { CarrierProfile } from './profiles.ts';
import type { Segment } from './tokenizer.ts';
import type { HlNode } from './tree.ts';
import { appendDescription, el, firstComponent, num } from './values.ts';

/** First product-id qualifier/value pair starting at element `n`. */
function productPair(seg: Segment, n: number): string | null {
  for (let i = n; i + 1 < seg.elements.length; i += 2) if (el(seg, i + 1)) return el(seg, i + 1);
  return null;
}

function keep(line: Line, pairs: [string, string][]): void {
  for (const [key, value] of pairs) if (value) line.attributes[key] = value;
}

export function it1Line(seg: Segment, node: HlNode | null): Line {
  const line = newLine('IT1', seg, node);
  line.quantity = num(seg, 2, 'R');
  line.unit = el(seg, 3) || null;
  line.unitRate = num(seg, 4, 'R');
  line.productCode = productPair(seg, 6);
  return line;
}

export function slnLine(seg: Segment, node: HlNode | null, component: string | null): Line {
  const line = newLine('SLN', seg, node);
  line.quantity = num(seg, 4, 'R');
  line.unit = firstComponent(el(seg, 5), component) || null;
  line.unitRate = num(seg, 6, 'R');
  line.productCode = productPair(seg, 9);
  keep(line, [['relationship', el(seg, 3)]]);
  line.infoOnly = el(seg, 3) === 'O';
  return line;
}

export function usdLine(seg: Segment, node: HlNode | null, component: string | null): Line {
  const line = newLine('USD', seg, node);
  line.unitRate = num(seg, 3, 'R');
  line.unit = firstComponent(el(seg, 5), component) || null;
  line.quantity = num(seg, 6, 'R');
  line.amount = num(seg, 8, 'R');
  line.infoOnly = el(seg, 1) === 'O';
  return line;
}

export function tcdLine(seg: Segment, node: HlNode | null, profile: CarrierProfile): Line {
  const line = newLine('TCD', seg, node);
  line.quantity = num(seg, 10, 'R');
  line.amount = num(seg, 12, 'R');
  line.infoOnly = profile.callDetail === 'info' || el(seg, 16) === 'O';
  keep(line, [
    ['callDate', el(seg, 2)],
    ['callTime', el(seg, 3)],
    ['to', el(seg, 5)],
    ['from', el(seg, 8)],
  ]);
  return line;
}

export function itaLine(seg: Segment, node: HlNode | null, p: CarrierProfile): Line {
  const line = newLine('ITA', seg, node);
  const code = el(seg, 3);
  const special = el(seg, 14);
  const handling = el(seg, 4);
  line.amount = num(seg, 7, 'N2');
  line.unitRate = num(seg, 6, 'R');
  line.quantity = num(seg, 12, 'R') ?? num(seg, 11, 'R');
  line.unit = el(seg, 10) || null;
  // ITA01 A (allowance) is a credit; its sign multiplies any sign already on the amount.
  line.negative = el(seg, 1) === 'A';
  line.infoOnly = p.itaInfoOnlyHandling.includes(handling) || el(seg, 1) === 'N';
  line.kind = p.itaCodes[code] ?? p.itaCodes[special] ?? (p.itaTaxHandling.includes(handling) ? 'tax' : null);
  line.description = appendDescription(null, el(seg, 13));
  keep(line, [
    ['itaCode', code],
    ['specialChargeCode', special],
    ['handling', handling],
  ]);
  return line;
}

export function txiLine(seg: Segment, node: HlNode | null, p: CarrierProfile): Line {
  const line = newLine('TXI', seg, node);
  const code = el(seg, 1);
  line.amount = num(seg, 2, 'R');
  line.kind = p.txiTypeKinds[code] ?? 'tax';
  line.description = p.txiTypeNames[code] ?? (code ? `Tax ${code}` : 'Tax');
  keep(line, [
    ['taxType', code],
    ['taxPercent', el(seg, 3)],
    ['jurisdictionQualifier', el(seg, 4)],
    ['jurisdictionCode', el(seg, 5)],
    ['taxExemptCode', el(seg, 6)],
  ]);
  return line;
}
