/**
 * Robustness: mutated fixtures (byte flips, cuts, duplicated spans, separator swaps) must end in
 * invoices or a FormatError, never another exception or a hang; and a large file parses in
 * bounded memory with the charge count and total we generated. No timing assertions here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkedSource, envelopeOf, generate811, parseAll, parseText } from './test-helpers.ts';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log('x12 hostile fast-check seed', seed);

const dir = fileURLToPath(new URL('../../../../fixtures/x12/', import.meta.url));
const seeds = readdirSync(dir)
  .filter((f) => f.endsWith('.edi'))
  .map((f) => readFileSync(dir + f))
  .filter((b) => b.length > 100);

type Mutation = { kind: 'flip' | 'cut' | 'dup' | 'swap'; at: number; len: number; byte: number };

function mutate(src: Buffer, m: Mutation): Buffer {
  const at = m.at % src.length;
  switch (m.kind) {
    case 'flip': {
      const out = Buffer.from(src);
      out[at] = m.byte;
      return out;
    }
    case 'cut':
      return src.subarray(0, at);
    case 'dup':
      return Buffer.concat([src.subarray(0, at + m.len), src.subarray(at)]);
    case 'swap':
      // A separator character replaced everywhere by another one.
      return Buffer.from(
        src.toString('latin1').replaceAll(String.fromCharCode(src[at] ?? 42), String.fromCharCode(m.byte)),
        'latin1',
      );
  }
}

describe('x12 hostile input', () => {
  it('never throws anything but a FormatError on mutated fixtures (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.record({
          kind: fc.constantFrom<Mutation['kind']>('flip', 'cut', 'dup', 'swap'),
          at: fc.nat(),
          len: fc.integer({ min: 1, max: 80 }),
          byte: fc.integer({ min: 0, max: 255 }),
        }),
        fc.integer({ min: 1, max: 64 }),
        async (which, m, chunk) => {
          const bytes = mutate(seeds[which] ?? Buffer.alloc(0), m);
          await parseAll(chunkedSource(bytes, chunk)); // rethrows anything but a FormatError
        },
      ),
      { seed, numRuns: 400 },
    );
  });

  it('rejects a 5 MB single segment inside a transaction set, naming it', async () => {
    const body = ['BIG*20250101*HUGE', `NTE*GEN*${'X'.repeat(5 * 1024 * 1024)}`];
    const out = await parseText(envelopeOf(body));
    expect(out.error).toMatchObject({ code: 'segment_too_long', segment: 5 });
  });

  it('parses a generated 811 of 20,000 service lines (80,000 charges) to the generated total', async () => {
    const { text, charges } = generate811(20_000);
    const out = await parseText(text);
    expect(out.error).toBeUndefined();
    const inv = out.invoices[0];
    expect(inv?.charges).toHaveLength(charges);
    expect(inv?.stated.totalDue).toBe('296600.00');
    let cents = 0n;
    for (const c of inv?.charges ?? []) cents += BigInt(c.amount.replace('.', ''));
    expect(cents).toBe(29660000n);
    expect(inv?.issues).toEqual([]);
  });
});
