import { describe, expect, it } from 'vitest';
import {
  addSkipPrefix,
  draftFromProfile,
  emptyDraft,
  guessFormats,
  mappedHeaders,
  problems,
  slugify,
  toProfile,
  unmappedKindValues,
} from './draft.ts';
import type { MappingProfile, Preview } from './types.ts';

const HEADERS = ['Kundennummer', 'Rechnungsnummer', 'Rechnungsdatum', 'Art', 'Leistung', 'Betrag'];
const preview = (rows: string[][]): Preview => ({
  format: 'csv',
  encoding: 'utf8',
  delimiter: ';',
  headerRow: 1,
  headers: HEADERS,
  detectedProfile: null,
  profileError: null,
  sampleRows: rows.map((cells, i) => ({ line: i + 2, cells })),
  charges: [],
});

describe('slugify', () => {
  it('makes a valid profile id from a name', () => {
    expect(slugify('Verizon Wireless — export')).toBe('verizon-wireless-export');
    expect(slugify('Telekom Grundgebühr Straße')).toBe('telekom-grundgebuhr-strasse');
    expect(slugify('  ')).toBe('profile');
  });
});

describe('toProfile', () => {
  it('keeps only what is set, and detect headers follow the mapped columns', () => {
    const d = {
      ...emptyDraft(),
      name: 'EU mobile',
      vendorName: 'Beispiel Telekom GmbH',
      columns: { accountNumber: 'Kundennummer', invoiceNumber: 'Rechnungsnummer', amount: 'Betrag' },
      decimalMark: ',' as const,
      dateFormat: 'eu' as const,
      currency: 'eur',
    };
    const p = toProfile(d, HEADERS);
    expect(p).toMatchObject({
      id: 'eu-mobile',
      detectHeaders: ['Kundennummer', 'Rechnungsnummer', 'Betrag'],
      columns: { accountNumber: 'Kundennummer', invoiceNumber: 'Rechnungsnummer', amount: 'Betrag' },
      currency: 'EUR',
      decimalMark: ',',
    });
    expect(p).not.toHaveProperty('thousands');
    expect(p).not.toHaveProperty('amountColumns');
    expect(problems(d, HEADERS, true)).toEqual([]);
  });

  it('round-trips a profile, keeping aliases and settings the form does not edit', () => {
    const original: MappingProfile = {
      id: 'tenant:att',
      name: 'AT&T',
      vendorName: 'AT&T',
      detectHeaders: ['BAN', 'USOC'],
      columns: { accountNumber: ['Billing Account Number', 'BAN'], amount: 'Amount' },
      extraColumns: { location: 'Service Location' },
      kindMap: { taxes: 'tax' },
      defaultKind: 'recurring',
      thousands: '',
      decimalMark: '.',
      dateFormat: 'us',
    };
    const back = toProfile(draftFromProfile(original), ['BAN', 'USOC', 'Amount']);
    expect(back).toEqual(original);
  });

  it('copies built-in profiles under a new id', () => {
    const d = draftFromProfile({
      id: 'builtin:x',
      name: 'X',
      vendorName: '',
      detectHeaders: ['a'],
      columns: { accountNumber: 'a', amount: 'b' },
      defaultKind: 'usage',
    });
    expect(toProfile(d, []).id).toBe('x-copy');
  });

  it('uses amount columns in the wide layout', () => {
    const d = {
      ...emptyDraft(),
      name: 'Wide',
      wide: true,
      columns: { accountNumber: 'Acct', amount: 'ignored' },
      amountColumns: [{ key: 1, column: 'Access', kind: 'recurring' as const, creditKind: null }],
    };
    const p = toProfile(d, ['Acct', 'Access']);
    expect(p.columns).toEqual({ accountNumber: 'Acct' });
    expect(p.amountColumns).toEqual([{ column: 'Access', kind: 'recurring' }]);
    expect(mappedHeaders(d, ['Acct', 'Access'])).toEqual(['Acct', 'Access']);
  });
});

describe('problems', () => {
  it('names what is missing', () => {
    const d = emptyDraft();
    expect(problems(d, HEADERS, true)).toEqual([
      'Give the profile a name.',
      'Map the account number column.',
      'Map the amount column, or switch to one column per charge type.',
      'Name at least one header that identifies the file (detect headers).',
    ]);
    expect(problems({ ...d, thousands: '.' }, HEADERS, false)).toContain(
      'The thousands separator and the decimal mark must differ.',
    );
  });
});

describe('guessFormats and kind values', () => {
  const p = preview([
    ['4711', 'R-1', '05.04.2024', 'Grundgebühr', 'Mobil', '1.258,80'],
    ['4711', 'R-1', '05.04.2024', 'usage', 'Calls', '10,73'],
    ['4711', 'R-1', '05.04.2024', 'MwSt', 'USt', '253,55'],
  ]);
  it('reads decimal commas and day-first dates', () => {
    expect(guessFormats(p)).toEqual({ decimalMark: ',', dateFormat: 'eu' });
  });
  it('lists kind values that are neither mapped nor canonical', () => {
    const d = { ...emptyDraft(), columns: { accountNumber: 'Kundennummer', kind: 'Art' } };
    expect(unmappedKindValues(d, p)).toEqual(['Grundgebühr', 'MwSt']);
  });
  it('adds a skip prefix', () => {
    expect(addSkipPrefix('', 'Summe')).toBe('^summe');
    expect(addSkipPrefix('^total', 'Gesamt (netto)')).toBe('^total|^gesamt \\(netto\\)');
  });
});
