/**
 * Reading element values: text, exact numbers, dates, descriptions, and the capped issue list of
 * one invoice. Amounts never pass through a JavaScript number (see decimal.ts).
 */
import { FormatError, type ParseIssue } from '../canonical.ts';
import { parseN2, parseR } from './decimal.ts';
import { preview, type Segment } from './tokenizer.ts';

/** Issues of one invoice; repeats of one code are capped so a hostile file cannot flood memory. */
export class IssueList {
  private readonly items: ParseIssue[] = [];
  private readonly counts = new Map<string, number>();
  constructor(private readonly cap = 50) {}
  add(issue: ParseIssue): void {
    const n = (this.counts.get(issue.code) ?? 0) + 1;
    this.counts.set(issue.code, n);
    if (n <= this.cap) this.items.push(issue);
  }
  warn(code: string, message: string, seg?: Segment): void {
    this.add({ severity: 'warning', code, message, line: seg?.line, segment: seg?.index });
  }
  list(): ParseIssue[] {
    const more = [...this.counts].filter(([, n]) => n > this.cap);
    const notes = more.map(([code, n]): ParseIssue => {
      return { severity: 'warning', code, message: `${n - this.cap} more "${code}" issues not listed` };
    });
    // Issues are raised when a loop closes, which can be after later segments; show them in file order.
    const ordered = [...this.items].sort((a, b) => (a.segment ?? Infinity) - (b.segment ?? Infinity));
    return [...ordered, ...notes];
  }
}

export const el = (seg: Segment, n: number): string => (seg.elements[n] ?? '').trim();

const name = (seg: Segment, n: number) => `${seg.id}${String(n).padStart(2, '0')}`;

/** Reads a numeric element; an invalid number is fatal because an amount we cannot read is unsafe. */
export function num(seg: Segment, n: number, type: 'R' | 'N2'): string | null {
  const text = el(seg, n);
  if (text === '') return null;
  const value = type === 'R' ? parseR(text) : parseN2(text);
  if (value !== null) return value;
  const what = type === 'R' ? 'decimal (R)' : 'implied-decimal (N2)';
  const msg = `${name(seg, n)} "${preview(text)}" at segment ${seg.index} is not a valid ${what} number`;
  throw new FormatError('bad_number', msg, seg.line, seg.index);
}

/** CCYYMMDD → YYYY-MM-DD; a malformed or impossible date is a warning and null. */
export function toDate(text: string, seg: Segment, issues: IssueList): string | null {
  if (text === '') return null;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) {
    const [, y, mo, d] = m.map(Number) as [number, number, number, number];
    const check = new Date(Date.UTC(y, mo - 1, d));
    if (check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d) {
      return `${m[1]}-${m[2]}-${m[3]}`;
    }
  }
  issues.warn(
    'bad_date',
    `"${preview(text)}" at segment ${seg.index} (${seg.id}) is not a CCYYMMDD date`,
    seg,
  );
  return null;
}

/** Records a DTM in a date map: qualifier → date, and `<q>-end` for the end of an RD8 range. */
export function addDtm(dates: Map<string, string>, seg: Segment, issues: IssueList): void {
  const q = el(seg, 1);
  if (el(seg, 5) === 'RD8' && el(seg, 6).includes('-')) {
    const [from = '', to = ''] = el(seg, 6).split('-');
    const start = toDate(from, seg, issues);
    const end = toDate(to, seg, issues);
    if (start) dates.set(q, start);
    if (end) dates.set(`${q}-end`, end);
    return;
  }
  const date = toDate(el(seg, 2), seg, issues);
  if (date) dates.set(q, date);
}

export function pickDate(dates: Map<string, string>, qualifiers: string[], rangeEnd = false): string | null {
  for (const q of qualifiers) {
    const d = dates.get(rangeEnd ? `${q}-end` : q);
    if (d) return d;
  }
  return null;
}

const MAX_DESCRIPTION = 1000;

export function appendDescription(current: string | null, text: string): string | null {
  if (text === '') return current;
  const joined = current ? `${current} ${text}` : text;
  return joined.slice(0, MAX_DESCRIPTION);
}

/** The first composite component (units like "GB>1" → "GB"). */
export function firstComponent(text: string, component: string | null): string {
  return component ? (text.split(component)[0] ?? '') : text;
}
