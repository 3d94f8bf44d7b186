/**
 * Streaming X12 segment tokenizer.
 *
 * Separators are read from each ISA, never assumed: the element separator is the character after
 * "ISA", ISA16 (the component separator) is the character after the 16th element separator, and
 * the segment terminator is the character after ISA16. The ISA is parsed by separator, not by the
 * fixed offsets 3/104/105, so unpadded ISAs (seen from Granite) work too.
 *
 * Bytes are decoded as latin1 (one byte, one char) so no input can make decoding throw, and a
 * chunk boundary can never split a character. CR and LF that are not the segment terminator are
 * dropped wherever they appear, which covers CRLF after terminators and files wrapped at a fixed
 * width. Memory is bounded by `maxSegmentLength` plus one input chunk.
 */
import { FormatError } from '../canonical.ts';

export interface Separators {
  element: string;
  /** ISA16; null for a bare ST..SE transaction set, which has no ISA to declare it */
  component: string | null;
  /** ISA11 when it is a separator (ISA12 00402 and later); null when it is the 'U' code */
  repetition: string | null;
  segment: string;
}

export interface Segment {
  id: string;
  /** elements[n] is element n as numbered in X12 (elements[1] = XX01); elements[0] is the id */
  elements: string[];
  /** 1-based segment number counted over the whole file */
  index: number;
  /** approximate 1-based physical line where the segment starts */
  line: number;
  /** set on the segment that established new separators (each ISA, or a bare ST) */
  separators?: Separators;
  /** the file ended before this segment's terminator */
  unterminated?: boolean;
}

export interface TokenizerOptions {
  onProgress?: (bytes: number) => void;
  /** default 1 MiB; a longer segment is rejected rather than buffered */
  maxSegmentLength?: number;
  /** read a file that starts with ST instead of ISA (separators guessed from the ST); default true */
  allowBareTransaction?: boolean;
}

const DEFAULT_MAX_SEGMENT = 1 << 20;
// A padded ISA is 106 characters; even wrapped at 80 columns with CRLF it stays far below this.
const MAX_HEADER_SCAN = 512;
const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;
// Whitespace, NUL and DOS end-of-file (^Z) are tolerated around interchanges.
const isFillerChar = (c: string) => c === '\0' || c === '\x1a' || /\s/.test(c);

function fillerLength(text: string): number {
  let n = 0;
  while (n < text.length && isFillerChar(text.charAt(n))) n++;
  return n;
}
const isFiller = (text: string) => fillerLength(text) === text.length;
const BOM = '\u00ef\u00bb\u00bf'; // UTF-8 BOM bytes as latin1

function isAlnum(c: string): boolean {
  return /^[A-Za-z0-9]$/.test(c);
}

const PREVIEW = 24;

export function preview(text: string, max = PREVIEW): string {
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(shown).slice(1, -1);
}

type HeaderScan =
  | { kind: 'more' }
  | { kind: 'done'; separators: Separators; segment?: Segment; length: number };

