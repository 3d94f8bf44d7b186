import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { FormatError, type ParsedInvoice } from '../canonical.ts';
import { bufferSource } from '../source.ts';
import {
  ATT_WIRELINE_DETAIL,
  type MappingProfile,
  parseCarrierCsv,
  TEMOPS_TEMPLATE,
  VERIZON_WIRELESS_SUMMARY,
} from './index.ts';

const fixtures = fileURLToPath(new URL('../../../../fixtures/csv/', import.meta.url));

async function parseText(
  text: string | Buffer,
  profile: MappingProfile = TEMOPS_TEMPLATE,
): Promise<ParsedInvoice[]> {
  const out: ParsedInvoice[] = [];
  for await (const inv of parseCarrierCsv(bufferSource('upload.csv', text), { profile })) out.push(inv);
  return out;
}

async function refusal(
  text: string | Buffer,
  profile: MappingProfile = TEMOPS_TEMPLATE,
): Promise<FormatError> {
  try {
    await parseText(text, profile);
  } catch (err) {
    if (err instanceof FormatError) return err;
    throw err;
  }
  throw new Error('expected a FormatError');
}

const total = (inv: ParsedInvoice | undefined) =>
  (inv?.charges ?? []).reduce((s, c) => s.plus(c.amount), new Decimal(0)).toFixed(2);

const TEMPLATE_HEADER = 'Account Number,Invoice Number,Invoice Date,Charge Kind,Description,Amount,Currency';

describe('carrier CSV rules', () => {
  const row = (kind: string, amount: string, extra = '') =>
    `A-1,INV-1,2024-04-01,${kind},Thing${extra},${amount},USD`;

  it('groups by account + invoice number, even when rows interleave; each invoice comes out once its last row is read', async () => {
    const text = [
      TEMPLATE_HEADER,
      row('recurring', '10'),
      'B-2,INV-9,2024-04-01,usage,x,1,USD',
      TEMPLATE_HEADER, // a repeated header block
      row('tax', '0.80'),
    ].join('\n');
    const invoices = await parseText(text);
    expect(invoices.map((i) => [i.accountNumber, i.invoiceNumber, i.charges.length, total(i)])).toEqual([
      ['B-2', 'INV-9', 1, '1.00'], // complete at line 3
      ['A-1', 'INV-1', 2, '10.80'], // complete at line 5
    ]);
  });

  it('a bad last row refuses the file before any invoice is yielded', async () => {
    const text = [TEMPLATE_HEADER, 'B-2,INV-9,2024-04-01,usage,x,1,USD', row('usage', 'oops')].join('\n');
    const gen = parseCarrierCsv(bufferSource('upload.csv', text), { profile: TEMOPS_TEMPLATE });
    await expect(gen.next()).rejects.toMatchObject({ code: 'bad_amount', line: 3 });
  });

  it('without an invoice number column, the invoice is account + invoice date (with a warning)', async () => {
    const profile: MappingProfile = {
      ...TEMOPS_TEMPLATE,
      columns: { ...TEMOPS_TEMPLATE.columns, invoiceNumber: undefined },
      detectHeaders: ['Account Number', 'Amount'],
    };
    const [inv] = await parseText(
      'Account Number,Invoice Date,Amount,Currency\nA-1,2024-04-01,5,USD\nA-1,2024-04-01,6,USD',
      profile,
    );
    expect(inv).toMatchObject({
      invoiceNumber: 'A-1-2024-04-01',
      issues: [expect.objectContaining({ code: 'synthesized_invoice_number' })],
    });
    expect(inv?.charges).toHaveLength(2);
  });

  it('an unparseable amount refuses the file, naming file and line', async () => {
    const err = await refusal(
      [TEMPLATE_HEADER, row('usage', '1.00'), row('usage', '"12,5"'), row('usage', '2')].join('\n'),
    );
    expect(err).toMatchObject({ code: 'bad_amount', line: 3 });
    expect(err.message).toMatch(/^upload\.csv: line 3: amount: "12,5" is not a number/);
    expect((await refusal([TEMPLATE_HEADER, row('usage', '=1+2')].join('\n'))).code).toBe('bad_amount');
    expect((await refusal([TEMPLATE_HEADER, row('usage', '"1.234,56"')].join('\n'))).code).toBe('bad_amount');
  });

  it('dates, currency and accounts are checked per row', async () => {
    const bad = (r: string) => refusal(`${TEMPLATE_HEADER}\n${r}`);
    expect(await bad('A-1,INV-1,04/01/2024,usage,x,1,USD')).toMatchObject({ code: 'bad_value', line: 2 });
    expect((await bad('A-1,INV-1,2024-04-01,usage,x,1,')).code).toBe('missing_currency');
    expect((await bad('A-1,INV-1,2024-04-01,usage,x,1,dollars')).code).toBe('bad_currency');
    expect((await bad(',INV-1,2024-04-01,usage,x,1,USD')).code).toBe('missing_account');
    expect(
      (await refusal(`${TEMPLATE_HEADER}\n${row('usage', '1')}\nA-1,INV-1,2024-04-01,usage,x,1,EUR`)).code,
    ).toBe('mixed_currency');
  });

  it('an unknown charge type falls back to the default kind with a warning', async () => {
    const [inv] = await parseText(`${TEMPLATE_HEADER}\n${row('Misc', '1')}`);
    expect(inv?.charges[0]?.kind).toBe('recurring');
    expect(inv?.issues).toEqual([expect.objectContaining({ code: 'unknown_kind', line: 2 })]);
  });

  it('ragged rows are refused; a trailing empty column is not', async () => {
    expect(await refusal(`${TEMPLATE_HEADER}\nA-1,INV-1,2024-04-01,usage,x,1`)).toMatchObject({
      code: 'ragged_row',
      line: 2,
    });
    expect(await refusal(`${TEMPLATE_HEADER}\nA-1,INV-1,2024-04-01,usage,x,1,250,USD`)).toMatchObject({
      code: 'ragged_row',
      line: 2,
    });
    expect(await parseText(`${TEMPLATE_HEADER}\n${row('usage', '1')},,`)).toHaveLength(1);
  });

  it('missing or duplicated mapped columns refuse the file at the header line', async () => {
    expect(
      await refusal('Title\nAccount Number,Invoice Number,Charge Kind,Amount,Amount\nA,B,usage,1,2'),
    ).toMatchObject({ code: 'duplicate_column', line: 2 });
    const err = await refusal(
      'Account Number,Invoice Number,Charge Kind,Amount\nA,B,usage,1',
      ATT_WIRELINE_DETAIL,
    );
    expect(err.code).toBe('header_not_found');
    const vz = { ...VERIZON_WIRELESS_SUMMARY, detectHeaders: ['Wireless Number'] };
    expect(await refusal('Wireless Number,Amount\n1,2', vz)).toMatchObject({
      code: 'missing_column',
      line: 1,
    });
  });

  it('the header must appear within the first 50 rows', async () => {
    const banner = Array.from({ length: 60 }, (_, i) => `banner ${i}`).join('\n');
    expect((await refusal(`${banner}\n${TEMPLATE_HEADER}\n${row('usage', '1')}`)).code).toBe(
      'header_not_found',
    );
  });

  it('multi-line quoted values keep the line where the row starts', async () => {
    const err = await refusal(
      `${TEMPLATE_HEADER}\n${row('usage', '1')}\nA-1,INV-1,2024-04-01,usage,"two\nlines",bad,USD`,
    );
    expect(err).toMatchObject({ code: 'bad_amount', line: 3 });
  });

  it('an amount cell beginning with "-" is a negative number; text cells beginning with = + - @ stay text', async () => {
    const [inv] = await parseText(
      `${TEMPLATE_HEADER}\nA-1,INV-1,2024-04-01,credit_adjustment,"-2+3",-5.00,USD\nA-1,INV-1,2024-04-01,usage,"+cmd|' /C calc'!A0",1,USD`,
    );
    expect(inv?.charges.map((c) => [c.description, c.amount])).toEqual([
      ['-2+3', '-5.00'],
      ["+cmd|' /C calc'!A0", '1'],
    ]);
  });
});

