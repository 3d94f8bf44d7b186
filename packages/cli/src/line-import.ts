import fs from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { CliError } from './output.ts';

/** What the inventory and contract imports share on the command line: the file, a bar, the exit code. */

export async function readInputFile(file: string): Promise<Buffer> {
  return fs.readFile(file).catch(() => {
    throw new CliError(`${file}: no such file`, 2);
  });
}

/** A bar over the lines of one file, drawn on a terminal only so it never mixes into --json output. */
export function lineProgress(file: string, json: boolean | undefined) {
  const bar =
    !json && process.stderr.isTTY
      ? new cliProgress.SingleBar(
          {
            format: `${path.basename(file)} [{bar}] {percentage}% {value}/{total} lines`,
            stream: process.stderr,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  let started = false;
  return {
    onProgress(done: number, total: number) {
      if (!started) bar?.start(total, 0);
      started = true;
      bar?.update(done);
    },
    stop: () => bar?.stop(),
  };
}

/** Exit 2 when any line was refused; with --json the report printed already says which. */
export function failOnLineErrors(report: { errors: number }, json: boolean | undefined) {
  if (report.errors > 0)
    throw new CliError(json ? '' : `${report.errors} line(s) in error; nothing was written`, 2);
}
