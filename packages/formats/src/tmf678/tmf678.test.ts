import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError, type ParsedInvoice, type ParseIssue } from '../canonical.ts';
import { bufferSource, fileSource } from '../source.ts';
import { parseTmf678, parseTmf678Text, sniffTmf678 } from './index.ts';
import { MAX_DEPTH, scanJson } from './json.ts';

const samples = fileURLToPath(new URL('../../../../fixtures/samples/', import.meta.url));
const fixtures = fileURLToPath(new URL('../../../../fixtures/tmf678/', import.meta.url));

async function parseFile(file: string) {
  const invoices: ParsedInvoice[] = [];
  const fileIssues: ParseIssue[] = [];
  for await (const inv of parseTmf678(fileSource(file), { onIssue: (i) => fileIssues.push(i) }))
    invoices.push(inv);
  return { invoices, fileIssues };
}

const sum = (inv: ParsedInvoice) => inv.charges.reduce((s, c) => s.plus(c.amount), new Decimal(0));

function refusal(text: string): FormatError {
  try {
    parseTmf678Text(text, 't.json');
  } catch (err) {
    if (err instanceof FormatError) return err;
    throw err;
  }
  throw new Error('expected a FormatError');
}

describe('TMF678 public v5 samples (values read from the files)', () => {
  it('customerBill: a bill without rate lines becomes a summary charge plus its tax item', async () => {
    const { invoices } = await parseFile(`${samples}tmf678-v5-customerBill-example.json`);
    expect(invoices).toHaveLength(1);
    const inv = invoices[0] as ParsedInvoice;
    expect(inv).toMatchObject({
      invoiceNumber: '780123456',
      accountNumber: 'A0815',
      invoiceDate: '2020-01-05',
      dueDate: '2020-01-15',
      currency: 'EUR',
      stated: { totalDue: '0', currentCharges: '50' },
    });
    expect(inv.charges.map((c) => [c.kind, c.amount, c.attributes?.summary ?? null])).toEqual([
      ['recurring', '40', 'true'], // taxExcludedAmount
      ['tax', '10', null], // taxItem VAT 0.25
    ]);
    expect(sum(inv).eq(inv.stated.currentCharges as string)).toBe(true);
    expect(inv.issues.map((i) => i.code)).toEqual(['summary_only']);
  });

  it('customerBillCreateEvent: the event wraps the bill, which is parsed', async () => {
    const { invoices } = await parseFile(`${samples}tmf678-v5-customerBillCreateEvent-example.json`);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({
      invoiceNumber: '780123456',
      accountNumber: 'A0815',
      source: { ref: '/event/customerBill' },
    });
    expect(sum(invoices[0] as ParsedInvoice).toFixed()).toBe('50');
  });

  it('appliedCustomerBillingRate list: billed rates grouped by bill; the unbilled one is reported and skipped', async () => {
    const { invoices, fileIssues } = await parseFile(
      `${samples}tmf678-v5-appliedCustomerBillingRate-list-example.json`,
    );
    expect(invoices).toHaveLength(1);
    const inv = invoices[0] as ParsedInvoice;
    expect(inv).toMatchObject({
      invoiceNumber: 'CB-123',
      accountNumber: 'A0815',
      currency: 'EUR',
      stated: { totalDue: null },
    });
    expect(inv.charges.map((c) => [c.kind, c.amount, c.serviceId, c.description, c.source.line])).toEqual([
      ['usage', '0.4', 'PROD-123', 'voice usage', 45],
      ['tax', '0.1', 'PROD-123', 'VAT on voice usage', 45],
    ]);
    // the rate's taxIncludedAmount is 0.5
    expect(sum(inv).toFixed()).toBe('0.5');
    expect(fileIssues).toEqual([expect.objectContaining({ code: 'unbilled_rate', line: 2 })]);
  });

  it('billCycle list: TMF678 but not a bill', async () => {
    await expect(parseFile(`${samples}tmf678-v5-billCycle-list-example.json`)).rejects.toMatchObject({
      code: 'not_a_bill',
      line: 2,
    });
  });

  it('sniffs TMF678 documents, not other JSON', () => {
    for (const f of [
      'customerBill',
      'customerBillCreateEvent',
      'appliedCustomerBillingRate-list',
      'billCycle-list',
    ]) {
      expect(sniffTmf678(readFileSync(`${samples}tmf678-v5-${f}-example.json`, 'utf8').slice(0, 400))).toBe(
        true,
      );
    }
    expect(sniffTmf678('{"BillingCurrency": "USD"}')).toBe(false);
    expect(sniffTmf678('<Invoice/>')).toBe(false);
  });
});

