import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Source } from '@temops/formats';

/** Imported files, kept by content hash so an invoice can always be traced to its exact bytes. */
export interface FileStore {
  /** Copies the source in, hashing as it goes; returns the hash and a source reading the kept copy. */
  put(source: Source, limit: number): Promise<{ sha256: string; size: number; kept: Source }>;
  path(sha256: string): string;
}

export class FileTooLargeError extends Error {}

export function localFileStore(dir: string): FileStore {
  const pathOf = (sha: string) => path.join(dir, sha.slice(0, 2), sha);
  return {
    path: pathOf,
    async put(source, limit) {
      await fs.mkdir(path.join(dir, 'tmp'), { recursive: true });
      const tmp = path.join(dir, 'tmp', `${Date.now()}-${randomBytes(6).toString('hex')}`);
      const hash = createHash('sha256');
      let size = 0;
      try {
        await pipeline(
          source.open(),
          async function* (chunks: AsyncIterable<Buffer>) {
            for await (const chunk of chunks) {
              size += chunk.length;
              if (size > limit) throw new FileTooLargeError(`${source.fileName}: larger than ${limit} bytes`);
              hash.update(chunk);
              yield chunk;
            }
          },
          createWriteStream(tmp),
        );
        const sha256 = hash.digest('hex');
        const final = pathOf(sha256);
        await fs.mkdir(path.dirname(final), { recursive: true });
        await fs.rename(tmp, final);
        return { sha256, size, kept: keptSource(source.fileName, final, size) };
      } finally {
        await fs.rm(tmp, { force: true });
      }
    },
  };
}

function keptSource(fileName: string, file: string, size: number): Source {
  // A read stream closes its descriptor when the reader stops early (format detection peeks).
  return { fileName, size, open: () => createReadStream(file, { highWaterMark: 1 << 20 }) };
}
