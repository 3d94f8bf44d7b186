/**
 * Holds every invoice's packed charges until the file has been read: FOCUS exports are not
 * sorted by invoice, so no invoice is complete before the last row.
 *
 * Rows are buffered per invoice in memory. When the buffers pass `spillAboveBytes` they are all
 * flushed to one temporary file, each invoice's rows as one contiguous run, and the buffers start
 * again. Reading an invoice back is then one sequential read per run (a handful per invoice),
 * not one per row. Memory while reading the file: the buffers (≤ spillAboveBytes) plus a few
 * numbers per run; while yielding: one invoice.
 */

import type { FileHandle } from 'node:fs/promises';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const DEFAULT_SPILL_ABOVE_BYTES = 8 * 1024 * 1024;

interface Run {
  offset: number;
  bytes: number;
}

export class ChargeStore {
  private pending: string[][] = [];
  private pendingBytes = 0;
  private runs: Run[][] = [];
  private file: { dir: string; fh: FileHandle; written: number } | null = null;

  constructor(
    private readonly spillAboveBytes = DEFAULT_SPILL_ABOVE_BYTES,
    private readonly tmpDir = tmpdir(),
  ) {}

  get spilled(): boolean {
    return this.file !== null;
  }

  /** `packed` must not contain a newline (JSON text never does). Await the result when given. */
  add(invoice: number, packed: string): Promise<void> | undefined {
    let rows = this.pending[invoice];
    if (!rows) {
      rows = [];
      this.pending[invoice] = rows;
    }
    rows.push(packed);
    this.pendingBytes += packed.length + 1;
    return this.pendingBytes > this.spillAboveBytes ? this.flush() : undefined;
  }

  /** The invoice's rows in file order; each invoice can be read once. */
  async *rows(invoice: number): AsyncGenerator<string> {
    const runs = this.runs[invoice] ?? [];
    this.runs[invoice] = [];
    for (const run of runs) {
      const file = this.file;
      if (!file) throw new Error('focus spill file is gone');
      const buf = Buffer.allocUnsafe(run.bytes);
      const { bytesRead } = await file.fh.read(buf, 0, run.bytes, run.offset);
      if (bytesRead !== run.bytes) throw new Error('focus spill file was truncated');
      yield* buf.toString('utf8').split('\n');
    }
    const rows = this.pending[invoice] ?? [];
    this.pending[invoice] = [];
    yield* rows;
  }

  async dispose(): Promise<void> {
    this.pending = [];
    const file = this.file;
    this.file = null;
    if (file) {
      await file.fh.close().catch(() => {});
      await rm(file.dir, { recursive: true, force: true });
    }
  }

  private async flush(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.file) this.file = await createSpillFile(this.tmpDir);
    const file = this.file;
    for (let i = 0; i < pending.length; i++) {
      const rows = pending[i];
      if (!rows?.length) continue;
      const bytes = Buffer.from(rows.join('\n'));
      const offset = file.written;
      file.written += bytes.length;
      await file.fh.write(bytes, 0, bytes.length, offset);
      let runs = this.runs[i];
      if (!runs) {
        runs = [];
        this.runs[i] = runs;
      }
      runs.push({ offset, bytes: bytes.length });
    }
  }
}

async function createSpillFile(parent: string): Promise<{ dir: string; fh: FileHandle; written: number }> {
  const dir = await mkdtemp(path.join(parent, 'temops-focus-'));
  try {
    return { dir, fh: await open(path.join(dir, 'charges.jsonl'), 'w+', 0o600), written: 0 };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
