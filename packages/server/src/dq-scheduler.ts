import { type Clock, escalateEveryTenant, type Store, snapshotEveryTenant } from '@temops/core';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Keeps the data-quality trend filled: every tenant's snapshot is taken when the server starts
 * and every 24 hours after, followed by a refresh of the planner's statistics. A snapshot replaces the same day's, so restarts never double a point.
 * Runs never overlap; `stop` waits for the one in flight so the database can close after it.
 */
export function startDqScheduler(
  store: Pick<Store, 'db' | 'engine' | 'optimize'>,
  clock: Clock,
  opts: { intervalMs?: number; log?: (line: string) => void } = {},
) {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running
      .then(async () => {
        for (const r of await snapshotEveryTenant(store, clock)) {
          if (r.error) log(`temops: data-quality snapshot of ${r.tenant} failed: ${r.error}`);
        }
        // The daily escalation of overdue exceptions rides on the same schedule.
        for (const r of await escalateEveryTenant(store, clock)) {
          if (r.error) log(`temops: escalating exceptions of ${r.tenant} failed: ${r.error}`);
        }
        await store.optimize();
      })
      .catch((err: unknown) => log(`temops: data-quality snapshots failed: ${String(err)}`));
  };
  run();
  const timer = setInterval(run, opts.intervalMs ?? DAY_MS);
  // The schedule alone must not keep the process alive.
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
