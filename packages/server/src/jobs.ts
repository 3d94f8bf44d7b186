import { randomUUID } from 'node:crypto';
import type { FileResult } from '@temops/core';

export interface ImportJob {
  id: string;
  tenantId: string;
  file: string;
  state: 'running' | 'done' | 'failed';
  bytes: number;
  total: number;
  result: FileResult | null;
  error: string | null;
  startedAt: string;
  /** settles when the import has finished either way */
  done?: Promise<void>;
}

const KEEP = 500;

/**
 * Imports run after the upload is on disk, so a big file does not hold the HTTP request open.
 * Jobs live in this process: on SQLite there is one process; behind a load balancer on
 * PostgreSQL the status must be asked of the server that took the upload (see docs).
 */
export class JobRegistry {
  private jobs = new Map<string, ImportJob>();

  start(
    tenantId: string,
    file: string,
    total: number,
    run: (job: ImportJob) => Promise<FileResult>,
  ): ImportJob {
    const job: ImportJob = {
      id: randomUUID(),
      tenantId,
      file,
      state: 'running',
      bytes: 0,
      total,
      result: null,
      error: null,
      startedAt: new Date().toISOString(),
    };
    this.jobs.set(job.id, job);
    if (this.jobs.size > KEEP) this.jobs.delete(this.jobs.keys().next().value!);
    job.done = run(job).then(
      (result) => {
        job.state = 'done';
        job.result = result;
        job.bytes = job.total;
      },
      (err: unknown) => {
        job.state = 'failed';
        job.error = err instanceof Error ? err.message : String(err);
      },
    );
    return job;
  }

  get(tenantId: string, id: string): ImportJob | undefined {
    const job = this.jobs.get(id);
    return job?.tenantId === tenantId ? job : undefined;
  }
}
