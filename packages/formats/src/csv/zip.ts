/**
 * Checks an .xlsx (a ZIP) before exceljs touches it, because exceljs/unzipper inflate whatever
 * they are given with no limit. We read the central directory ourselves and refuse:
 *  - anything that is not a ZIP (a renamed CSV/PDF), ZIP64, encryption, unknown compression,
 *  - too many entries, or declared sizes beyond the caps,
 *  - bytes not described by the central directory (hidden local entries a streaming unzip would
 *    still read): the local entries must tile the file exactly,
 *  - and, since declared sizes are attacker-controlled, every entry is inflated once here with a
 *    counter and aborted as soon as it exceeds its declared size (so a zip bomb costs at most the
 *    cap in CPU, never in memory); its CRC-32 must match too.
 */
import { crc32, createInflateRaw } from 'node:zlib';
import { FormatError } from '../canonical.ts';

export const XLSX_MAX_ENTRIES = 10_000;
/** total inflated size of all entries; a 200 MB worksheet XML is ~1M rows */
export const XLSX_MAX_INFLATED = 200 * 1024 * 1024;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;

interface Entry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  /** end of the local entry (data and descriptor), set by locate() */
  end: number;
  /** this entry's central directory record */
  cd: [number, number];
}

export function looksLikeZip(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

function centralDirectory(
  buf: Buffer,
  fail: (why: string) => never,
): { entries: Entry[]; cdOffset: number; eocd: number } {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) fail('not a ZIP archive (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) fail('ZIP64 archives are not accepted');
  if (count > XLSX_MAX_ENTRIES) fail(`more than ${XLSX_MAX_ENTRIES} entries`);
  if (cdOffset + cdSize !== eocd) fail('central directory is not where the archive says');
  const entries: Entry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CENTRAL) fail('damaged central directory');
    const nameLen = buf.readUInt16LE(p + 28);
    const e: Entry = {
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      crc: buf.readUInt32LE(p + 16),
      compressed: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      offset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      end: 0,
      cd: [p, p],
    };
    if (e.flags & 1) fail(`entry ${e.name} is encrypted`);
    if (e.method !== 0 && e.method !== 8) fail(`entry ${e.name} uses compression method ${e.method}`);
    if (e.compressed === 0xffffffff || e.size === 0xffffffff) fail('ZIP64 archives are not accepted');
    const next = p + 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    e.cd = [p, next];
    entries.push(e);
    p = next;
  }
  if (p !== eocd) fail('damaged central directory');
  return { entries, cdOffset, eocd };
}

/** Where each entry's data starts; and the local entries must tile [0, cdOffset) with nothing hidden. */
function locate(
  buf: Buffer,
  entries: Entry[],
  cdOffset: number,
  fail: (why: string) => never,
): Map<Entry, number> {
  const starts = new Map<Entry, number>();
  let expected = 0;
  for (const e of [...entries].sort((a, b) => a.offset - b.offset)) {
    if (e.offset !== expected || e.offset + 30 > cdOffset || buf.readUInt32LE(e.offset) !== LOCAL)
      fail(`unexpected data before entry ${e.name}`);
    const localFlags = buf.readUInt16LE(e.offset + 6);
    const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
    if (buf.readUInt16LE(e.offset + 8) !== e.method)
      fail(`entry ${e.name}: local and central headers disagree`);
    if (
      !(localFlags & 8) &&
      (buf.readUInt32LE(e.offset + 18) !== e.compressed || buf.readUInt32LE(e.offset + 22) !== e.size)
    ) {
      fail(`entry ${e.name}: local and central sizes disagree`);
    }
    let end = start + e.compressed;
    if (localFlags & 8) end += end + 4 <= cdOffset && buf.readUInt32LE(end) === DESCRIPTOR ? 16 : 12;
    if (end > cdOffset) fail(`entry ${e.name} runs past the central directory`);
    starts.set(e, start);
    e.end = end;
    expected = end;
  }
  if (expected !== cdOffset) fail('unexpected data after the last entry');
  return starts;
}

