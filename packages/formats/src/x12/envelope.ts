/**
 * Envelope checks (ISA/IEA, GS/GE, ST/SE) over a segment stream, passing transaction-set bodies
 * through one segment at a time so memory never holds more than the current segment.
 *
 * Severity policy (why: carriers are known to miscount, but a wrong control number means the
 * segments may not belong together, and a missing trailer means data was lost):
 * - missing SE/GE/IEA, a segment out of place, or a file ending inside a segment → FormatError
 *   'truncated' / 'bad_envelope' (the whole file is rejected);
 * - SE01/GE01/IEA01 count mismatch → 'warning' issue;
 * - SE02≠ST02, GE02≠GS06, IEA02≠ISA13 → 'error' issue;
 * - `strict: true` turns every mismatch into a FormatError.
 * ST/SE and GS-level issues go on the invoice; GE/IEA issues arrive after the invoices of their
 * group were yielded, so they go to `onIssue`.
 */
import { FormatError, type ParseIssue } from '../canonical.ts';
import { preview, type Segment, type Separators } from './tokenizer.ts';

export interface EnvelopeOptions {
  strict?: boolean;
  /** reject a bare ST..SE (no ISA/GS); default false (accepted with a warning) */
  requireEnvelope?: boolean;
  onIssue?: (issue: ParseIssue) => void;
}

export interface TransactionHeader {
  /** ISA06 sender id, trimmed; null without envelope */
  senderId: string | null;
  interchangeControl: string | null;
  groupControl: string | null;
  /** GS08, or ST03 for a bare transaction set */
  version: string | null;
  functionalId: string | null;
  transactionControl: string;
  st: Segment;
  separators: Separators;
}

export type EnvelopeEvent =
  | { type: 'start'; header: TransactionHeader; issues: ParseIssue[] }
  | { type: 'segment'; segment: Segment }
  | { type: 'end'; se: Segment; issues: ParseIssue[] };

const SUPPORTED_VERSIONS = ['004010', '005010'];

const el = (seg: Segment, n: number): string => (seg.elements[n] ?? '').trim();
// Control numbers of ISA/GS are numeric (N0): 1 and 000000001 are the same number.
const sameNumber = (a: string, b: string) => a.replace(/^0+(?=\d)/, '') === b.replace(/^0+(?=\d)/, '');

function issue(severity: ParseIssue['severity'], code: string, message: string, seg: Segment): ParseIssue {
  return { severity, code, message, line: seg.line, segment: seg.index };
}