/** Reads the ISA starting at `start`; asks for more text while it cannot decide. */
function scanIsa(text: string, start: number, eof: boolean, index: number, line: number): HeaderScan {
  const fail = (msg: string) => new FormatError('bad_isa', `${msg} (segment ${index})`, line, index);
  const more = (): HeaderScan => {
    if (!eof) return { kind: 'more' };
    throw new FormatError('truncated', `file ends inside the ISA header (segment ${index})`, line, index);
  };
  if (text.length - start < 4) return more();
  const element = text.charAt(start + 3);
  if (isAlnum(element) || /\s/.test(element)) throw fail(`invalid element separator ${preview(element)}`);
  const values: string[] = ['ISA'];
  let current = '';
  let i = start + 4;
  for (; values.length < 16; i++) {
    if (i - start > MAX_HEADER_SCAN) throw fail('no complete ISA header in the first 512 characters');
    if (i >= text.length) return more();
    const c = text.charAt(i);
    if (c === '\r' || c === '\n') continue; // wrapped line inside the ISA
    if (c === element) {
      values.push(current);
      current = '';
    } else current += c;
  }
  while (i < text.length && (text[i] === '\r' || text[i] === '\n')) i++;
  if (i >= text.length) return more();
  const component = text.charAt(i++);
  // The terminator is the next character, unless that is a line break that merely wraps the
  // line before a visible terminator (e.g. ">\r\n~GS").
  let j = i;
  while (j < text.length && (text[j] === '\r' || text[j] === '\n')) j++;
  if (j >= text.length && !eof) return { kind: 'more' };
  if (j >= text.length && i >= text.length) {
    throw new FormatError('truncated', `file ends after ISA16, before any segment terminator`, line, index);
  }
  let segment: string;
  let length: number;
  if (j === i || (j < text.length && !isAlnum(text.charAt(j)))) {
    segment = text.charAt(j);
    length = j + 1 - start;
  } else {
    // A line break is the terminator; with CRLF we take LF and drop the CR like any other.
    const run = text.slice(i, j);
    segment = run.includes('\n') ? '\n' : '\r';
    length = i + run.indexOf(segment) + 1 - start;
  }
  values.push(component);
  // ISA12/ISA13 first: when they are not numbers the ISA lacks elements and the "separators"
  // found are really characters of the next segment.
  const version = (values[12] ?? '').trim();
  const control = (values[13] ?? '').trim();
  if (!/^\d{5}$/.test(version)) throw fail(`ISA12 version "${preview(version)}" is not 5 digits`);
  if (!/^\d{1,9}$/.test(control)) throw fail(`ISA13 control number "${preview(control)}" is not numeric`);
  if (component === element || isAlnum(component) || /\s/.test(component)) {
    throw fail(`ISA16 component separator ${preview(component)} is ambiguous`);
  }
  if (segment === element || segment === component || isAlnum(segment) || segment === ' ') {
    throw fail(`segment terminator ${preview(segment)} is ambiguous`);
  }
  const isa11 = values[11] ?? '';
  const repeats = version >= '00402' && isa11.length === 1 && !isAlnum(isa11) && isa11 !== ' ';
  const separators: Separators = { element, component, repetition: repeats ? isa11 : null, segment };
  return {
    kind: 'done',
    separators,
    length,
    segment: { id: 'ISA', elements: values, index, line, separators },
  };
}

/** Guesses separators for a file that starts with "ST" (a transaction set without envelope). */
function scanBare(text: string, start: number, eof: boolean, index: number, line: number): HeaderScan {
  const element = text.charAt(start + 2);
  for (let i = start + 3; i < text.length && i - start < MAX_HEADER_SCAN; i++) {
    const c = text.charAt(i);
    if (isAlnum(c) || c === element || c === ' ') continue;
    let segment = c;
    if (c === '\r' && text.charAt(i + 1) === '\n') segment = '\n';
    else if (c === '\r' && i + 1 >= text.length && !eof) return { kind: 'more' };
    return { kind: 'done', separators: { element, component: null, repetition: null, segment }, length: 0 };
  }
  if (!eof && text.length - start < MAX_HEADER_SCAN) return { kind: 'more' };
  throw new FormatError('truncated', `no segment terminator after ST (segment ${index})`, line, index);
}

