import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bufferSource } from '@temops/formats';
import type { Store } from '../db/connect.ts';
import { systemActor } from '../modules/access/permissions.ts';
import { runAudit } from '../modules/audit/run.service.ts';
import { localFileStore } from '../modules/imports/file-store.ts';
import { importFile } from '../modules/imports/import.service.ts';
import { createTenant, platformCtx } from '../modules/tenants/tenants.service.ts';
import { type Clock, fixedClock } from '../shared/clock.ts';
import type { Ctx } from '../shared/context.ts';
import { activeFindings, failedRuns, invoiceCount } from './accuracy.queries.ts';
import { addDays } from './calendar.ts';
import { type FoundFinding, type Score, score } from './compare.ts';
import { generateScenario } from './generate.ts';
import { loadScenario } from './load.ts';
import type { Scenario } from './types.ts';

export interface AccuracyOptions {
  seed: number;
  /** slug of the tenant to create; default `accuracy-<seed>-<random>` */
  tenantSlug?: string;
  /** also write the bill files and the ground truth to this folder */
  keepFiles?: string;
  onProgress?: (p: AccuracyProgress) => void;
}

export type AccuracyProgress =
  | { stage: 'setup' }
  | { stage: 'import'; month: string; file: string; done: number; total: number }
  | { stage: 'audit' };

export interface AccuracyResult extends Score {
  seed: number;
  tenantSlug: string;
  files: number;
  invoices: number;
  /** audit runs that failed on the way (a rule threw); the figures then miss what those runs would have found */
  failedRuns: number;
  durationMs: number;
}

const CONTRACT_RULES = new Set(['contract_expiry', 'commitment_shortfall']);
const LINE_KEY = /:(\d+)$/;
const MONTH_KEY = /:(\d{4}-\d{2})$/;

/**
 * The accuracy scenario end to end: a fresh tenant built from the seed through the real services,
 * its bills imported month by month as files (each import audits what it brought in), a final
 * audit of the whole tenant, and its active findings scored against the planted errors.
 */
export async function runAccuracy(store: Store, opts: AccuracyOptions): Promise<AccuracyResult> {
  const started = Date.now();
  const s = generateScenario(opts.seed);
  if (opts.keepFiles) await keep(s, opts.keepFiles);
  const tenantSlug = opts.tenantSlug ?? `accuracy-${opts.seed}-${randomBytes(3).toString('hex')}`;
  const actor = systemActor('accuracy');
  const at = (day: string, seconds = 0): Clock =>
    fixedClock(new Date(Date.parse(`${day}T09:00:00Z`) + seconds * 1000));
  const setupDay = addDays(`${s.months[0]}-01`, -10);

  opts.onProgress?.({ stage: 'setup' });
  const tenant = await createTenant(platformCtx(store, actor, at(setupDay)), {
    slug: tenantSlug,
    name: `Accuracy scenario ${opts.seed}`,
  });
  const ctx = (clock: Clock): Ctx => ({
    db: store.db,
    engine: store.engine,
    tenantId: tenant.id,
    actor,
    clock,
  });
  await loadScenario(ctx(at(setupDay)), s);

  const dir = await fs.mkdtemp(path.join(tmpdir(), 'temops-accuracy-'));
  try {
    const files = localFileStore(dir);
    for (const [n, f] of s.files.entries()) {
      opts.onProgress?.({
        stage: 'import',
        month: f.name.slice(0, 7),
        file: f.name,
        done: n,
        total: s.files.length,
      });
      // Each file a few seconds after the last, so import order is the order the bills came in.
      const r = await importFile(ctx(at(f.arrival, n)), files, {
        source: bufferSource(path.basename(f.name), f.content),
        onConflict: f.onConflict,
      });
      if (r.status !== 'imported')
        throw new Error(`scenario file ${f.name} was ${r.status}: ${r.error?.message ?? ''}`);
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }

  opts.onProgress?.({ stage: 'audit' });
  const final = ctx(at(s.today));
  await runAudit(final);
  const found: FoundFinding[] = (await activeFindings(store.db, tenant.id)).map((f) => ({
    rule: f.rule,
    invoiceNumber: f.invoice_number,
    accountNumber: f.account_number,
    identifier: CONTRACT_RULES.has(f.rule) ? f.contract_number : f.identifier,
    lineRef: f.line_no !== null ? String(f.line_no) : (LINE_KEY.exec(f.subject_key)?.[1] ?? null),
    period: f.period ?? MONTH_KEY.exec(f.subject_key)?.[1] ?? null,
    summary: f.summary,
  }));
  return {
    seed: opts.seed,
    tenantSlug,
    files: s.files.length,
    invoices: await invoiceCount(store.db, tenant.id),
    failedRuns: await failedRuns(store.db, tenant.id),
    durationMs: Date.now() - started,
    ...score(s.truth, found),
  };
}

async function keep(s: Scenario, dir: string) {
  for (const f of s.files) {
    const file = path.join(dir, f.name);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, f.content);
  }
  await fs.writeFile(path.join(dir, 'truth.json'), `${JSON.stringify(s.truth, null, 2)}\n`);
}
