import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { FormatError, type ParsedInvoice } from '../canonical.ts';
import { bufferSource, fileSource } from '../source.ts';
import {
  ATT_WIRELINE_DETAIL,
  BUILT_IN_PROFILES,
  type CarrierOptions,
  detectCsvProfile,
  detectProfile,
  type MappingProfile,
  parseCarrierCsv,
  parseCarrierXlsx,
  sniffDelimiter,
  TEMOPS_TEMPLATE,
  VERIZON_WIRELESS_SUMMARY,
  validateProfile,
} from './index.ts';

const fixtures = fileURLToPath(new URL('../../../../fixtures/csv/', import.meta.url));

async function parse(file: string, opts: Partial<CarrierOptions> = {}): Promise<ParsedInvoice[]> {
  const out: ParsedInvoice[] = [];
  const parser = file.endsWith('.xlsx') ? parseCarrierXlsx : parseCarrierCsv;
  for await (const inv of parser(fileSource(`${fixtures}${file}`), opts)) out.push(inv);
  return out;
}

async function parseText(
  text: string | Buffer,
  profile: MappingProfile = TEMOPS_TEMPLATE,
): Promise<ParsedInvoice[]> {
  const out: ParsedInvoice[] = [];
  for await (const inv of parseCarrierCsv(bufferSource('upload.csv', text), { profile })) out.push(inv);
  return out;
}

