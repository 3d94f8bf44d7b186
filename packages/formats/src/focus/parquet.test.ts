import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Decimal from 'decimal.js';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import type { ParsedCharge, Source } from '../canonical.ts';
import { bufferSource, fileSource } from '../source.ts';
import { parseFocusCsv } from './csv.ts';
import { parseFocusParquet, scaleDecimal } from './parquet.ts';
import { writeFocusParquet } from './parquet-fixture.ts';
import { run, withTempDir } from './testing.ts';

const CSV = '/work/shared/reference/samples/focus-1.0-sample-1000rows.csv';
const PARQUET = path.resolve(
  import.meta.dirname,
  '../../../../fixtures/focus/focus-1.0-sample-1000rows.parquet',
);

/** DOUBLE cells print shortest (8e-7 → 0.0000008) where CSV keeps 0.00000080000: compare by value. */
const sameNumber = (a: string | null | undefined, b: string | null | undefined) =>
  a === b || (a != null && b != null && new Decimal(a).equals(b));

function expectSameCharge(p: ParsedCharge, c: ParsedCharge): void {
  expect(p.amount).toBe(c.amount); // DECIMAL(38,11): the very same text
  expect(p.source.line).toBe((c.source.line as number) - 1); // row number vs file line
  const { quantity, unitRate, attributes: pa, ...rest } = p;
  const { quantity: cq, unitRate: cr, attributes: ca, ...crest } = c;
  expect(rest).toEqual({ ...crest, source: rest.source });
  expect(sameNumber(quantity, cq), `quantity ${quantity} ${cq}`).toBe(true);
  expect(sameNumber(unitRate, cr), `unitRate ${unitRate} ${cr}`).toBe(true);
  expect(Object.keys(pa ?? {}).sort()).toEqual(Object.keys(ca ?? {}).sort());
  for (const [k, v] of Object.entries(ca ?? {})) {
    const ok = v === pa?.[k] || sameNumber(v, pa?.[k]);
    expect(ok, `${k}: ${pa?.[k]} vs ${v} (line ${c.source.line})`).toBe(true);
  }
}

