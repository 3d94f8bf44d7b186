import { AppError } from '@temops/core';

/** Prints either a human line or, with --json, one JSON document on stdout. */
export function emit(json: boolean | undefined, value: unknown, human: () => string) {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Turns an expected failure into a message and an exit code; anything else is a bug and keeps its stack. */
export function report(err: unknown, json: boolean | undefined): number {
  if (
    err instanceof AppError ||
    err instanceof CliError ||
    (err instanceof Error && err.name === 'SchemaTooNewError')
  ) {
    const code = err instanceof AppError ? err.code : 'error';
    if (err.message === '') return err instanceof CliError ? err.exitCode : 1;
    if (json) process.stdout.write(`${JSON.stringify({ error: { code, message: err.message } })}\n`);
    else process.stderr.write(`temops: ${err.message}\n`);
    return err instanceof CliError ? err.exitCode : 1;
  }
  process.stderr.write(
    `temops: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  return 2;
}
