/** Hostile and broken inputs (RELIABILITY.md §3.2 CSV/FOCUS rows): each is refused with a code and a line, or read exactly. */
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { bufferSource, fileSource } from '../source.ts';
import { parseFocusCsv } from './csv.ts';
import { run, withTempDir } from './testing.ts';

const HEAD =
  'BilledCost,BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,ChargeFrequency,ChargePeriodStart,ChargePeriodEnd,ChargeDescription';
const row = (cost: string, desc = 'Compute') =>
  `${cost},A1,USD,2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,Usage,Usage-Based,2024-09-02T00:00:00Z,2024-09-03T00:00:00Z,${desc}`;
const csv = (...lines: string[]) => `${[HEAD, ...lines].join('\n')}\n`;
const parseText = (text: string | Buffer, opts = {}) => run(parseFocusCsv, bufferSource('t.csv', text), opts);

describe('refused files', () => {
  it.each([
    ['a 0-byte file', '', 'empty_file'],
    ['a BOM only', '\uFEFF', 'empty_file'],
    ['only blank lines', '\n\n\r\n', 'empty_file'],
    ['a header only', `${HEAD}\n`, 'focus_no_rows'],
  ])('%s', async (_, text, code) => {
    const out = await parseText(text);
    expect(out.invoices).toEqual([]);
    expect(out.error).toMatchObject({ name: 'FormatError', code });
  });

  it('an unterminated quote, naming its line', async () => {
    const out = await parseText(csv(row('1.00'), row('2.00', '"never closed'), row('3.00')));
    expect(out.invoices).toEqual([]);
    expect(out.error).toMatchObject({ code: 'csv_unterminated_quote', line: 3 });
  });

  it('a ragged row, naming its line', async () => {
    const out = await parseText(csv(row('1.00'), row('2.00', '"multi\nline"'), '3.00,A1,USD'));
    expect(out.error).toMatchObject({ code: 'csv_ragged_row', line: 5 });
    expect(out.error?.message).toBe('line 5: 3 cells where the header has 10');
    const long = await parseText(csv(row('1.00'), `${row('2.00')},extra`));
    expect(long.error).toMatchObject({ code: 'csv_ragged_row', line: 3 });
  });

  it('but blank, whitespace-only and all-empty rows carry nothing and are skipped', async () => {
    const out = await parseText(`\n  \n${HEAD}\n${row('1.00')}\n,,,,,,,,,\n   \n${row('2.00')}\n,,,,,,,,,\n`);
    expect(out.error).toBeUndefined();
    expect(out.invoices[0]?.charges.map((c) => [c.source.line, c.amount])).toEqual([
      [4, '1.00'],
      [7, '2.00'],
    ]);
  });

  it('a 5 MB single line, without holding it', async () => {
    const out = await parseText(csv(row('1.00', 'x'.repeat(5 * 1024 * 1024))));
    expect(out.error).toMatchObject({ code: 'csv_record_too_large', line: 2 });
    const noNewline = await parseText('B'.repeat(5 * 1024 * 1024));
    expect(noNewline.error).toMatchObject({ code: 'csv_record_too_large' });
  });

  it('binary junk: random bytes, a ZIP, a PNG, a NUL inside text', async () => {
    let seed = 7;
    const junk = Buffer.from(
      Buffer.alloc(64 * 1024, 0).map(() => {
        seed = (seed * 1103515245 + 12345) >>> 0;
        return seed >>> 24;
      }),
    );
    const zip = Buffer.concat([Buffer.from('PK\x03\x04'), junk.subarray(0, 500)]);
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      junk.subarray(0, 500),
    ]);
    const nul = Buffer.from(csv(row('1.00', 'a\u0000b')));
    for (const bytes of [junk, zip, png, nul]) {
      const out = await parseText(bytes);
      expect(out.invoices).toEqual([]);
      expect(out.error?.name).toBe('FormatError');
    }
    expect((await parseText(nul)).error).toMatchObject({ code: 'binary_content' });
  });

  it('a BilledCost that is not a number, on the line where the record starts', async () => {
    const out = await parseText(csv(row('1.00'), row('"12,34"', '"two\nlines"'), row('3.00')));
    expect(out.invoices).toEqual([]);
    expect(out.error).toMatchObject({ code: 'focus_bad_amount', line: 3 });
    expect(out.error?.message).toBe('line 3: BilledCost "12,34" is not a number');
  });

  it.each([
    ['NaN', 'focus_bad_amount'],
    ['', 'focus_bad_amount'],
    ['NULL', 'focus_bad_amount'],
  ])('BilledCost %j', async (cost, code) => {
    expect((await parseText(csv(row(cost)))).error).toMatchObject({ code, line: 2 });
  });

  it('a missing account, currency or billing period on a row', async () => {
    const noAccount = csv(row('1').replace(',A1,', ',NULL,'));
    const badCurrency = csv(row('1').replace(',USD,', ',US Dollar,'));
    const badPeriod = csv(row('1').replace('2024-09-01T00:00:00Z,2024-10', '2024-13-01,2024-10'));
    expect((await parseText(noAccount)).error).toMatchObject({ code: 'focus_missing_value', line: 2 });
    expect((await parseText(badCurrency)).error).toMatchObject({ code: 'focus_bad_currency', line: 2 });
    expect((await parseText(badPeriod)).error).toMatchObject({ code: 'focus_bad_date', line: 2 });
  });
});

