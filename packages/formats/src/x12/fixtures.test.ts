/**
 * Every `<name>.edi` under fixtures/x12 is parsed and compared with `<name>.expected.json`
 * ({ options?, invoices, fileIssues, error? }). The expected files were produced by the parser and
 * then checked by hand against the EDI (totals, signs, kinds, issues). Each fixture and each
 * reference sample is also parsed at every chunk size from 1 to 64 bytes: the output must not
 * depend on where chunk boundaries fall (inside the ISA, between a terminator and its CRLF …).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { X12Options } from './index.ts';
import { chunkedSource, parseAll } from './test-helpers.ts';

const dir = fileURLToPath(new URL('../../../../fixtures/x12/', import.meta.url));
const samples = '/work/shared/reference/samples/';
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.edi'))
  .sort();

function load(name: string): { bytes: Buffer; expected: Record<string, unknown> & { options?: X12Options } } {
  const bytes = readFileSync(`${dir}${name}.edi`);
  const expected = JSON.parse(readFileSync(`${dir}${name}.expected.json`, 'utf8'));
  return { bytes, expected };
}

describe('x12 fixtures', () => {
  it('has the fixtures the brief asks for', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
    for (const f of fixtures) expect(readdirSync(dir)).toContain(f.replace(/\.edi$/, '.expected.json'));
  });

  for (const file of fixtures) {
    const name = file.slice(0, -4);
    it(`${name} parses as expected`, async () => {
      const { bytes, expected } = load(name);
      const { options, ...want } = expected;
      const got = await parseAll(chunkedSource(bytes, 1 << 20, file), options ?? {});
      expect(JSON.parse(JSON.stringify(got))).toEqual(want);
    });

    it(`${name} gives the same result at every chunk size 1..64`, async () => {
      const { bytes, expected } = load(name);
      const whole = JSON.stringify(
        await parseAll(chunkedSource(bytes, 1 << 20, file), expected.options ?? {}),
      );
      for (let size = 1; size <= 64; size++) {
        const got = JSON.stringify(await parseAll(chunkedSource(bytes, size, file), expected.options ?? {}));
        if (got !== whole) expect.fail(`${name}: chunk size ${size} differs from a single chunk`);
      }
    });
  }

  it('reference samples give the same result at every chunk size 1..64', async () => {
    const names = readdirSync(samples).filter((f) => f.startsWith('edi-'));
    expect(names.length).toBe(4);
    for (const f of names) {
      const bytes = readFileSync(samples + f);
      const whole = JSON.stringify(await parseAll(chunkedSource(bytes, 1 << 20, f)));
      for (let size = 1; size <= 64; size++) {
        const got = JSON.stringify(await parseAll(chunkedSource(bytes, size, f)));
        if (got !== whole) expect.fail(`${f}: chunk size ${size} differs from a single chunk`);
      }
    }
  });
});