describe('TMF678 fixtures (fixtures/tmf678/<name>.json → <name>.expected.json)', () => {
  const files = readdirSync(fixtures).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'));
  for (const file of files) {
    it(file, async () => {
      const expected = JSON.parse(
        readFileSync(`${fixtures}${file.replace(/\.json$/, '.expected.json')}`, 'utf8'),
      );
      const actual: { invoices: ParsedInvoice[]; fileIssues: ParseIssue[]; error?: unknown } = {
        invoices: [],
        fileIssues: [],
      };
      try {
        for await (const inv of parseTmf678(fileSource(`${fixtures}${file}`), {
          onIssue: (i) => actual.fileIssues.push(i),
        }))
          actual.invoices.push(inv);
      } catch (err) {
        if (!(err instanceof FormatError)) throw err;
        actual.error = { code: err.code, message: err.message, line: err.line ?? null };
      }
      expect(actual).toEqual(expected);
    });
  }

  it('bill-with-rates: rates and applied taxes add up to taxIncludedAmount; money keeps its written digits', async () => {
    const inv = (await parseFile(`${fixtures}bill-with-rates.json`)).invoices[0] as ParsedInvoice;
    expect(inv).toMatchObject({
      vendorName: 'NetCo Mobile Ltd',
      periodStart: '2024-03-01',
      periodEnd: '2024-03-31',
    });
    expect(inv.charges.filter((c) => c.kind !== 'tax').map((c) => [c.kind, c.amount])).toEqual([
      ['recurring', '25.00'],
      ['recurring', '25.00'],
      ['usage', '12.34'],
      ['one_time', '9.99'],
      ['credit_adjustment', '-5.00'],
      ['recurring', '80.53'],
    ]);
    expect(sum(inv).toFixed(2)).toBe(inv.stated.currentCharges);
    expect(
      inv.charges
        .filter((c) => c.kind === 'tax')
        .reduce((s, c) => s.plus(c.amount), new Decimal(0))
        .toFixed(2),
    ).toBe('29.58');
    expect(inv.issues).toEqual([]);
  });
});

