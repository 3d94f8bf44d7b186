import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDqScheduler } from '../src/dq-scheduler.ts';
import { type Harness, harness, testEngine } from './helpers.ts';

describe(`data-quality scheduler on ${testEngine}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h?.drop());

  it('snapshots every tenant at start and again on each interval, one row per day', async () => {
    const a = await h.tenant('sched-a');
    const b = await h.tenant('sched-b');
    const logged: string[] = [];
    const scheduler = startDqScheduler(h.store, h.clock, { intervalMs: 20, log: (l) => logged.push(l) });
    const overallRows = () =>
      h.store.db
        .selectFrom('dq_scores')
        .select(['tenant_id', 'day'])
        .where('domain', '=', 'overall')
        .execute();
    for (let i = 0; i < 1000 && (await overallRows()).length < 2; i++)
      await new Promise((r) => setTimeout(r, 10));
    h.clock.advance(24 * 60 * 60 * 1000);
    for (let i = 0; i < 1000 && (await overallRows()).length < 4; i++)
      await new Promise((r) => setTimeout(r, 10));
    await scheduler.stop();
    const rows = await overallRows();
    expect(new Set(rows.map((r) => `${r.tenant_id} ${r.day}`))).toEqual(
      new Set([
        `${a.tenantId} 2026-11-27`,
        `${b.tenantId} 2026-11-27`,
        `${a.tenantId} 2026-11-28`,
        `${b.tenantId} 2026-11-28`,
      ]),
    );
    expect(logged).toEqual([]);
  });
});