describe('parseFocusParquet', async () => {
  const fromCsv = await run(parseFocusCsv, fileSource(CSV));
  const fromParquet = await run(parseFocusParquet, fileSource(PARQUET));

  it('reads the committed fixture (the 1000-row sample) into the same invoices as the CSV', () => {
    expect(fromParquet.error).toBeUndefined();
    expect(fromParquet.invoices).toHaveLength(6);
    fromParquet.invoices.forEach((p, i) => {
      const c = fromCsv.invoices[i];
      if (!c) throw new Error('missing invoice');
      const { charges: pc, issues: pi, source: ps, ...ph } = p;
      const { charges: cc, issues: ci, source: cs, ...ch } = c;
      expect(ph).toEqual(ch);
      expect(ps.line).toBe((cs.line as number) - 1);
      expect(pi.map((x) => x.code)).toEqual(ci.map((x) => x.code));
      expect(pc).toHaveLength(cc.length);
      for (const [k, charge] of pc.entries()) expectSameCharge(charge, cc[k] as ParsedCharge);
    });
  });

  it('reads several row groups, sliced, and a spilled store, identically', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'small-groups.parquet');
      writeFocusParquet(await readFile(CSV, 'utf8'), file, 37);
      const out = await run(parseFocusParquet, fileSource(file), { spillAboveBytes: 10_000, tmpDir: dir });
      expect(out.error).toBeUndefined();
      expect(out.invoices).toEqual(fromParquet.invoices);
    });
  });

  it('copies a large upload to a temp file for random access, and removes it', async () => {
    const bytes = await readFile(PARQUET);
    await withTempDir(async (dir) => {
      // a source claiming to be larger than the in-memory limit takes the temp-file path
      const big: Source = { ...bufferSource('big.parquet', bytes), size: 200 * 1024 * 1024 };
      const out = await run(parseFocusParquet, big, { tmpDir: dir });
      expect(out.invoices).toEqual(fromParquet.invoices);
      expect(readdirSync(dir)).toEqual([]);
    });
  });

  it('refuses bytes that are not Parquet', async () => {
    const out = await run(parseFocusParquet, bufferSource('x.parquet', Buffer.from('PAR1 not really PAR1')));
    expect(out.error).toMatchObject({ name: 'FormatError', code: 'parquet_invalid' });
  });

  it('refuses a Parquet file without the FOCUS columns, naming them', async () => {
    const buf = parquetWriteBuffer({ columnData: [{ name: 'Amount', data: [1, 2], type: 'DOUBLE' }] });
    const out = await run(parseFocusParquet, bufferSource('y.parquet', Buffer.from(buf)));
    expect(out.error).toMatchObject({ code: 'focus_missing_columns' });
    expect(out.error?.message).toContain('schema: not a usable FOCUS file');
  });

  it('reads string columns like CSV (NULL tokens, currency text, enum case); names the row of a bad BilledCost', async () => {
    const col = (name: string, data: (string | null)[]) => ({ name, data, type: 'STRING' as const });
    const file = (costs: string[]) =>
      bufferSource(
        'z.parquet',
        Buffer.from(
          parquetWriteBuffer({
            columnData: [
              col('BilledCost', costs),
              col('BillingAccountId', ['A', 'A', 'A']),
              col('BillingCurrency', ['usd', 'usd', 'usd']),
              col('BillingPeriodStart', ['2024-09-01', '2024-09-01', '2024-09-01']),
              col('ChargeCategory', ['tax', 'usage', 'Usage']),
              col('x_Region', [null, 'NULL', 'eu']),
            ],
          }),
        ),
      );
    const good = await run(parseFocusParquet, file(['1.50', '$2.00', '(3)']));
    expect(good.error).toBeUndefined();
    expect(good.invoices[0]).toMatchObject({ currency: 'USD', invoiceNumber: 'A-2024-09' });
    expect(
      good.invoices[0]?.charges.map((c) => [c.source.line, c.kind, c.amount, c.attributes?.x_Region]),
    ).toEqual([
      [1, 'tax', '1.50', undefined],
      [2, 'usage', '2.00', undefined],
      [3, 'usage', '-3', 'eu'],
    ]);
    const bad = await run(parseFocusParquet, file(['1.50', '$2.00', 'abc']));
    expect(bad.error).toMatchObject({
      code: 'focus_bad_amount',
      line: 3,
      message: 'row 3: BilledCost "abc" is not a number',
    });
  });

  it('turns typed cells into the same text as CSV', async () => {
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'BilledCost', data: [0.1, 4e-10], type: 'DOUBLE' },
        { name: 'BillingAccountId', data: [1234567890123456789n, 1n], type: 'INT64' },
        { name: 'BillingCurrency', data: ['USD', 'USD'], type: 'STRING' },
        {
          name: 'BillingPeriodStart',
          data: [new Date('2024-09-01T00:00:00Z'), new Date('2024-09-01T00:00:00Z')],
          type: 'TIMESTAMP',
        },
        { name: 'ChargeCategory', data: ['Usage', 'Usage'], type: 'STRING' },
        { name: 'PricingQuantity', data: [0.1, 3], type: 'FLOAT' },
        { name: 'x_Flag', data: [true, false], type: 'BOOLEAN' },
        { name: 'Tags', data: [{ env: 'prod' }, null], type: 'JSON' },
      ],
    });
    const out = await run(parseFocusParquet, bufferSource('t.parquet', Buffer.from(buf)));
    expect(out.error).toBeUndefined();
    expect(out.invoices.map((i) => i.accountNumber)).toEqual(['1234567890123456789', '1']);
    const [a, b] = out.invoices.map((i) => i.charges[0]);
    expect(a).toMatchObject({
      amount: '0.1',
      quantity: '0.1',
      attributes: { x_Flag: 'true', Tags: '{"env":"prod"}' },
    });
    expect(b).toMatchObject({ amount: '0.0000000004', quantity: '3', attributes: { x_Flag: 'false' } });
    expect(out.invoices[0]).toMatchObject({
      periodStart: '2024-09-01',
      invoiceNumber: '1234567890123456789-2024-09',
    });
  });
});

describe('scaleDecimal', () => {
  it('scales INT32, INT64 and two’s-complement bytes exactly', () => {
    expect(scaleDecimal(80000, 11)).toBe('0.00000080000');
    expect(scaleDecimal(-261370000000n, 11)).toBe('-2.61370000000');
    expect(scaleDecimal(new Uint8Array([0xff, 0xff, 0xff, 0xfe]), 2)).toBe('-0.02');
    expect(scaleDecimal(new Uint8Array([0x00, 0x01, 0x00]), 0)).toBe('256');
    expect(scaleDecimal(12n, -3)).toBe('12000');
    expect(scaleDecimal(123456789012345678901234567890n, 10)).toBe('12345678901234567890.1234567890');
    expect(scaleDecimal(1.5, 2)).toBeNull();
  });
});
