/**
 * Every `fixtures/focus/<name>.csv|.parquet` that has a `<name>.expected.json` beside it is read
 * and compared whole. Expected files hold either `{ invoices, fileIssues }` or, for a refused
 * file, `{ error: { code, line } }`. They were written from the reader's output and then checked
 * by hand line by line against the fixture; a change in output must be reviewed the same way.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { fileSource } from '../source.ts';
import { parseFocusCsv } from './csv.ts';
import { parseFocusParquet } from './parquet.ts';
import { run } from './testing.ts';

const DIR = path.resolve(import.meta.dirname, '../../../../fixtures/focus');
const cases = readdirSync(DIR)
  .filter((f) => /\.(csv|parquet)$/.test(f))
  .map((f) => ({ file: f, expected: path.join(DIR, f.replace(/\.(csv|parquet)$/, '.expected.json')) }))
  .filter((c) => existsSync(c.expected));

describe('fixtures/focus', () => {
  it('has fixtures to check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  it.each(cases)('$file', async ({ file, expected }) => {
    const parser = file.endsWith('.parquet') ? parseFocusParquet : parseFocusCsv;
    const out = await run(parser, fileSource(path.join(DIR, file)));
    const want = JSON.parse(readFileSync(expected, 'utf8'));
    if (want.error) {
      expect(out.invoices).toEqual([]);
      expect({ code: out.error?.code, line: out.error?.line }).toEqual(want.error);
      return;
    }
    expect(out.error).toBeUndefined();
    expect(JSON.parse(JSON.stringify({ invoices: out.invoices, fileIssues: out.fileIssues }))).toEqual(want);
  });

  it('exponent-amounts: the invoice total is the exact sum of the written amounts', async () => {
    const out = await run(parseFocusCsv, fileSource(path.join(DIR, 'exponent-amounts.csv')));
    const sum = (out.invoices[0]?.charges ?? []).reduce((s, c) => s.plus(c.amount), new Decimal(0));
    // 4e-10 + 0.0015 - 0.2 + 1234.56 + 5 - 12 + 0.0000000004 + 7.25
    expect(sum.toFixed()).toBe('1234.6115000008');
  });
});
