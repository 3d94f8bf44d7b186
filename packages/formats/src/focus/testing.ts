/** Test helpers for the FOCUS readers (not used by production code). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ParsedInvoice, ParseIssue, Parser, Source } from '../canonical.ts';
import type { FocusParseOptions } from './csv.ts';

export interface Outcome {
  invoices: ParsedInvoice[];
  fileIssues: ParseIssue[];
  error?: { name: string; code?: string; line?: number; message: string };
}

/** Runs a parser to the end; a thrown error is captured, not rethrown. */
export async function run(
  parser: Parser<FocusParseOptions>,
  source: Source,
  opts: FocusParseOptions = {},
): Promise<Outcome> {
  const out: Outcome = { invoices: [], fileIssues: [] };
  try {
    for await (const inv of parser(source, { ...opts, onIssue: (i) => out.fileIssues.push(i) })) {
      out.invoices.push(inv);
    }
  } catch (err) {
    const e = err as Error & { code?: string; line?: number };
    out.error = { name: e.name, code: e.code, line: e.line, message: e.message };
  }
  return out;
}

/** A fresh temp directory for `fn`, removed afterwards whatever happens. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'focus-test-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
