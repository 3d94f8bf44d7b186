/** Helpers shared by the X12 tests and the throughput check; not part of the parser. */
import { FormatError, type ParsedInvoice, type ParseIssue, type Source } from '../canonical.ts';
import { parseX12_811, type X12Options } from './index.ts';

/** A source that yields the bytes in chunks of exactly `chunkSize` (the last may be shorter). */
export function chunkedSource(bytes: Buffer | string, chunkSize = 1 << 20, fileName = 'test.edi'): Source {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
  return {
    fileName,
    size: buf.length,
    async *open() {
      for (let i = 0; i < buf.length; i += chunkSize) yield buf.subarray(i, i + chunkSize);
    },
  };
}

export interface Outcome {
  invoices: ParsedInvoice[];
  fileIssues: ParseIssue[];
  error?: { code: string; message: string; segment: number | null; line: number | null };
}

/** Parses to completion; a FormatError becomes `error`, anything else is rethrown (a bug). */
export async function parseAll(source: Source, opts: X12Options = {}): Promise<Outcome> {
  const out: Outcome = { invoices: [], fileIssues: [] };
  try {
    for await (const inv of parseX12_811(source, { ...opts, onIssue: (i) => out.fileIssues.push(i) })) {
      out.invoices.push(inv);
    }
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    out.error = {
      code: err.code,
      message: err.message,
      segment: err.segment ?? null,
      line: err.line ?? null,
    };
  }
  return out;
}

export function parseText(text: string, opts: X12Options = {}, chunkSize?: number): Promise<Outcome> {
  return parseAll(chunkedSource(text, chunkSize), opts);
}

/** A padded 004010 ISA/GS header with '*', '>' and '~'. */
export function envelopeOf(body: string[], control = '1'): string {
  const isa = `ISA*00*          *00*          *ZZ*${'SENDER'.padEnd(15)}*ZZ*${'RECEIVER'.padEnd(15)}*250101*1200*U*00401*${control.padStart(9, '0')}*0*P*>`;
  const st = ['ST*811*0001', ...body];
  st.push(`SE*${st.length + 1}*0001`);
  return [
    isa,
    `GS*CI*SENDER*RECEIVER*20250101*1200*${control}*X*004010`,
    ...st,
    `GE*1*${control}`,
    `IEA*1*${control.padStart(9, '0')}`,
  ]
    .map((s) => `${s}~\n`)
    .join('');
}

/**
 * A synthetic telecom 811 with `lines` service lines of four charges each (SLN, two ITAs, a TXI),
 * for throughput and memory checks. Every line costs 12.34 + 1.00 + 0.50 + 0.99 = 14.83.
 */
export function generate811(lines: number): { text: string; charges: number; segments: number } {
  const parts: string[] = [];
  const isa = `ISA*00*          *00*          *ZZ*${'BIGCARRIER'.padEnd(15)}*ZZ*${'ACME'.padEnd(15)}*250101*1200*U*00401*000000001*0*P*>`;
  parts.push(isa, 'GS*CI*BIGCARRIER*ACME*20250101*1200*1*X*004010', 'ST*811*0001');
  const body = [
    'BIG*20250101*BIG-1',
    'REF*12*BIG-ACCT',
    'DTM*186*20250101',
    'DTM*187*20250131',
    'HL*1**1*1',
    'HL*2*1*2*1',
  ];
  let hl = 2;
  for (let i = 0; i < lines; i++) {
    const line = ++hl;
    const tn = String(2000000000 + i);
    body.push(`HL*${line}*2*3*1`, `SI*TI*TN*${tn}`, `HL*${++hl}*${line}*8*0`);
    body.push(
      'SLN*1**I*1*EA*12.34***ZZ*1FR',
      'PID*F****BUSINESS LINE',
      'DTM*150*20250101',
      'DTM*151*20250131',
    );
    body.push(`HL*${++hl}*${line}*8*0`, 'ITA*C**FUSF*06***100******FEDERAL UNIVERSAL SERVICE FEE');
    body.push('ITA*C***06***50******E911 SURCHARGE', 'TXI*ST*0.99*8.25*SP*TX');
  }
  const total = BigInt(lines) * 1483n;
  body.push(`TDS*${total}`, `CTT*${hl}`);
  const all = parts.concat(body, [`SE*${body.length + 2}*0001`, 'GE*1*1', 'IEA*1*000000001']);
  return { text: all.map((s) => `${s}~\n`).join(''), charges: lines * 4, segments: all.length };
}
