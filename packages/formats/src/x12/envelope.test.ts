import { describe, expect, it } from 'vitest';
import { envelopeOf, parseText } from './test-helpers.ts';

const BODY = ['BIG*20250101*INV1', 'REF*12*ACCT1', 'HL*1**2*0', 'SLN*1**I*1*EA*10.00', 'TDS*1000'];
const good = envelopeOf(BODY);
const lines = (text: string) => text.split('~\n').filter((s) => s !== '');
const join = (segs: string[]) => segs.map((s) => `${s}~\n`).join('');
/** The good interchange with segment `i` (0-based) replaced, or removed when `to` is null. */
function edit(i: number, to: string | null): string {
  const segs = lines(good);
  if (to === null) segs.splice(i, 1);
  else segs[i] = to;
  return join(segs);
}
// good: 0 ISA, 1 GS, 2 ST, 3 BIG, 4 REF, 5 HL, 6 SLN, 7 TDS, 8 SE, 9 GE, 10 IEA
const codes = (issues: { code: string }[]) => issues.map((i) => i.code);

describe('x12 envelope: counts and control numbers', () => {
  it('accepts a consistent interchange without issues', async () => {
    const out = await parseText(good);
    expect(out.error).toBeUndefined();
    expect(out.invoices).toHaveLength(1);
    expect(out.invoices[0]?.issues).toEqual([]);
    expect(out.fileIssues).toEqual([]);
    expect(out.invoices[0]?.source).toEqual({ segment: 3, line: 3, ref: '000000001/1/0001' });
  });

  it('reports a wrong SE01 count as a warning on the invoice, or rejects it in strict mode', async () => {
    const text = edit(8, 'SE*99*0001');
    const out = await parseText(text);
    expect(out.invoices[0]?.issues).toEqual([
      {
        severity: 'warning',
        code: 'se_count_mismatch',
        message: 'SE01 says 99 segments, transaction set 0001 has 7',
        line: 9,
        segment: 9,
      },
    ]);
    const strict = await parseText(text, { strict: true });
    expect(strict.error).toMatchObject({ code: 'se_count_mismatch', segment: 9 });
    expect(strict.invoices).toEqual([]);
  });

  it('reports wrong control numbers as errors: SE02 on the invoice, GE02 and IEA02 for the file', async () => {
    const text = join([...lines(good).slice(0, 8), 'SE*7*0002', 'GE*1*2', 'IEA*1*000000003']);
    const out = await parseText(text);
    expect(codes(out.invoices[0]?.issues ?? [])).toEqual(['se_control_mismatch']);
    expect(out.invoices[0]?.issues[0]?.severity).toBe('error');
    expect(out.fileIssues.map((i) => [i.severity, i.code, i.segment])).toEqual([
      ['error', 'ge_control_mismatch', 10],
      ['error', 'iea_control_mismatch', 11],
    ]);
    expect((await parseText(text, { strict: true })).error?.code).toBe('se_control_mismatch');
  });

  it('reports wrong GE01 / IEA01 counts as warnings', async () => {
    const out = await parseText(join([...lines(good).slice(0, 9), 'GE*2*1', 'IEA*3*000000001']));
    expect(out.fileIssues.map((i) => [i.severity, i.code])).toEqual([
      ['warning', 'ge_count_mismatch'],
      ['warning', 'iea_count_mismatch'],
    ]);
  });

  it('compares ISA/GS control numbers as numbers (unpadded ISA13 "1" = IEA02 "000000001")', async () => {
    const out = await parseText(edit(0, lines(good)[0]?.replace('*000000001*', '*1*') ?? ''));
    expect(out.fileIssues).toEqual([]);
  });
});

describe('x12 envelope: truncation and structure', () => {
  it('rejects a file that ends inside a transaction set, naming the last segment', async () => {
    const out = await parseText(join(lines(good).slice(0, 7)));
    expect(out.error).toMatchObject({ code: 'truncated', segment: 7 });
    expect(out.error?.message).toContain('no SE');
  });

  it('rejects a missing SE, GE or IEA', async () => {
    expect((await parseText(edit(8, null))).error).toMatchObject({ code: 'truncated', segment: 9 });
    expect((await parseText(edit(9, null))).error).toMatchObject({ code: 'truncated', segment: 10 });
    const noIea = await parseText(edit(10, null));
    expect(noIea.error).toMatchObject({ code: 'truncated', segment: 10 });
    expect(noIea.error?.message).toContain('no IEA');
  });

  it('rejects a segment cut by the end of the file, but accepts an IEA that only lacks its terminator', async () => {
    const cut = await parseText(good.slice(0, good.indexOf('SLN*1**I*1') + 8));
    expect(cut.error).toMatchObject({ code: 'truncated', segment: 7 });
    expect(cut.invoices).toEqual([]);
    const noFinal = await parseText(good.replace(/~\n$/, ''));
    expect(noFinal.error).toBeUndefined();
    const cutIea = await parseText(good.replace(/0001~\n$/, ''));
    expect(cutIea.error).toMatchObject({ code: 'truncated', segment: 11 });
  });

  it('rejects segments outside their envelope', async () => {
    expect((await parseText(edit(2, 'BIG*20250101*X'))).error?.code).toBe('bad_envelope');
    const nested = join([...lines(good).slice(0, 10), lines(good)[0] ?? '', ...lines(good).slice(1)]);
    expect((await parseText(nested)).error).toMatchObject({ code: 'truncated', segment: 11 });
  });

  it('rejects an interchange with no transaction sets', async () => {
    const out = await parseText(join([...lines(good).slice(0, 2), 'GE*0*1', 'IEA*1*000000001']));
    expect(out.error?.code).toBe('empty');
  });
});

describe('x12 envelope: versions and transaction types', () => {
  it('rejects a non-811 transaction set, naming ST01 and its segment', async () => {
    const out = await parseText(edit(2, 'ST*810*0001'));
    expect(out.error).toMatchObject({ code: 'unsupported_transaction', segment: 3 });
    expect(out.error?.message).toContain('ST01 810 at segment 3');
  });

  it('reads GS08 for the version: 004010 and 005010 families pass, others are refused', async () => {
    for (const v of ['004010', '004010X123', '005010', '005010X218']) {
      const out = await parseText(edit(1, `GS*CI*SENDER*RECEIVER*20250101*1200*1*X*${v}`));
      expect(out.error, v).toBeUndefined();
    }
    const old = await parseText(edit(1, 'GS*CI*SENDER*RECEIVER*20250101*1200*1*X*003050'));
    expect(old.error).toMatchObject({ code: 'unsupported_version', segment: 2 });
  });

  it('warns when ISA12 and GS08 disagree, and when GS01 is not CI', async () => {
    const isa = lines(good)[0]?.replace('*00401*', '*00204*') ?? '';
    const text = join([isa, 'GS*IN*SENDER*RECEIVER*20250101*1200*1*X*004010', ...lines(good).slice(2)]);
    const out = await parseText(text);
    expect(codes(out.invoices[0]?.issues ?? [])).toEqual(['functional_id', 'version_mismatch']);
  });

  it('accepts a bare ST..SE with a warning unless an envelope is required', async () => {
    const bare = join(['ST*811*0001', ...BODY, `SE*${BODY.length + 2}*0001`]);
    const out = await parseText(bare);
    expect(codes(out.invoices[0]?.issues ?? [])).toEqual(['no_envelope']);
    expect(out.invoices[0]?.source.ref).toBe('-/-/0001');
    expect((await parseText(bare, { requireEnvelope: true })).error?.code).toBe('not_x12');
  });
});