function countOf(text: string, ch: string, from = 0, to = text.length): number {
  let n = 0;
  for (let i = text.indexOf(ch, from); i !== -1 && i < to; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

export async function* segments(
  source: AsyncIterable<Buffer>,
  opts: TokenizerOptions = {},
): AsyncGenerator<Segment> {
  const chunks = source[Symbol.asyncIterator]();
  // Stop the underlying read (close the file) when the consumer stops early or we throw.
  try {
    const maxSegment = opts.maxSegmentLength ?? DEFAULT_MAX_SEGMENT;
    const allowBare = opts.allowBareTransaction ?? true;
    let buf = '';
    let pos = 0; // everything before pos has been consumed
    let searchFrom = 0; // where to resume looking for a terminator after more text arrives
    let bytes = 0;
    let eof = false;
    let index = 0;
    let line = 1; // physical line at buf[pos]
    let lineBreak = '\n';
    let sep: Separators | null = null;
    let started = false; // anything but filler seen; the BOM is only allowed before that
    let pendingSeparators: Separators | null = null; // guessed for a bare ST, attached to it

    const readMore = async (): Promise<void> => {
      const next = await chunks.next();
      if (next.done) {
        eof = true;
        return;
      }
      bytes += next.value.length;
      buf = buf.slice(pos) + next.value.toString('latin1');
      searchFrom -= pos;
      pos = 0;
      opts.onProgress?.(bytes);
    };

    for (;;) {
      if (sep === null) {
        // Between interchanges: skip a leading BOM and filler, then expect ISA (or a bare ST).
        if (!started && buf.length - pos < 3 && !eof) {
          await readMore();
          continue;
        }
        if (!started && buf.startsWith(BOM, pos)) pos += 3;
        while (pos < buf.length && isFillerChar(buf.charAt(pos))) {
          if (buf.charAt(pos) === '\n') line++;
          pos++;
        }
        if (pos >= buf.length) {
          if (!eof) {
            await readMore();
            continue;
          }
          if (index === 0) throw new FormatError('empty', 'the file holds no X12 data');
          return;
        }
        const next = index + 1;
        if (buf.length - pos < 4 && !eof) {
          await readMore();
          continue;
        }
        let scan: HeaderScan;
        if (buf.startsWith('ISA', pos)) scan = scanIsa(buf, pos, eof, next, line);
        else if (allowBare && index === 0 && buf.startsWith('ST', pos) && !isAlnum(buf.charAt(pos + 2))) {
          scan = scanBare(buf, pos, eof, next, line);
        } else if (buf.length - pos <= PREVIEW && !eof) {
          // Read enough for the error message to quote the same text whatever the chunk size.
          await readMore();
          continue;
        } else if (index === 0) {
          throw new FormatError(
            'not_x12',
            `no ISA interchange header: the file starts with "${preview(buf.slice(pos))}"`,
            line,
            1,
          );
        } else {
          const msg = `unexpected data after IEA at segment ${next}: "${preview(buf.slice(pos))}"`;
          throw new FormatError('trailing_data', msg, line, next);
        }
        if (scan.kind === 'more') {
          await readMore();
          continue;
        }
        started = true;
        sep = scan.separators;
        lineBreak = sep.segment === '\r' ? '\r' : '\n';
        if (scan.segment) {
          index = next;
          line += countOf(buf, lineBreak, pos, pos + scan.length);
          pos += scan.length;
          yield scan.segment;
        } else {
          // A bare ST is tokenized like any other segment; it only carries the guessed separators.
          pendingSeparators = sep;
        }
        searchFrom = pos;
        continue;
      }

      const end = buf.indexOf(sep.segment, Math.max(searchFrom, pos));
      if (end === -1 || end - pos > maxSegment) {
        if (buf.length - pos > maxSegment) {
          const msg = `segment ${index + 1} is longer than ${maxSegment} characters`;
          throw new FormatError('segment_too_long', msg, line, index + 1);
        }
        if (!eof) {
          searchFrom = buf.length;
          await readMore();
          continue;
        }
        const rest = buf.slice(pos);
        pos = buf.length;
        if (isFiller(rest)) return;
        const seg = makeSegment(rest, sep, index + 1, line, lineBreak);
        if (seg) {
          seg.unterminated = true;
          yield seg;
        }
        return;
      }
      const raw = buf.slice(pos, end);
      pos = end + 1;
      searchFrom = pos;
      const seg = makeSegment(raw, sep, index + 1, line, lineBreak);
      line += countOf(raw, lineBreak) + (sep.segment === lineBreak ? 1 : 0);
      if (!seg) continue;
      index = seg.index;
      if (pendingSeparators) {
        seg.separators = pendingSeparators;
        pendingSeparators = null;
      }
      yield seg;
      if (seg.id === 'IEA') sep = null; // the next interchange may use other separators
    }
  } finally {
    await chunks.return?.();
  }
}

/** Splits one raw segment; returns null for an empty (filler-only) segment. */
function makeSegment(
  raw: string,
  sep: Separators,
  index: number,
  line: number,
  lineBreak: string,
): Segment | null {
  // Usually the only line breaks are the CRLF/LF right after the previous terminator.
  const lead = fillerLength(raw);
  const startLine = lead > 0 ? line + countOf(raw, lineBreak, 0, lead) : line;
  if (lead === raw.length) return null;
  let text = lead > 0 ? raw.slice(lead) : raw;
  // Line breaks further in are wrapping (fixed-width files): not data.
  if (text.includes('\n') || text.includes('\r')) text = text.replace(/[\r\n]/g, '');
  const elements = text.split(sep.element);
  const id = elements[0] ?? '';
  if (!SEGMENT_ID.test(id)) {
    throw new FormatError(
      'bad_segment',
      `segment ${index} is not an X12 segment: "${preview(text)}"`,
      startLine,
      index,
    );
  }
  return { id, elements, index, line: startLine };
}
