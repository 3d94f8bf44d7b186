import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../canonical.ts';
import { bufferSource } from '../source.ts';
import { parseUbl, parseUblText } from './index.ts';

const samples = fileURLToPath(new URL('../../../../fixtures/samples/', import.meta.url));
const fixtures = fileURLToPath(new URL('../../../../fixtures/ubl/', import.meta.url));
const sample = (name: string) => readFileSync(`${samples}peppol-bis3-ubl-${name}.xml`, 'utf8');

function refusal(xml: string): FormatError {
  try {
    parseUblText(xml, 'test.xml');
  } catch (err) {
    if (err instanceof FormatError) return err;
    throw err;
  }
  throw new Error('expected a FormatError');
}

describe('UBL hostile and malformed input', () => {
  const base = sample('base-example');

  it('refuses DOCTYPE / ENTITY declarations before parsing, with the line', () => {
    const laughs = readFileSync(`${fixtures}billion-laughs.xml`, 'utf8');
    const started = Date.now();
    expect(refusal(laughs)).toMatchObject({ code: 'xml_doctype', line: 2 });
    // one 1 kB entity referenced 10^4 times (CVE-2026-26278 pattern)
    const big = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "${'A'.repeat(1024)}">]><Invoice>${'&a;'.repeat(10_000)}</Invoice>`;
    expect(refusal(big).code).toBe('xml_doctype');
    expect(refusal(`<!doctype x>${base}`).code).toBe('xml_doctype');
    expect(
      refusal(base.replace('<Invoice', '<!ENTITY % p SYSTEM "http://127.0.0.1/x">\n<Invoice')).code,
    ).toBe('xml_doctype');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses an external entity (XXE) and reads no file', () => {
    const err = refusal(readFileSync(`${fixtures}xxe-external-entity.xml`, 'utf8'));
    expect(err).toMatchObject({ code: 'xml_doctype', line: 3 });
    expect(err.message).not.toContain('root:');
  });

  it('a DOCTYPE inside a comment is inert and accepted', () => {
    expect(
      parseUblText(base.replace('<Invoice', '<!-- <!DOCTYPE x [<!ENTITY y "z">]> -->\n<Invoice'), 't.xml')
        .invoiceNumber,
    ).toBe('Snippet1');
  });

  it('decodes the predefined entities and character references in one pass', () => {
    const xml = base.replace(
      '<cbc:Name>item name</cbc:Name>',
      '<cbc:Name>AT&amp;T &amp;lt;x&amp;gt; &#x41;&#66;</cbc:Name>',
    );
    expect(parseUblText(xml, 't.xml').charges[0]?.description).toBe('AT&T &lt;x&gt; AB');
  });

  it('a flood of character references stays linear (CVE-2026-33036 pattern)', () => {
    const started = Date.now();
    const xml = base.replace(
      '<cbc:Name>item name</cbc:Name>',
      `<cbc:Name>${'&#x41;'.repeat(500_000)}</cbc:Name>`,
    );
    expect(parseUblText(xml, 't.xml').charges[0]?.description).toHaveLength(500_000);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses nesting 100,000 deep without a stack overflow', () => {
    const deep = `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</Invoice>`;
    expect(refusal(deep).code).toBe('xml_too_deep');
  });

  it('malformed and truncated XML: FormatError with the line', () => {
    expect(refusal(base.replace('</cbc:IssueDate>', '</cbc:IssueDat>'))).toMatchObject({
      code: 'xml_malformed',
      line: 8,
    });
    expect(refusal(base.slice(0, 3000)).code).toBe('xml_malformed');
    expect(refusal('not xml at all').code).toBe('xml_malformed');
  });

  it('refuses other encodings, invalid UTF-8 and oversized files', async () => {
    const run = async (bytes: Buffer) => {
      try {
        for await (const _ of parseUbl(bufferSource('t.xml', bytes))) void _;
      } catch (err) {
        return err as FormatError;
      }
      throw new Error('expected a FormatError');
    };
    expect((await run(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(base, 'utf16le')]))).code).toBe(
      'xml_encoding',
    );
    expect((await run(Buffer.from(base.replace('UTF-8', 'ISO-8859-1'), 'latin1'))).code).toBe('xml_encoding');
    expect((await run(Buffer.from(base.replace('item name', 'item \u00ff name'), 'latin1'))).code).toBe(
      'xml_encoding',
    );
    expect((await run(Buffer.alloc(21 * 1024 * 1024, 0x20))).code).toBe('too_large');
  });

  it('refuses documents that are not UBL invoices or lack required fields', () => {
    expect(refusal('<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>').code).toBe(
      'not_ubl',
    );
    expect(refusal('<Invoice xmlns="urn:example"><ID>1</ID></Invoice>').code).toBe('not_ubl');
    expect(refusal(base.replace('<cbc:ID>Snippet1</cbc:ID>', '')).code).toBe('missing_field');
    expect(refusal(base.replace('>2800<', '>2.800,00<'))).toMatchObject({ code: 'bad_amount', line: 147 });
    expect(refusal(base.replace('2017-12-01', '2017-02-30')).code).toBe('bad_date');
  });

  it('reports a line in another currency as an issue, and keeps an inexact price per base quantity as attributes', () => {
    const xml = base
      .replace(
        '<cbc:LineExtensionAmount currencyID="EUR">-1500',
        '<cbc:LineExtensionAmount currencyID="USD">-1500',
      )
      .replace(
        '<cbc:PriceAmount currencyID="EUR">400</cbc:PriceAmount>',
        '<cbc:PriceAmount currencyID="EUR">1000</cbc:PriceAmount><cbc:BaseQuantity>3</cbc:BaseQuantity>',
      );
    const inv = parseUblText(xml, 't.xml');
    expect(inv.issues).toEqual([
      expect.objectContaining({ severity: 'error', code: 'currency_mismatch', line: 179 }),
    ]);
    expect(inv.charges[0]).toMatchObject({
      unitRate: null,
      attributes: expect.objectContaining({ priceAmount: '1000', baseQuantity: '3' }),
    });
  });
});
