import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../canonical.ts';
import { chunkedSource } from './test-helpers.ts';
import { type Segment, segments, type TokenizerOptions } from './tokenizer.ts';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log('x12 tokenizer fast-check seed', seed);

const ISA =
  'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *250101*1200*U*00401*000000001*0*P*>';
const BODY = [
  'GS*CI*S*R*20250101*1200*1*X*004010',
  'ST*811*0001',
  'BIG*20250101*INV1',
  'SE*3*0001',
  'GE*1*1',
  'IEA*1*000000001',
];

async function tokens(
  input: string | Buffer,
  chunk = 1 << 20,
  opts: TokenizerOptions = {},
): Promise<Segment[]> {
  const out: Segment[] = [];
  for await (const s of segments(chunkedSource(input, chunk).open(), opts)) out.push(s);
  return out;
}

async function failure(input: string | Buffer, opts: TokenizerOptions = {}): Promise<FormatError> {
  try {
    await tokens(input, 1 << 20, opts);
  } catch (err) {
    if (err instanceof FormatError) return err;
    throw err;
  }
  throw new Error('expected a FormatError');
}

const ids = (segs: Segment[]) => segs.map((s) => s.id);

describe('x12 tokenizer: separators from the ISA', () => {
  it('reads a padded 4010 ISA: *, > and ~; ISA11 U is not a repetition separator', async () => {
    const segs = await tokens([ISA, ...BODY].map((s) => `${s}~`).join(''));
    expect(ids(segs)).toEqual(['ISA', 'GS', 'ST', 'BIG', 'SE', 'GE', 'IEA']);
    expect(segs[0]?.separators).toEqual({ element: '*', component: '>', repetition: null, segment: '~' });
    expect(segs[0]?.elements).toHaveLength(17);
    expect(segs[0]?.elements[13]).toBe('000000001');
    expect(segs[3]?.elements).toEqual(['BIG', '20250101', 'INV1']);
    expect(segs.map((s) => s.index)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('notes the 5010 repetition separator (ISA11)', async () => {
    const isa = ISA.replace('*U*00401*', '*^*00501*');
    const segs = await tokens([isa, ...BODY].map((s) => `${s}~`).join(''));
    expect(segs[0]?.separators?.repetition).toBe('^');
  });

  it('reads an unpadded ISA by its separators, not by fixed offsets', async () => {
    const isa = 'ISA*00**00**ZZ*GRANITE*ZZ*ACME*250310*0800*U*00401*55*0*P*:';
    const segs = await tokens([isa, ...BODY].map((s) => `${s}~`).join(''));
    expect(segs[0]?.separators).toMatchObject({ element: '*', component: ':', segment: '~' });
    expect(ids(segs)).toHaveLength(7);
  });

  it('accepts | ^ and a newline terminator', async () => {
    const text = [ISA, ...BODY].map((s) => `${s.replaceAll('*', '|').replace('|>', '|^')}\n`).join('');
    const segs = await tokens(text);
    expect(segs[0]?.separators).toEqual({ element: '|', component: '^', repetition: null, segment: '\n' });
    expect(segs.map((s) => s.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('takes LF as the terminator of a CRLF-terminated file and drops the CR', async () => {
    const segs = await tokens([ISA, ...BODY].map((s) => `${s}\r\n`).join(''));
    expect(segs[0]?.separators?.segment).toBe('\n');
    expect(segs[6]?.elements).toEqual(['IEA', '1', '000000001']);
  });

  it('accepts a CR-only terminator', async () => {
    const segs = await tokens([ISA, ...BODY].map((s) => `${s}\r`).join(''));
    expect(segs[0]?.separators?.segment).toBe('\r');
    expect(ids(segs)).toHaveLength(7);
  });

  it('accepts control characters as separators (\\x1D elements, \\x1F components, \\x1E segments)', async () => {
    const text = [ISA, ...BODY]
      .map((s) => `${s.replaceAll('*', '\x1d').replace('\x1d>', '\x1d\x1f')}\x1e`)
      .join('');
    const segs = await tokens(text);
    expect(segs[0]?.separators).toEqual({
      element: '\x1d',
      component: '\x1f',
      repetition: null,
      segment: '\x1e',
    });
    expect(segs[3]?.elements).toEqual(['BIG', '20250101', 'INV1']);
  });

  it('tolerates a UTF-8 BOM and leading whitespace', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`\r\n  ${[ISA, ...BODY].map((s) => `${s}~`).join('')}`),
    ]);
    const segs = await tokens(bytes);
    expect(segs[0]?.line).toBe(2);
    expect(ids(segs)).toHaveLength(7);
  });

  it('drops CR/LF inside segments of a file wrapped at 80 columns, including inside the ISA', async () => {
    const flat = [ISA, ...BODY].map((s) => `${s}~`).join('');
    const wrapped = flat.match(/.{1,80}/g)?.join('\r\n') ?? '';
    const segs = await tokens(wrapped);
    expect(segs.map((s) => s.elements.join('*'))).toEqual([ISA, ...BODY]);
    expect(segs[1]?.line).toBe(2); // GS starts on the second physical line
  });

  it('sees a line break between ISA16 and a visible terminator as a wrap', async () => {
    const segs = await tokens(`${ISA}\r\n~${BODY.map((s) => `${s}~`).join('')}`);
    expect(segs[0]?.separators?.segment).toBe('~');
    expect(ids(segs)).toHaveLength(7);
  });

  it('re-reads separators for each interchange of a file', async () => {
    const second = [ISA.replaceAll('*', '|'), ...BODY.map((s) => s.replaceAll('*', '|'))]
      .map((s) => `${s}!`)
      .join('');
    const segs = await tokens(`${[ISA, ...BODY].map((s) => `${s}~`).join('')}\n${second}`);
    expect(ids(segs)).toHaveLength(14);
    expect(segs[7]?.separators).toMatchObject({ element: '|', segment: '!' });
  });
});

describe('x12 tokenizer: hostile input', () => {
  it('rejects an empty or blank file', async () => {
    expect((await failure('')).code).toBe('empty');
    expect((await failure(' \r\n\t')).code).toBe('empty');
    expect((await failure(Buffer.from([0xef, 0xbb, 0xbf]))).code).toBe('empty');
  });

  it('rejects a file that is only "ISA", or ends right after ISA16', async () => {
    expect(await failure('ISA')).toMatchObject({ code: 'truncated', segment: 1 });
    expect(await failure(ISA)).toMatchObject({ code: 'truncated', segment: 1 });
  });

  it('rejects a file that does not start with ISA', async () => {
    const err = await failure('%PDF-1.4\n%âãÏÓ\n1 0 obj');
    expect(err.code).toBe('not_x12');
    expect(err.message).toContain('no ISA interchange header');
  });

  it('rejects ambiguous separators', async () => {
    const sameComponent = `${ISA.slice(0, -1)}*~GS*CI~`;
    expect((await failure(sameComponent)).message).toContain('ISA16 component separator');
    const sameTerminator = `${ISA}*GS*CI*`;
    expect((await failure(sameTerminator)).message).toContain('segment terminator * is ambiguous');
    expect((await failure('ISA000000')).message).toContain('invalid element separator 0');
  });

  it('rejects an ISA with missing elements instead of reading separators from the next segment', async () => {
    const short = 'ISA*00*          *00*          *ZZ*SENDER*ZZ*RECEIVER*250101*1200*00401*1*P*>~';
    const err = await failure(`${short}${BODY.map((s) => `${s}~`).join('')}`);
    expect(err).toMatchObject({ code: 'bad_isa', segment: 1 });
    expect(err.message).toContain('ISA12 version "1" is not 5 digits');
  });

  it('rejects binary junk after the ISA, naming the segment', async () => {
    const junk = Buffer.concat([
      Buffer.from(`${ISA}~\n`),
      Buffer.from([0, 1, 0xfe, 0xff, 0x89, 0x50, 0x4e, 0x47, 0x7e]),
    ]);
    expect(await failure(junk)).toMatchObject({ code: 'bad_segment', segment: 2, line: 2 });
  });

  it('rejects a 5 MB single segment without buffering it, naming the segment', async () => {
    const head = [ISA, ...BODY.slice(0, 2)].map((s) => `${s}~`).join('');
    const huge = Buffer.concat([Buffer.from(`${head}NTE*GEN*`), Buffer.alloc(5 * 1024 * 1024, 'A')]);
    const err = await failure(huge);
    expect(err).toMatchObject({ code: 'segment_too_long', segment: 4 });
    const small = await failure(`${head}NTE*GEN*${'B'.repeat(200)}~`, { maxSegmentLength: 100 });
    expect(small).toMatchObject({ code: 'segment_too_long', segment: 4 });
  });

  it('marks a last segment without terminator', async () => {
    const segs = await tokens(`${[ISA, ...BODY].map((s) => `${s}~`).join('')}`.slice(0, -1));
    expect(segs.at(-1)).toMatchObject({ id: 'IEA', unterminated: true });
  });

  it('skips empty segments and trailing NUL / ^Z filler', async () => {
    const segs = await tokens(`${[ISA, ...BODY].map((s) => `${s}~`).join('~\n')}\0\x1a\n`);
    expect(ids(segs)).toEqual(['ISA', 'GS', 'ST', 'BIG', 'SE', 'GE', 'IEA']);
  });

  it('rejects text after the last IEA', async () => {
    const err = await failure(`${[ISA, ...BODY].map((s) => `${s}~`).join('')}\nGARBAGE`);
    expect(err).toMatchObject({ code: 'trailing_data', segment: 8 });
  });
});

describe('x12 tokenizer: bare transaction set and progress', () => {
  it('reads ST..SE without envelope, guessing separators from the ST', async () => {
    const segs = await tokens('ST*811*0001~\nBIG*20200101*INV1~\nSE*3*0001~\n');
    expect(ids(segs)).toEqual(['ST', 'BIG', 'SE']);
    expect(segs[0]?.separators).toEqual({ element: '*', component: null, repetition: null, segment: '~' });
    expect(segs[2]?.line).toBe(3);
  });

  it('refuses a bare transaction set when asked to', async () => {
    const err = await failure('ST*811*0001~SE*2*0001~', { allowBareTransaction: false });
    expect(err.code).toBe('not_x12');
  });

  it('reports cumulative bytes read', async () => {
    const text = [ISA, ...BODY].map((s) => `${s}~\n`).join('');
    const seen: number[] = [];
    for await (const _ of segments(chunkedSource(text, 50).open(), { onProgress: (b) => seen.push(b) })) {
      // drain
    }
    expect(seen.at(-1)).toBe(text.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});

describe('x12 tokenizer: chunk boundaries', () => {
  const text = `\ufeff${[ISA, ...BODY].map((s) => `${s}~\r\n`).join('')}`;
  const bytes = Buffer.from(text, 'utf8');

  it('gives the same segments for a split at every byte position', async () => {
    const whole = JSON.stringify(await tokens(bytes));
    for (let at = 1; at < bytes.length; at++) {
      const source = {
        async *[Symbol.asyncIterator]() {
          yield bytes.subarray(0, at);
          yield bytes.subarray(at);
        },
      };
      const segs: Segment[] = [];
      for await (const s of segments(source)) segs.push(s);
      if (JSON.stringify(segs) !== whole) expect.fail(`split at byte ${at} differs`);
    }
  });

  it('gives the same segments for random chunkings (fast-check)', async () => {
    const whole = JSON.stringify(await tokens(bytes));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 60 }),
        async (sizes) => {
          const source = {
            async *[Symbol.asyncIterator]() {
              let at = 0;
              for (let i = 0; at < bytes.length; i++) {
                const n = sizes[i % sizes.length] ?? 1;
                yield bytes.subarray(at, at + n);
                at += n;
              }
            },
          };
          const segs: Segment[] = [];
          for await (const s of segments(source)) segs.push(s);
          return JSON.stringify(segs) === whole;
        },
      ),
      { seed, numRuns: 200 },
    );
  });
});

describe('x12 tokenizer: resources', () => {
  it('closes the source when the consumer stops early or parsing fails', async () => {
    let closed = 0;
    const source = (text: string) => ({
      [Symbol.asyncIterator]() {
        let sent = false;
        return {
          async next() {
            if (sent) return { done: true as const, value: undefined };
            sent = true;
            return { done: false as const, value: Buffer.from(text) };
          },
          async return() {
            closed++;
            return { done: true as const, value: undefined };
          },
        };
      },
    });
    for await (const _ of segments(source([ISA, ...BODY].map((s) => `${s}~`).join('')))) break;
    await expect(async () => {
      for await (const _ of segments(source('NOT EDI AT ALL, JUST TEXT'))) {
        // drain
      }
    }).rejects.toThrow(FormatError);
    expect(closed).toBe(2);
  });
});
