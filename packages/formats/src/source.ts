import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { Source } from './canonical.ts';

export function fileSource(file: string): Source {
  return {
    fileName: path.basename(file),
    size: statSync(file).size,
    open: () => createReadStream(file, { highWaterMark: 1 << 20 }),
  };
}

export function bufferSource(fileName: string, bytes: Buffer | string): Source {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  return {
    fileName,
    size: buf.length,
    async *open() {
      for (let i = 0; i < buf.length; i += 1 << 20) yield buf.subarray(i, i + (1 << 20));
    },
  };
}

/** Reads a whole (small, bounded) source into memory; for XML/JSON formats. */
export async function readAll(source: Source, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of source.open()) {
    n += chunk.length;
    if (n > limit) throw new Error(`${source.fileName}: larger than ${limit} bytes`);
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}