describe('read exactly', () => {
  it('UTF-16LE and UTF-16BE files (with BOM) read like UTF-8', async () => {
    const text = csv(row('1.50', 'Café €'), row('2.25'));
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    const utf8 = await parseText(text);
    for (const bytes of [le, be]) {
      const out = await parseText(bytes);
      expect(out.error).toBeUndefined();
      expect(out.invoices).toEqual(utf8.invoices);
    }
    expect(utf8.invoices[0]?.charges[0]?.description).toBe('Café €');
  });

  it('Windows-1252 bytes (0x80 = €) decode, with a file-level warning', async () => {
    const filler = Array.from({ length: 3000 }, (_, i) => row(`${i}.00`));
    const bytes = Buffer.concat([
      Buffer.from(csv(...filler)),
      Buffer.from(`${row('9.99', 'Prix ')}`),
      Buffer.from([0x80, 0x20, 0xe9, 0x74, 0xe9, 0x0a]), // "€ été"
    ]);
    const out = await parseText(bytes);
    expect(out.error).toBeUndefined();
    expect(out.invoices[0]?.charges.at(-1)?.description).toBe('Prix € été');
    expect(out.fileIssues).toMatchObject([{ severity: 'warning', code: 'focus_encoding_fallback' }]);
  });

  it('formula-looking cells stay plain text, byte for byte', async () => {
    const head = `${HEAD},x_Note`;
    const cells = ['"=HYPERLINK(""http://x"",""y"")"', "+cmd|' /C calc'!A0", '@SUM(1)', '"\t=1"', '-2+3'];
    const text = `${head}\n${cells.map((c) => `${row('1.00', c)},${c}`).join('\n')}\n`;
    const out = await parseText(text);
    const want = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", '@SUM(1)', '\t=1', '-2+3'];
    expect(out.invoices[0]?.charges.map((c) => c.description)).toEqual(want);
    expect(out.invoices[0]?.charges.map((c) => c.attributes?.x_Note)).toEqual(want);
  });

  it('a column named __proto__ stays an ordinary attribute', async () => {
    const out = await parseText(`${HEAD},__proto__\n${row('1')},"{""polluted"":1}"\n`);
    const attrs = out.invoices[0]?.charges[0]?.attributes ?? {};
    expect(Object.getPrototypeOf(attrs)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(attrs, '__proto__')?.value).toBe('{"polluted":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('CRLF, blank lines and quoted newlines keep line numbers true', async () => {
    const text = [HEAD, row('1'), '', row('2', '"a\r\nb"'), '', '', row('3')].join('\r\n');
    const out = await parseText(text);
    expect(out.invoices[0]?.charges.map((c) => [c.source.line, c.amount])).toEqual([
      [2, '1'],
      [4, '2'],
      [8, '3'],
    ]);
    expect(out.invoices[0]?.charges[1]?.description).toBe('a\r\nb');
  });

  it('reports progress up to the file size', async () => {
    const text = csv(row('1'));
    const seen: number[] = [];
    await parseText(text, { onProgress: (n: number) => seen.push(n) });
    expect(seen.at(-1)).toBe(Buffer.byteLength(text));
  });
});

describe('warnings on optional cells', () => {
  it('an unreadable optional number or date is left out and named with its line', async () => {
    const out = await parseText(
      `${HEAD},EffectiveCost\n${row('1')},abc\n${row('2').replace('2024-09-02T00:00:00Z', 'soon')},3\n`,
    );
    expect(out.error).toBeUndefined();
    const [a, b] = out.invoices[0]?.charges ?? [];
    expect(a?.attributes?.EffectiveCost).toBeUndefined();
    expect(b).toMatchObject({
      periodStart: null,
      periodEnd: '2024-09-02',
      attributes: { EffectiveCost: '3' },
    });
    expect(out.invoices[0]?.issues).toEqual([
      expect.objectContaining({ code: 'focus_no_invoice_id' }),
      {
        severity: 'warning',
        code: 'focus_bad_number',
        message: 'line 2: EffectiveCost "abc" is not a number; left out',
        line: 2,
      },
      {
        severity: 'warning',
        code: 'focus_bad_date',
        message: 'line 3: ChargePeriodStart "soon" is not a date; left out',
        line: 3,
      },
    ]);
  });

  it('lists 20 warnings of a kind per invoice and counts the rest', async () => {
    const rows = Array.from({ length: 50 }, () => `${row('1')},bad`);
    const out = await parseText(`${HEAD},ListCost\n${rows.join('\n')}\n`);
    const issues = out.invoices[0]?.issues ?? [];
    expect(issues.filter((i) => i.code === 'focus_bad_number')).toHaveLength(21);
    expect(issues.at(-1)).toEqual({
      severity: 'warning',
      code: 'focus_bad_number',
      message: '30 more focus_bad_number issues not listed',
    });
  });

  it('a second currency in one invoice is an error issue, once', async () => {
    const head = `${HEAD},InvoiceId`;
    const out = await parseText(
      `${head}\n${row('1')},INV-1\n${row('2').replace('USD', 'EUR')},INV-1\n${row('3').replace('USD', 'GBP')},INV-1\n`,
    );
    expect(out.invoices).toHaveLength(1);
    expect(out.invoices[0]?.currency).toBe('USD');
    expect(out.invoices[0]?.issues).toEqual([
      {
        severity: 'error',
        code: 'focus_currency_mismatch',
        message: 'line 3: BillingCurrency EUR differs from USD',
        line: 3,
      },
    ]);
  });
});

describe('spilling to disk', () => {
  const sample = '/work/shared/reference/samples/focus-1.0-sample-1000rows.csv';

  it('gives the same invoices as in memory, and leaves no file behind', async () => {
    await withTempDir(async (dir) => {
      const inMemory = await run(parseFocusCsv, fileSource(sample));
      const spilled = await run(parseFocusCsv, fileSource(sample), { spillAboveBytes: 20_000, tmpDir: dir });
      expect(spilled.error).toBeUndefined();
      expect(spilled.invoices).toEqual(inMemory.invoices);
      expect(await readdir(dir)).toEqual([]);
    });
  });

  it('cleans up when the consumer stops early or the file is refused', async () => {
    await withTempDir(async (dir) => {
      for await (const _ of parseFocusCsv(fileSource(sample), { spillAboveBytes: 20_000, tmpDir: dir }))
        break;
      const broken = `${readFileSync(sample, 'utf8')}"unterminated\n`;
      const out = await run(parseFocusCsv, bufferSource('b.csv', broken), {
        spillAboveBytes: 20_000,
        tmpDir: dir,
      });
      expect(out.error).toMatchObject({ code: 'csv_unterminated_quote', line: 1002 });
      expect(await readdir(dir)).toEqual([]);
    });
  });
});
