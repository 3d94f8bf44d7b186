import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebStream } from 'node:stream/web';
import { AppError } from '@temops/core';

/** Streams a request body to a temporary file, refusing it once it passes `limit` bytes. */
export async function receiveUpload(body: ReadableStream<Uint8Array> | null, dir: string, limit: number) {
  if (!body) throw new AppError('validation_failed', 'Send the file as the request body');
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `upload-${Date.now()}-${randomBytes(6).toString('hex')}`);
  let size = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > limit) done(new AppError('payload_too_large', `Uploads are limited to ${limit} bytes`));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(body as WebStream<Uint8Array>), cap, createWriteStream(file));
  } catch (err) {
    await fs.rm(file, { force: true });
    // A client that hangs up mid-upload is not a server fault; nothing was stored.
    if (
      !(err instanceof AppError) &&
      /aborted|ECONNRESET/i.test(`${(err as Error).message} ${(err as { code?: string }).code ?? ''}`)
    ) {
      throw new AppError('validation_failed', 'The upload was interrupted before the file was complete');
    }
    throw err;
  }
  return { file, size };
}
