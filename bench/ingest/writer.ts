import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

/**
 * Buffers text and hands it to the file in ~1 MiB writes, waiting for 'drain', so a generated
 * file of any size never sits in memory.
 */
export class ChunkWriter {
  private buf = '';
  bytes = 0;
  private readonly out: WriteStream;

  constructor(file: string) {
    this.out = createWriteStream(file);
  }

  push(text: string): void {
    this.buf += text;
  }

  /** Call between records; writes only once a chunk has built up. */
  async maybeFlush(): Promise<void> {
    if (this.buf.length >= 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = this.buf;
    this.buf = '';
    this.bytes += Buffer.byteLength(chunk);
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}
