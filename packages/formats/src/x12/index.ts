/**
 * EDI X12 811 (Consolidated Service Invoice/Statement) reader.
 *
 * bytes → tokenizer (separators from each ISA) → envelope checks (ISA/GS/ST counts and control
 * numbers) → assembler (HL tree, charge loops) → one ParsedInvoice per transaction set (ST..SE).
 * Invoices are yielded as each SE is read, so memory is bounded by the largest transaction set.
 * A FormatError can still come after some invoices were yielded (e.g. a missing IEA at the end);
 * callers must treat the file as one unit and discard what they got, as the import service does
 * by reading inside one database transaction.
 */
import { FormatError, type ParseOptions, type Parser } from '../canonical.ts';
import { InvoiceAssembler } from './assembler.ts';
import { envelope } from './envelope.ts';
import { type CarrierProfile, resolveProfile } from './profiles.ts';
import { segments } from './tokenizer.ts';

export type { CarrierProfile, HlRole, StatedField } from './profiles.ts';
export { GENERIC, GRANITE, PROFILES, resolveProfile } from './profiles.ts';
export type { Segment, Separators, TokenizerOptions } from './tokenizer.ts';
export { segments } from './tokenizer.ts';

export interface X12Options extends ParseOptions {
  /** carrier profile by name ('generic', 'granite') or overrides of the generic one */
  profile?: string | Partial<CarrierProfile>;
  /** reject the file on any count or control-number mismatch instead of reporting an issue */
  strict?: boolean;
  /** reject a bare ST..SE without ISA/GS (accepted with a 'no_envelope' warning by default) */
  requireEnvelope?: boolean;
  /** default 1 MiB */
  maxSegmentLength?: number;
  /** when the file has no CUR segment; default USD (US carrier 811s rarely send CUR) */
  defaultCurrency?: string;
}

export const parseX12_811: Parser<X12Options> = async function* (source, opts = {}) {
  const profile = resolveProfile(opts.profile);
  const tokens = segments(source.open(), {
    onProgress: opts.onProgress,
    maxSegmentLength: opts.maxSegmentLength,
    allowBareTransaction: !opts.requireEnvelope,
  });
  let assembler: InvoiceAssembler | null = null;
  try {
    for await (const event of envelope(tokens, opts)) {
      if (event.type === 'segment') assembler?.add(event.segment);
      else if (event.type === 'start') {
        assembler = new InvoiceAssembler(profile, event.header, event.issues, opts.defaultCurrency);
      } else if (assembler) {
        const invoice = assembler.finish(event.issues);
        assembler = null;
        yield invoice;
      }
    }
  } catch (err) {
    if (err instanceof FormatError && !err.message.startsWith(`${source.fileName}: `)) {
      throw new FormatError(err.code, `${source.fileName}: ${err.message}`, err.line, err.segment);
    }
    throw err;
  }
};

/** True when the head of a file is an X12 interchange: optional BOM and whitespace, then "ISA" and a separator. */
export function sniffX12(head: Buffer): boolean {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || (head[i]! >= 0x09 && head[i]! <= 0x0d))) i++;
  if (head.toString('latin1', i, i + 3) !== 'ISA') return false;
  const sep = head[i + 3];
  return sep !== undefined && !/[A-Za-z0-9\s]/.test(String.fromCharCode(sep));
}