/** Inflates with a running count; stops the moment the output exceeds `limit`. */
function inflatedSize(data: Buffer, limit: number): Promise<{ size: number; crc: number } | 'too_big'> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let size = 0;
    let crc = 0;
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        inflate.destroy();
        resolve('too_big');
      } else crc = crc32(chunk, crc);
    });
    inflate.on('end', () => resolve({ size, crc }));
    inflate.on('error', reject);
    inflate.end(data);
  });
}

/**
 * exceljs reads a workbook as a stream and spools every worksheet that arrives before
 * xl/sharedStrings.xml and the workbook relations to a temp file (Excel and exceljs itself write
 * the sheets first). Putting those parts first lets it stream sheets directly; entries are
 * copied byte for byte, only the offsets in the central directory change.
 */
const STREAMING_ORDER = [
  '[Content_Types].xml',
  '_rels/.rels',
  'xl/workbook.xml',
  'xl/_rels/workbook.xml.rels',
  'xl/sharedStrings.xml',
  'xl/styles.xml',
];

function streamingOrder(buf: Buffer, entries: Entry[], eocd: number): Buffer {
  const rank = (e: Entry) =>
    STREAMING_ORDER.includes(e.name) ? STREAMING_ORDER.indexOf(e.name) : STREAMING_ORDER.length;
  const ordered = [...entries].sort((a, b) => rank(a) - rank(b) || a.offset - b.offset);
  const parts: Buffer[] = [];
  const records: Buffer[] = [];
  let offset = 0;
  for (const e of ordered) {
    parts.push(buf.subarray(e.offset, e.end));
    const record = Buffer.from(buf.subarray(e.cd[0], e.cd[1]));
    record.writeUInt32LE(offset, 42);
    records.push(record);
    offset += e.end - e.offset;
  }
  const cd = Buffer.concat(records);
  const end = Buffer.from(buf.subarray(eocd, eocd + 22));
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20); // no archive comment
  return Buffer.concat([...parts, cd, end]);
}

/** Checks the archive; returns its bytes with the parts exceljs needs first (see streamingOrder). */
export async function checkXlsxZip(buf: Buffer, fileName: string): Promise<Buffer> {
  const fail = (why: string): never => {
    throw new FormatError('not_xlsx', `${fileName}: ${why}; not a readable .xlsx workbook`);
  };
  if (!looksLikeZip(buf)) fail('not a ZIP archive');
  const { entries, cdOffset, eocd } = centralDirectory(buf, fail);
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml'))
    fail('no xl/workbook.xml (not an Excel workbook)');
  const declared = entries.reduce((s, e) => s + e.size, 0);
  if (declared > XLSX_MAX_INFLATED) {
    throw new FormatError(
      'too_large',
      `${fileName}: workbook expands to ${declared} bytes, more than the ${XLSX_MAX_INFLATED} accepted`,
    );
  }
  const starts = locate(buf, entries, cdOffset, fail);
  for (const e of entries) {
    const data = buf.subarray(starts.get(e), (starts.get(e) as number) + e.compressed);
    let actual: { size: number; crc: number } | 'too_big';
    try {
      actual = e.method === 0 ? { size: data.length, crc: crc32(data) } : await inflatedSize(data, e.size);
    } catch {
      return fail(`entry ${e.name} is corrupt`);
    }
    if (actual === 'too_big') {
      throw new FormatError(
        'zip_bomb',
        `${fileName}: entry ${e.name} inflates beyond its declared ${e.size} bytes; refused`,
      );
    }
    if (actual.size !== e.size || actual.crc !== e.crc)
      fail(`entry ${e.name} is corrupt (size or CRC mismatch)`);
  }
  return streamingOrder(buf, entries, eocd);
}
