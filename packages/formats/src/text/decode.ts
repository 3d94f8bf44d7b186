/**
 * Bytes → text for uploaded text files (CSV exports, X12, …), shared by every text reader.
 *
 * Policy: a BOM decides the encoding (UTF-8, UTF-16LE, UTF-16BE). Without one, UTF-16 is
 * recognised by its NUL-byte pattern, otherwise the text is read as UTF-8 — strictly, so a
 * broken byte is an error, never a silent U+FFFD. Readers that accept legacy exports can retry
 * as Windows-1252 (`decodeWithFallback`): every byte maps to a character there, and bill
 * exports from Excel on Windows are the usual source of such files.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface Bom {
  encoding: TextEncodingName;
  length: number;
}

export function detectBom(head: Uint8Array): Bom | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte. */
export function sniffUtf16(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(head.length, 1024) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

/**
 * Windows-1252 by table: Node 20's TextDecoder('windows-1252') decodes as Latin-1 and turns
 * 0x80 into U+0080 instead of €. Bytes 0x80–0x9F map as in the WHATWG index; the rest is Latin-1.
 */
const CP1252_80_9F = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (c) =>
    String.fromCharCode(CP1252_80_9F[c.charCodeAt(0) - 0x80] ?? 0xfffd),
  );
}

interface Decoder {
  decode(bytes: Uint8Array, opts?: { stream?: boolean }): string;
}

function decoderFor(encoding: TextEncodingName): Decoder {
  if (encoding === 'windows-1252') return { decode: (bytes) => decodeWindows1252(bytes) };
  // ignoreBOM: the caller strips it, so a second BOM survives as data
  return new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
}

export type TextDecodeErrorCode = 'invalid_bytes' | 'nul_byte';

export class TextDecodeError extends Error {
  constructor(
    readonly code: TextDecodeErrorCode,
    readonly encoding: TextEncodingName,
    /** 0-based byte offset of the offending byte (approximate for UTF-16) */
    readonly byteOffset: number,
    /** the encoding came from a BOM (so retrying another encoding is wrong) */
    readonly fromBom: boolean,
  ) {
    super(
      code === 'nul_byte'
        ? `NUL byte at byte offset ${byteOffset}: binary data, not a text file`
        : `not valid ${encoding} at byte offset ${byteOffset}`,
    );
    this.name = 'TextDecodeError';
  }
}

export interface DecodeOptions {
  /** force an encoding; default: from the BOM, else UTF-16 by NUL pattern, else UTF-8 */
  encoding?: TextEncodingName;
  /** NUL never occurs in a text export; a NUL means a binary upload */
  rejectNul?: boolean;
  /** called after each chunk with the number of bytes consumed so far */
  onBytes?: (bytes: number) => void;
  /** told which encoding was chosen, before the first text is yielded */
  onEncoding?: (encoding: TextEncodingName, bomLength: number) => void;
}

/** Streaming decode; a BOM is stripped. Throws TextDecodeError on bad bytes. */
export async function* decodeChunks(
  chunks: AsyncIterable<Uint8Array>,
  opts: DecodeOptions = {},
): AsyncGenerator<string> {
  let decoder: Decoder | null = null;
  let encoding: TextEncodingName = 'utf-8';
  let fromBom = false;
  let consumed = 0;
  let pending: Uint8Array = new Uint8Array(0); // bytes held until the encoding is known
  let tail: Uint8Array = new Uint8Array(0); // last bytes of the previous chunk, to locate errors

  const start = (head: Uint8Array): number => {
    const bom = detectBom(head);
    fromBom = bom !== null && (!opts.encoding || opts.encoding === bom.encoding);
    encoding = opts.encoding ?? bom?.encoding ?? sniffUtf16(head) ?? 'utf-8';
    const skip = fromBom && bom ? bom.length : 0;
    decoder = decoderFor(encoding);
    opts.onEncoding?.(encoding, skip);
    return skip;
  };

  const decode = (bytes: Uint8Array, offset: number, last: boolean): string => {
    if (opts.rejectNul && encoding !== 'utf-16le' && encoding !== 'utf-16be') {
      const nul = bytes.indexOf(0);
      if (nul >= 0) throw new TextDecodeError('nul_byte', encoding, offset + nul, fromBom);
    }
    let text: string;
    try {
      text = (decoder as Decoder).decode(bytes, { stream: !last });
    } catch {
      throw new TextDecodeError(
        'invalid_bytes',
        encoding,
        locateError(bytes, offset, tail, encoding),
        fromBom,
      );
    }
    if (opts.rejectNul && (encoding === 'utf-16le' || encoding === 'utf-16be')) {
      const nul = text.indexOf('\0');
      if (nul >= 0) throw new TextDecodeError('nul_byte', encoding, offset + nul * 2, fromBom);
    }
    tail = bytes.subarray(Math.max(0, bytes.length - 3));
    return text;
  };

  for await (const chunk of chunks) {
    let bytes: Uint8Array = chunk;
    let offset = consumed;
    consumed += chunk.length;
    if (!decoder) {
      // wait for enough bytes to see a BOM or a UTF-16 pattern
      pending = pending.length ? concat(pending, chunk) : chunk;
      if (pending.length < 64) continue;
      bytes = pending;
      offset = 0;
      const skip = start(bytes);
      bytes = bytes.subarray(skip);
      offset += skip;
    }
    const text = decode(bytes, offset, false);
    opts.onBytes?.(consumed);
    if (text) yield text;
  }
  if (!decoder) {
    const skip = start(pending);
    const text = decode(pending.subarray(skip), skip, false);
    opts.onBytes?.(consumed);
    if (text) yield text;
  }
  const rest = decode(new Uint8Array(0), consumed, true);
  if (rest) yield rest;
}