describe('carrier CSV hostile input', () => {
  it('empty file, BOM only, blank lines only, header only: refused as empty', async () => {
    expect((await refusal('')).code).toBe('empty');
    expect((await refusal(Buffer.from([0xef, 0xbb, 0xbf]))).code).toBe('empty');
    expect((await refusal('\n\n\r\n  \n')).code).toBe('empty');
    expect((await refusal(`${TEMPLATE_HEADER}\n,,,,,,\n`)).code).toBe('empty');
  });

  it('unterminated quote: csv_syntax with the line', async () => {
    const err = await refusal(`${TEMPLATE_HEADER}\nA-1,INV-1,2024-04-01,usage,"never closed,1,USD\n`);
    expect(err.code).toBe('csv_syntax');
    expect(err.line).toBeGreaterThanOrEqual(2);
  });

  it('binary junk is refused', async () => {
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    expect((await refusal(junk)).code).toBe('binary_content');
    expect((await refusal(Buffer.from('\x89PNG\r\n\x1a\n'.repeat(100), 'latin1'))).code).toBe(
      'header_not_found',
    );
  });

  it('a 5 MB single line is refused with bounded memory', async () => {
    const err = await refusal(`${'x'.repeat(5 * 1024 * 1024)}`);
    expect(err.code).toBe('record_too_large');
  });

  it('a ZIP given to the CSV reader is refused', async () => {
    const err = await refusal(readFileSync(`${fixtures}verizon-summary.xlsx`));
    expect(err.code).toBe('not_csv');
  });

  it('encodings: declared UTF-8 with invalid bytes is refused; undeclared falls back to Windows-1252 even late in the file', async () => {
    const body = `${TEMPLATE_HEADER}\n${'A-1,INV-1,2024-04-01,usage,filler,1,USD\n'.repeat(3000)}A-1,INV-1,2024-04-01,usage,Caf\xe9 \x80 fee,1,USD\n`;
    const bytes = Buffer.from(body, 'latin1');
    expect(bytes.length).toBeGreaterThan(65_536);
    const invoices = await parseText(bytes);
    expect(invoices[0]?.charges.at(-1)?.description).toBe('Café € fee');
    expect((await refusal(bytes, { ...TEMOPS_TEMPLATE, encoding: 'utf8' })).code).toBe('bad_encoding');
  });

  it('UTF-16BE with a BOM is read', async () => {
    const text = `${TEMPLATE_HEADER}\nA-1,INV-1,2024-04-01,usage,Zürich,1,CHF\n`;
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    const [inv] = await parseText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    expect(inv?.charges[0]?.description).toBe('Zürich');
  });
});