async function _refusal(
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

describe('carrier CSV/XLSX fixtures (fixtures/csv/<name>.<csv|xlsx> → <name>.expected.json)', () => {
  const files = readdirSync(fixtures).filter((f) => /\.(csv|xlsx)$/.test(f));
  it('covers every built-in profile, a banner file, EU, UTF-16LE, Windows-1252 and XLSX', () => {
    expect(files.sort()).toEqual([
      'att-wireline.csv',
      'eu-semicolon.csv',
      'temops-template.csv',
      'utf16le-template.csv',
      'verizon-summary-banner.csv',
      'verizon-summary.xlsx',
      'windows-1252-pipe.csv',
    ]);
  });
  for (const file of files) {
    it(file, async () => {
      // a <name>.profile.json is a tenant profile; without one the built-in profiles are detected
      const profileFile = `${fixtures}${file.replace(/\.\w+$/, '.profile.json')}`;
      const profile = existsSync(profileFile)
        ? (JSON.parse(readFileSync(profileFile, 'utf8')) as MappingProfile)
        : undefined;
      const expected = JSON.parse(
        readFileSync(`${fixtures}${file.replace(/\.\w+$/, '.expected.json')}`, 'utf8'),
      );
      expect({ invoices: await parse(file, { profile }), fileIssues: [] }).toEqual(expected);
    });
  }

  it('charges add up to the totals printed in the files (computed here with decimal.js)', async () => {
    const att = await parse('att-wireline.csv');
    expect(att.map((i) => [i.accountNumber, i.charges.length, total(i)])).toEqual([
      ['0312345678901', 11, '1451.70'], // "Subtotal 0312345678901" row
      ['0319876543210', 2, '48.99'],
    ]);
    expect(att[0]?.subAccountNumber).toBeNull(); // sub-accounts 001 and 002
    expect(att[1]?.subAccountNumber).toBe('001');
    const vz = await parse('verizon-summary-banner.csv');
    expect([vz.length, vz[0]?.charges.length, total(vz[0])]).toEqual([1, 15, '204.52']);
    const xlsx = await parse('verizon-summary.xlsx');
    expect([xlsx[0]?.charges.length, total(xlsx[0])]).toEqual([13, '182.13']);
    expect(
      total(
        (
          await parse('eu-semicolon.csv', {
            profile: JSON.parse(readFileSync(`${fixtures}eu-semicolon.profile.json`, 'utf8')),
          })
        )[0],
      ),
    ).toBe('1588.02');
    expect((await parse('temops-template.csv')).map(total)).toEqual(['1176.52', '41.45']);
    expect(total((await parse('utf16le-template.csv'))[0])).toBe('43.55');
    expect(total((await parse('windows-1252-pipe.csv'))[0])).toBe('63.81');
  });

  it('kinds from the carriers\u2019 charge types, and text kept verbatim', async () => {
    const att = await parse('att-wireline.csv');
    expect(att[0]?.charges.map((c) => c.kind)).toEqual([
      'recurring',
      'recurring',
      'recurring',
      'one_time',
      'usage',
      'recurring',
      'surcharge_fee',
      'tax',
      'tax',
      'credit_adjustment',
      'late_fee',
    ]);
    const tpl = (await parse('temops-template.csv'))[0]?.charges ?? [];
    expect(tpl[3]?.description).toBe('=HYPERLINK("http://example.com","Service credit")');
    expect(tpl[3]?.amount).toBe('-12.34');
    expect(tpl[5]?.description).toBe('@SUM(1+1) regulatory fee');
    expect(tpl[6]).toMatchObject({
      amount: '0',
      infoOnly: true,
      description: 'Plan includes 100000 API calls',
    });
    const cp = (await parse('windows-1252-pipe.csv'))[0]?.charges ?? [];
    expect(cp[1]?.description).toBe('Caller\u2019s name display \u201cDeluxe\u201d');
    expect(cp[0]?.attributes?.location).toBe('Café Olé, 812 Rue Bourbon, New Orleans LA');
  });
});

describe('profiles', () => {
  it('built-in profiles are valid, and detected by their headers', () => {
    for (const p of BUILT_IN_PROFILES) expect(validateProfile(p)).toEqual([]);
    expect(
      detectProfile(['Billing Account Number', 'USOC', 'Charge Type', 'Amount'], BUILT_IN_PROFILES),
    ).toBe(ATT_WIRELINE_DETAIL);
    expect(
      detectProfile([' wireless  NUMBER', 'Monthly Access Charges', 'Bill Cycle Date'], BUILT_IN_PROFILES),
    ).toBe(VERIZON_WIRELESS_SUMMARY);
    expect(detectProfile(TEMPLATE_HEADER.split(','), BUILT_IN_PROFILES)).toBe(TEMOPS_TEMPLATE);
    expect(detectProfile(['Foo', 'Bar'], BUILT_IN_PROFILES)).toBeNull();
  });

  it('the profile with more specific detect headers wins', () => {
    const tenant: MappingProfile = {
      ...TEMOPS_TEMPLATE,
      id: 'tenant:x',
      detectHeaders: [...TEMOPS_TEMPLATE.detectHeaders, 'GL Code'],
    };
    expect(detectProfile([...TEMPLATE_HEADER.split(','), 'GL Code'], [...BUILT_IN_PROFILES, tenant])).toBe(
      tenant,
    );
    expect(detectProfile(TEMPLATE_HEADER.split(','), [...BUILT_IN_PROFILES, tenant])).toBe(TEMOPS_TEMPLATE);
  });

  it('detects a profile from the first bytes of a file, past banner rows', () => {
    const head = readFileSync(`${fixtures}verizon-summary-banner.csv`, 'utf8');
    expect(detectCsvProfile(head)).toMatchObject({
      profile: VERIZON_WIRELESS_SUMMARY,
      delimiter: ',',
      headerLine: 5,
    });
    expect(detectCsvProfile('a;b;c\n1;2;3\n')).toBeNull();
  });

  it('validateProfile names what is wrong', () => {
    const bad = {
      ...TEMOPS_TEMPLATE,
      defaultKind: 'misc',
      kindMap: { '/(/': 'tax' },
      thousands: '.',
      decimalMark: '.',
      columns: { accountNumber: 'A' },
    };
    expect(validateProfile(bad as unknown as MappingProfile)).toEqual([
      'columns.amount or amountColumns is required',
      'defaultKind "misc" is not a charge kind',
      expect.stringContaining('kindMap /(/'),
      'thousands separator and decimal mark must differ',
    ]);
  });

  it('sniffs the delimiter', () => {
    expect(sniffDelimiter('a;b;c\n1;2,5;3\n4;5,5;6')).toBe(';');
    expect(sniffDelimiter('Title\n\na|b|c\n1|2|3')).toBe('|');
    expect(sniffDelimiter('a\tb\n"x,y"\t2')).toBe('\t');
    expect(sniffDelimiter('single')).toBe(',');
  });
});