/**
 * Whole-buffer decode with the same rules, plus the Windows-1252 fallback (unless `fallback` is
 * false). The buffer may be the first bytes of a larger file: a character cut at the end is
 * dropped rather than treated as invalid. The BOM is stripped.
 */
export function decodeText(
  bytes: Uint8Array,
  fallback = true,
): { text: string; encoding: TextEncodingName; bomLength: number } {
  const bom = detectBom(bytes);
  const encoding = bom?.encoding ?? sniffUtf16(bytes) ?? 'utf-8';
  const bomLength = bom?.length ?? 0;
  try {
    const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
    return { text: decoder.decode(bytes.subarray(bomLength), { stream: true }), encoding, bomLength };
  } catch {
    if (!fallback || bom || encoding !== 'utf-8') {
      throw new TextDecodeError('invalid_bytes', encoding, locateError(bytes, 0), !!bom);
    }
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252', bomLength: 0 };
  }
}

/**
 * Decode a re-openable byte source for `consume`. If the bytes are not UTF-8 and no BOM said
 * they were, `consume` runs again over a Windows-1252 decode (`fallbackFrom` tells why), so a
 * late € in a legacy export still reads; the first run's partial work is simply thrown away.
 */
export async function decodeWithFallback<T>(
  open: () => AsyncIterable<Uint8Array>,
  consume: (text: AsyncIterable<string>) => Promise<T>,
  opts: Omit<DecodeOptions, 'encoding'> = {},
): Promise<{ result: T; encoding: TextEncodingName; fallbackFrom?: TextDecodeError }> {
  let encoding: TextEncodingName = 'utf-8';
  const onEncoding = (e: TextEncodingName, bom: number) => {
    encoding = e;
    opts.onEncoding?.(e, bom);
  };
  try {
    const result = await consume(decodeChunks(open(), { ...opts, onEncoding }));
    return { result, encoding };
  } catch (err) {
    if (!(err instanceof TextDecodeError) || err.code !== 'invalid_bytes' || err.fromBom) throw err;
    if (err.encoding !== 'utf-8') throw err;
    const result = await consume(decodeChunks(open(), { ...opts, onEncoding, encoding: 'windows-1252' }));
    return { result, encoding: 'windows-1252', fallbackFrom: err };
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Best-effort byte offset of the first invalid sequence, for the error message only. */
function locateError(
  bytes: Uint8Array,
  offset: number,
  tail: Uint8Array = new Uint8Array(0),
  encoding: TextEncodingName = 'utf-8',
): number {
  if (encoding !== 'utf-8') return offset;
  const all = tail.length ? concat(tail, bytes) : bytes;
  const bad = firstInvalidUtf8(all);
  return bad < 0 ? offset : offset - tail.length + bad;
}

/** Index of the first byte that starts an invalid UTF-8 sequence; -1 when none (a cut tail is fine). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    const need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= b.length) return -1;
      const d = b[i + k] as number;
      if ((d & 0xc0) !== 0x80) return i;
      if (k === 1 && c === 0xe0 && d < 0xa0) return i; // overlong
      if (k === 1 && c === 0xed && d > 0x9f) return i; // surrogate
      if (k === 1 && c === 0xf0 && d < 0x90) return i; // overlong
      if (k === 1 && c === 0xf4 && d > 0x8f) return i; // > U+10FFFF
    }
    i += need + 1;
  }
  return -1;
}
