import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeChunks,
  decodeText,
  decodeWindows1252,
  decodeWithFallback,
  detectBom,
  firstInvalidUtf8,
  sniffUtf16,
  TextDecodeError,
} from './decode.ts';

async function* chunked(bytes: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  let i = 0;
  let k = 0;
  while (i < bytes.length) {
    const n = Math.max(1, sizes[k++ % sizes.length] ?? 1);
    yield bytes.subarray(i, i + n);
    i += n;
  }
}

async function collect(it: AsyncIterable<string>): Promise<string> {
  let s = '';
  for await (const t of it) s += t;
  return s;
}

const utf16le = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
const utf16be = (s: string) => {
  const le = Buffer.from(s, 'utf16le');
  return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]);
};

describe('detectBom / sniffUtf16', () => {
  it('recognises the three BOMs and nothing else', () => {
    expect(detectBom(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toEqual({ encoding: 'utf-8', length: 3 });
    expect(detectBom(Buffer.from([0xff, 0xfe, 0x41, 0]))).toEqual({ encoding: 'utf-16le', length: 2 });
    expect(detectBom(Buffer.from([0xfe, 0xff, 0, 0x41]))).toEqual({ encoding: 'utf-16be', length: 2 });
    expect(detectBom(Buffer.from('ABC'))).toBeNull();
    expect(detectBom(new Uint8Array(0))).toBeNull();
  });

  it('spots BOM-less UTF-16 by its NUL pattern, not ASCII or UTF-8', () => {
    expect(sniffUtf16(Buffer.from('BilledCost,BillingAccountId\n', 'utf16le'))).toBe('utf-16le');
    expect(sniffUtf16(Buffer.from('BilledCost,BillingAccountId\n', 'utf16le').swap16())).toBe('utf-16be');
    expect(sniffUtf16(Buffer.from('BilledCost,BillingAccountId\n'))).toBeNull();
    expect(sniffUtf16(Buffer.from('Prix € élevé, 2024'))).toBeNull();
  });
});

describe('decodeChunks', () => {
  it('decodes UTF-8 split at every possible byte boundary', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1 }),
        async (s, sizes) => {
          const text = await collect(decodeChunks(chunked(Buffer.from(`x${s}`), sizes)));
          expect(text).toBe(`x${s}`);
        },
      ),
    );
  });

  it('strips a UTF-8 BOM once and keeps a second one as data', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\uFEFFa,b')]);
    expect(await collect(decodeChunks(chunked(bytes, [1])))).toBe('\uFEFFa,b');
  });

  it('decodes UTF-16LE and UTF-16BE with BOM, in odd-sized chunks', async () => {
    const s = 'BilledCost,ChargeDescription\n1.00,Café € 😀\n';
    let enc = '';
    expect(await collect(decodeChunks(chunked(utf16le(s), [3, 5]), { onEncoding: (e) => (enc = e) }))).toBe(
      s,
    );
    expect(enc).toBe('utf-16le');
    expect(await collect(decodeChunks(chunked(utf16be(s), [7])))).toBe(s);
  });

  it('rejects invalid UTF-8 with the byte offset, never U+FFFD', async () => {
    const bytes = Buffer.concat([Buffer.from('a'.repeat(100)), Buffer.from([0x80]), Buffer.from('zz')]);
    const err = await collect(decodeChunks(chunked(bytes, [30]))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TextDecodeError);
    expect(err).toMatchObject({ code: 'invalid_bytes', encoding: 'utf-8', byteOffset: 100, fromBom: false });
  });

  it('rejects NUL bytes when asked (binary uploads)', async () => {
    const bytes = Buffer.from('abc\u0000def');
    await expect(collect(decodeChunks(chunked(bytes, [64]), { rejectNul: true }))).rejects.toMatchObject({
      code: 'nul_byte',
      byteOffset: 3,
    });
    expect(await collect(decodeChunks(chunked(bytes, [64])))).toBe('abc\u0000def');
  });

  it('reports progress in bytes', async () => {
    const seen: number[] = [];
    await collect(
      decodeChunks(chunked(Buffer.from('x'.repeat(300)), [100]), { onBytes: (n) => seen.push(n) }),
    );
    expect(seen.at(-1)).toBe(300);
  });
});

describe('decodeText (whole buffer or file head)', () => {
  it('reads Windows-1252 when the bytes are not UTF-8', () => {
    const bytes = Buffer.from([0x50, 0x72, 0x69, 0x78, 0x20, 0x80, 0x35, 0x20, 0xe9]); // "Prix €5 é"
    expect(decodeText(bytes)).toEqual({ text: 'Prix €5 é', encoding: 'windows-1252', bomLength: 0 });
    expect(() => decodeText(bytes, false)).toThrow(TextDecodeError);
  });

  it('drops a character cut at the end of a head instead of failing', () => {
    const head = Buffer.from('abc€').subarray(0, 5); // € is 3 bytes; keep 2 of them
    expect(decodeText(head)).toMatchObject({ text: 'abc', encoding: 'utf-8' });
  });

  it('strips the BOM and reports its length', () => {
    expect(decodeText(utf16le('a,b'))).toEqual({ text: 'a,b', encoding: 'utf-16le', bomLength: 2 });
  });
});

describe('decodeWindows1252', () => {
  it('maps 0x80–0x9F as the WHATWG index (Node 20 TextDecoder reads them as Latin-1)', () => {
    const high = Buffer.from([0x80, 0x8a, 0x91, 0x92, 0x93, 0x94, 0x96, 0x99, 0x9f, 0x81, 0xa0, 0xe9, 0xff]);
    expect(decodeWindows1252(high)).toBe('€Š‘’“”–™Ÿ\u0081\u00a0éÿ');
    expect(decodeWindows1252(Buffer.from('plain ASCII'))).toBe('plain ASCII');
  });
});

describe('decodeWithFallback', () => {
  const latin = Buffer.concat([Buffer.from('a'.repeat(5000)), Buffer.from([0x80, 0x0a])]);

  it('starts again as Windows-1252 when a late byte is not UTF-8', async () => {
    let runs = 0;
    const out = await decodeWithFallback(
      () => chunked(latin, [1024]),
      async (text) => {
        runs++;
        return collect(text);
      },
    );
    expect(runs).toBe(2);
    expect(out.encoding).toBe('windows-1252');
    expect(out.result.endsWith('€\n')).toBe(true);
    expect(out.fallbackFrom?.byteOffset).toBe(5000);
  });

  it('does not second-guess a UTF-8 BOM', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), latin]);
    await expect(decodeWithFallback(() => chunked(bytes, [1024]), collect)).rejects.toMatchObject({
      code: 'invalid_bytes',
      fromBom: true,
    });
  });
});

describe('firstInvalidUtf8', () => {
  it('finds overlongs, surrogates and stray continuation bytes; allows a cut tail', () => {
    expect(firstInvalidUtf8(Buffer.from('ok €'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x41, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0x41, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0x41, 0x42, 0xbf]))).toBe(2);
    expect(firstInvalidUtf8(Buffer.from([0x41, 0xe2, 0x82]))).toBe(-1);
  });
});
