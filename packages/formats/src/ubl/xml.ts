/**
 * Safe XML text handling for UBL: decoding, refusing DTDs before any parser sees them, line
 * numbers, and reading values out of fast-xml-parser's tree (which we run with entity processing
 * off, so the five predefined entities and character references are decoded here, in one pass).
 */
import { FormatError } from '../canonical.ts';

/**
 * Peppol requires UTF-8. UTF-16 (BOM) or a declaration naming another encoding is refused rather
 * than guessed, and invalid UTF-8 is an error, never a silent U+FFFD in an amount or an id.
 */
export function decodeXml(bytes: Buffer, fileName: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new FormatError(
      'xml_encoding',
      `${fileName}: UTF-16 XML is not accepted (UBL/Peppol requires UTF-8)`,
    );
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(bom));
  } catch {
    throw new FormatError('xml_encoding', `${fileName}: not valid UTF-8`);
  }
  const decl = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([^"']*)["']/.exec(text);
  if (decl && !/^utf-?8$/i.test(decl[1] ?? '')) {
    throw new FormatError('xml_encoding', `${fileName}: declared encoding "${decl[1]}" is not UTF-8`, 1);
  }
  return text;
}

/** Maps string offsets to 1-based line numbers (binary search over line starts). */
export class Lines {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  at(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

/**
 * Refuses any markup declaration (<!DOCTYPE, <!ENTITY, <!ELEMENT …) outside comments and CDATA.
 * With no DTD there is nothing to expand, so billion-laughs and XXE payloads never reach the parser.
 */
export function refuseDtd(text: string, lines: Lines, fileName: string): void {
  let i = text.indexOf('<!');
  while (i >= 0) {
    let end: number;
    if (text.startsWith('<!--', i)) end = text.indexOf('-->', i + 4);
    else if (text.startsWith('<![CDATA[', i)) end = text.indexOf(']]>', i + 9);
    else {
      const line = lines.at(i);
      const what = /^<!(\w*)/.exec(text.slice(i, i + 20))?.[1] || 'declaration';
      throw new FormatError(
        'xml_doctype',
        `${fileName}: line ${line}: <!${what} is refused (DTDs and entity declarations are not accepted)`,
        line,
      );
    }
    if (end < 0) return; // unterminated comment/CDATA: the validator reports it with a line
    i = text.indexOf('<!', end);
  }
}

const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** One left-to-right pass, so `&amp;lt;` becomes `&lt;` (not `<`), as XML defines it. */
export function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(
    ENTITY,
    (whole, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
      if (name) return NAMED[name] ?? whole;
      const cp = dec !== undefined ? Number(dec) : Number.parseInt(hex ?? '', 16);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : whole;
    },
  );
}

/** A node of fast-xml-parser's tree: text, or an element with children, attributes and #text. */
export type XNode = string | { [key: string]: unknown };

export function child(node: unknown, ...path: string[]): unknown {
  let cur: unknown = node;
  for (const key of path) {
    if (Array.isArray(cur)) cur = cur[0];
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return Array.isArray(cur) ? cur[0] : cur;
}

/** All occurrences of a repeated child (isArray keeps them as arrays; tolerate a single one). */
export function children(node: unknown, key: string): unknown[] {
  const v = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** Trimmed, unescaped text of an element (or null when absent or empty). */
export function text(node: unknown, ...path: string[]): string | null {
  const n = path.length ? child(node, ...path) : node;
  let raw: unknown = n;
  if (n !== null && typeof n === 'object') raw = (n as Record<string, unknown>)['#text'];
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const s = unescapeXml(String(raw)).trim();
  return s === '' ? null : s;
}

export function attr(node: unknown, name: string, ...path: string[]): string | null {
  const n = path.length ? child(node, ...path) : node;
  if (n === null || typeof n !== 'object') return null;
  const v = (n as Record<string, unknown>)[`@_${name}`];
  return typeof v === 'string' && v.trim() !== '' ? unescapeXml(v).trim() : null;
}