export async function* envelope(
  segments: AsyncIterable<Segment>,
  opts: EnvelopeOptions = {},
): AsyncGenerator<EnvelopeEvent> {
  let isa: Segment | null = null;
  let gs: Segment | null = null;
  let st: Segment | null = null;
  let separators: Separators | null = null;
  let groups = 0;
  let sets = 0;
  let count = 0; // segments of the open transaction set, ST included
  let bare = false;
  let transactions = 0;
  let last: Segment | null = null;
  let groupIssues: ParseIssue[] = [];

  // A mismatch is an issue, or fatal in strict mode.
  const mismatch = (list: ParseIssue[] | null, found: ParseIssue) => {
    if (opts.strict) throw new FormatError(found.code, found.message, found.line, found.segment);
    if (list) list.push(found);
    else opts.onIssue?.(found);
  };
  const outOfPlace = (seg: Segment, why: string) =>
    new FormatError('bad_envelope', `${seg.id} at segment ${seg.index}: ${why}`, seg.line, seg.index);
  const truncated = (seg: Segment, why: string) =>
    new FormatError('truncated', `${seg.id} at segment ${seg.index}: ${why}`, seg.line, seg.index);

  for await (const seg of segments) {
    last = seg;
    if (seg.separators) separators = seg.separators;
    if (seg.unterminated && !(seg.id === 'IEA' || (bare && seg.id === 'SE'))) {
      const msg = `file ends inside segment ${seg.index} (${seg.id}): no segment terminator`;
      throw new FormatError('truncated', msg, seg.line, seg.index);
    }
    if (st) {
      count++;
      if (seg.id !== 'SE') {
        if (['ST', 'GS', 'GE', 'ISA', 'IEA'].includes(seg.id)) {
          throw truncated(seg, `transaction set ${el(st, 2)} opened at segment ${st.index} has no SE`);
        }
        yield { type: 'segment', segment: seg };
        continue;
      }
      const issues: ParseIssue[] = [];
      if (el(seg, 1) !== String(count)) {
        const msg = `SE01 says ${el(seg, 1) || '(empty)'} segments, transaction set ${el(st, 2)} has ${count}`;
        mismatch(issues, issue('warning', 'se_count_mismatch', msg, seg));
      }
      if (el(seg, 2) !== el(st, 2)) {
        const msg = `SE02 ${el(seg, 2) || '(empty)'} does not match ST02 ${el(st, 2)} (segment ${st.index})`;
        if (seg.unterminated) throw truncated(seg, msg);
        mismatch(issues, issue('error', 'se_control_mismatch', msg, seg));
      }
      st = null;
      sets++;
      yield { type: 'end', se: seg, issues };
      continue;
    }
    switch (seg.id) {
      case 'ISA':
        if (isa) throw truncated(seg, `the interchange opened at segment ${isa.index} has no IEA`);
        if (bare) throw outOfPlace(seg, 'an interchange after a transaction set without envelope');
        isa = seg;
        groups = 0;
        break;
      case 'GS': {
        if (!isa) throw outOfPlace(seg, 'GS outside an interchange');
        if (gs) throw truncated(seg, `the functional group opened at segment ${gs.index} has no GE`);
        gs = seg;
        sets = 0;
        groupIssues = [];
        const version = el(seg, 8);
        if (!SUPPORTED_VERSIONS.some((v) => version.startsWith(v))) {
          const msg = `GS08 version ${preview(version) || '(empty)'} at segment ${seg.index}: only 004010 and 005010 are supported`;
          throw new FormatError('unsupported_version', msg, seg.line, seg.index);
        }
        if (el(seg, 1) !== 'CI') {
          const msg = `GS01 is ${preview(el(seg, 1)) || '(empty)'}, not CI (Consolidated Service Invoice/Statement)`;
          groupIssues.push(issue('warning', 'functional_id', msg, seg));
        }
        const isaVersion = el(isa, 12);
        if (isaVersion !== version.slice(0, 5)) {
          const msg = `ISA12 ${isaVersion} and GS08 ${version} name different versions; GS08 is used`;
          groupIssues.push(issue('warning', 'version_mismatch', msg, seg));
        }
        break;
      }
      case 'ST': {
        if (!gs) {
          if (isa || opts.requireEnvelope) throw outOfPlace(seg, 'ST outside a functional group (GS)');
          bare = true;
        }
        if (el(seg, 1) !== '811') {
          const msg = `ST01 ${preview(el(seg, 1)) || '(empty)'} at segment ${seg.index}: only 811 (Consolidated Service Invoice/Statement) is supported`;
          throw new FormatError('unsupported_transaction', msg, seg.line, seg.index);
        }
        st = seg;
        count = 1;
        transactions++;
        const issues = [...groupIssues];
        let version = gs ? el(gs, 8) : el(seg, 3) || null;
        if (bare) {
          const msg =
            'transaction set without ISA/GS envelope: sender, control numbers and version are unknown';
          issues.push(issue('warning', 'no_envelope', msg, seg));
          if (version && !SUPPORTED_VERSIONS.some((v) => version?.startsWith(v))) version = null;
        }
        const header: TransactionHeader = {
          senderId: isa ? el(isa, 6) || null : null,
          interchangeControl: isa ? el(isa, 13) : null,
          groupControl: gs ? el(gs, 6) : null,
          version,
          functionalId: gs ? el(gs, 1) : null,
          transactionControl: el(seg, 2),
          st: seg,
          separators: separators ?? { element: '*', component: null, repetition: null, segment: '~' },
        };
        yield { type: 'start', header, issues };
        break;
      }
      case 'GE':
        if (!gs) throw outOfPlace(seg, 'GE without GS');
        if (el(seg, 1) !== String(sets)) {
          const msg = `GE01 says ${el(seg, 1) || '(empty)'} transaction sets, group ${el(gs, 6)} has ${sets}`;
          mismatch(null, issue('warning', 'ge_count_mismatch', msg, seg));
        }
        if (!sameNumber(el(seg, 2), el(gs, 6))) {
          const msg = `GE02 ${el(seg, 2) || '(empty)'} does not match GS06 ${el(gs, 6)} (segment ${gs.index})`;
          mismatch(null, issue('error', 'ge_control_mismatch', msg, seg));
        }
        gs = null;
        groups++;
        break;
      case 'IEA':
        if (!isa) throw outOfPlace(seg, 'IEA without ISA');
        if (gs) throw truncated(seg, `the functional group opened at segment ${gs.index} has no GE`);
        if (!sameNumber(el(seg, 2), el(isa, 13))) {
          const msg = `IEA02 ${el(seg, 2) || '(empty)'} does not match ISA13 ${el(isa, 13)} (segment ${isa.index})`;
          if (seg.unterminated) throw truncated(seg, msg);
          mismatch(null, issue('error', 'iea_control_mismatch', msg, seg));
        }
        if (el(seg, 1) !== String(groups)) {
          const msg = `IEA01 says ${el(seg, 1) || '(empty)'} functional groups, interchange has ${groups}`;
          mismatch(null, issue('warning', 'iea_count_mismatch', msg, seg));
        }
        isa = null;
        break;
      default:
        throw outOfPlace(
          seg,
          gs ? 'segment outside a transaction set (ST..SE)' : 'segment outside a functional group',
        );
    }
  }

  const end = last;
  if (end === null) throw new FormatError('empty', 'the file holds no X12 segments');
  if (st)
    throw truncated(end, `file ends inside transaction set ${el(st, 2)} (ST at segment ${st.index}): no SE`);
  if (gs) throw truncated(end, `file ends inside the functional group opened at segment ${gs.index}: no GE`);
  if (isa) throw truncated(end, `file ends inside the interchange opened at segment ${isa.index}: no IEA`);
  if (transactions === 0)
    throw new FormatError('empty', 'the interchange holds no transaction sets', end.line);
}
