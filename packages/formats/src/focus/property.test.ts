/**
 * Property: whatever the row order, quoting and number spelling, every row lands in its invoice
 * once, invoice totals are the exact decimal sums, and the spilled store gives the same result.
 */
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bufferSource } from '../source.ts';
import { parseFocusCsv } from './csv.ts';
import { run } from './testing.ts';

const HEAD =
  'BillingAccountId,BilledCost,BillingCurrency,BillingPeriodStart,ChargeCategory,ChargeDescription';

const amount = fc
  .tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 12 }))
  .map(([n, scale]) => new Decimal(n.toString()).dividedBy(new Decimal(10).pow(scale)));

/** The same value written as FOCUS exporters and spreadsheets do. */
const spell = (d: Decimal, style: number): string => {
  if (style === 1) return d.toExponential();
  if (style === 2) return `"${d.isNegative() ? `(${d.abs().toFixed()})` : `$${d.toFixed()}`}"`;
  return d.toFixed();
};

const rowArb = fc.record({
  account: fc.constantFrom('A', 'B', 'C'),
  month: fc.constantFrom('2024-08', '2024-09'),
  amount,
  style: fc.integer({ min: 0, max: 2 }),
  description: fc.string({
    unit: fc.constantFrom('a', 'Z', ' ', '"', ',', '\n', '\r\n', 'é', '€', '='),
    maxLength: 12,
  }),
});

describe('FOCUS CSV, any order and spelling', () => {
  it('groups every row once and sums exactly, in memory and spilled', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 60 }), async (rows) => {
        const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
        const lines = rows.map(
          (r) => `${r.account},${spell(r.amount, r.style)},USD,${r.month}-01,Usage,${quote(r.description)}`,
        );
        const text = `${HEAD}\n${lines.join('\n')}\n`;
        const mem = await run(parseFocusCsv, bufferSource('p.csv', text));
        const disk = await run(parseFocusCsv, bufferSource('p.csv', text), { spillAboveBytes: 200 });
        expect(mem.error).toBeUndefined();
        expect(disk.invoices).toEqual(mem.invoices);
        const want = new Map<string, Decimal>();
        for (const r of rows) {
          const k = `${r.account}-${r.month}`;
          want.set(k, (want.get(k) ?? new Decimal(0)).plus(r.amount));
        }
        expect(mem.invoices.map((i) => i.invoiceNumber).sort()).toEqual([...want.keys()].sort());
        for (const inv of mem.invoices) {
          const got = inv.charges.reduce((s, c) => s.plus(c.amount), new Decimal(0));
          expect(got.equals(want.get(inv.invoiceNumber) as Decimal)).toBe(true);
        }
        // each row starts after the lines (and line breaks inside quoted cells) before it
        const starts: number[] = [];
        let next = 2;
        for (const r of rows) {
          starts.push(next);
          next += 1 + (r.description.match(/\r\n|\n/g)?.length ?? 0);
        }
        const byLine = new Map(
          mem.invoices.flatMap((i) => i.charges.map((c) => [c.source.line, c.description])),
        );
        expect([...byLine.keys()].sort((a, b) => (a as number) - (b as number))).toEqual(starts);
        rows.forEach((r, i) => {
          // blank descriptions are nulls; anything else is kept verbatim
          expect(byLine.get(starts[i])).toBe(r.description.trim() === '' ? null : r.description);
        });
      }),
      { numRuns: 60 },
    );
  });
});