describe('TMF678 hostile and malformed input', () => {
  it('refuses JSON nested 100,000 levels deep without a stack overflow', () => {
    expect(refusal(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toMatchObject({
      code: 'json_too_deep',
      line: 1,
    });
    expect(refusal(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`).code).toBe('json_too_deep');
    expect(() => scanJson(`${'['.repeat(MAX_DEPTH)}${']'.repeat(MAX_DEPTH)}`, 't')).not.toThrow();
  });

  it('refuses a document beyond the size limit before reading it all', async () => {
    const huge = bufferSource('big.json', Buffer.alloc(11 * 1024 * 1024, 0x20));
    await expect(parseTmf678(huge).next()).rejects.toMatchObject({ code: 'too_large' });
  });

  it('refuses duplicate keys and __proto__, names the line', () => {
    expect(refusal('{"billNo":"1",\n"billNo":"2"}')).toMatchObject({ code: 'json_duplicate_key', line: 2 });
    expect(refusal('{"__proto__": {"isAdmin": true}}').code).toBe('json_forbidden_key');
    expect(refusal('{"a\\u0062": 1, "ab": 2}').code).toBe('json_duplicate_key');
  });

  it('malformed JSON and bad encoding: FormatError', async () => {
    expect(refusal('{\n"billNo": "1",\n"x" 2}')).toMatchObject({ code: 'json_malformed', line: 3 });
    expect(refusal('').code).toBe('json_malformed');
    await expect(
      parseTmf678(bufferSource('t.json', Buffer.from([0x7b, 0xff, 0x7d]))).next(),
    ).rejects.toMatchObject({ code: 'bad_encoding' });
  });

  it('keeps money digits exactly as written and refuses non-numbers', () => {
    const bill = (value: string) =>
      `{"@type":"CustomerBill","billNo":"B1","billingAccount":{"id":"A1"},"taxIncludedAmount":{"unit":"EUR","value":${value}}}`;
    expect(parseTmf678Text(bill('12.345678901234567890'), 't')[0]?.stated.currentCharges).toBe(
      '12.345678901234567890',
    );
    expect(parseTmf678Text(bill('0.30000000000000004'), 't')[0]?.stated.currentCharges).toBe(
      '0.30000000000000004',
    );
    expect(parseTmf678Text(bill('-0'), 't')[0]?.stated.currentCharges).toBe('0');
    expect(parseTmf678Text(bill('1.5E2'), 't')[0]?.stated.currentCharges).toBe('150');
    expect(refusal(bill('1e400')).code).toBe('bad_amount');
    expect(refusal(bill('"12,50"')).code).toBe('bad_amount');
    expect(refusal(bill('{"x":1}')).code).toBe('tmf_invalid');
  });

  it('rates without an account or a bill: FormatError naming the element', () => {
    const rate = (extra: string) =>
      `{"@type":"AppliedCustomerBillingRate","name":"x","type":"usage","taxExcludedAmount":{"unit":"EUR","value":1}${extra}}`;
    const ok = rate(',"customerBill":{"id":"B"},"billingAccount":{"id":"A"}');
    expect(refusal(`[${ok},\n${rate(',"customerBill":{"id":"B"}')}]`)).toMatchObject({
      code: 'missing_account',
      line: 2,
    });
    expect(refusal(`[${ok},\n${rate(',"customerBill":{"id":"B"}')}]`).message).toContain('/1');
    expect(refusal(`[${rate(',"isBilled":true,"billingAccount":{"id":"A"}')}]`).code).toBe('missing_bill');
    expect(refusal(`[${ok},${rate(',"customerBill":{"id":"B"},"billingAccount":{"id":"Z"}')}]`).code).toBe(
      'inconsistent_account',
    );
    expect(refusal('[{"hello": "world"}]').code).toBe('not_a_bill');
    expect(refusal('[]').code).toBe('empty');
  });

  it('a rate with an unrecognisable type is read as recurring, with a warning', () => {
    const [inv] = parseTmf678Text(
      '[{"@type":"AppliedCustomerBillingRate","type":"x","customerBill":{"id":"B"},"billingAccount":{"id":"A"},"taxExcludedAmount":{"unit":"EUR","value":1}}]',
      't',
    );
    expect(inv?.charges[0]?.kind).toBe('recurring');
    expect(inv?.issues.map((i) => i.code)).toEqual(['kind_defaulted', 'rates_only']);
  });
});

describe('scanJson', () => {
  // any JSON value, with "value" keys common so the quoting path is exercised
  const { node } = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(fc.constantFrom('value', 'unit', 'a', 'b c', 'välue'), tie('node'), { maxKeys: 4 }),
    ),
  }));
  /** what the scanner promises: JSON.parse, except numbers under "value" keys arrive as their written text */
  const quoted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(quoted);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [
          k,
          k === 'value' && typeof x === 'number' ? JSON.stringify(x) : quoted(x),
        ]),
      );
    }
    return v;
  };

  it('equals JSON.parse except that Money values keep their text (property)', () => {
    fc.assert(
      fc.property(node, fc.constantFrom(undefined, 2), (v, indent) => {
        const text = JSON.stringify(v, null, indent);
        expect(scanJson(text, 't').value).toEqual(quoted(JSON.parse(text)));
      }),
      { numRuns: 300 },
    );
  });
});
