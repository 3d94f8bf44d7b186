/**
 * One benchmark step: run a child `repeat` times, keep the fastest correct run's time (the least
 * disturbed by other load on the machine) and the highest peak RSS of all runs (the safe side).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type ChildResult, runChild } from './child.ts';
import { mb, type Row } from './report.ts';

export const MIN = 60_000;

export interface Spec {
  label: string;
  scenario: string;
  engine: string;
  count: number;
  script: string;
  args: string[];
  timeoutMs: number;
  nodeFlags?: string[];
  /** what makes the child's answer correct, beyond exiting cleanly; returns a note */
  check(json: Record<string, unknown>): { ok: boolean; note: string };
}

const log = (msg: string) => process.stderr.write(`${msg}\n`);
let phase = 0;
export const step = (label: string) => log(`[${++phase}] ${label}`);

/** Share of the machine's CPU busy over one second, while this benchmark runs nothing. */
export async function backgroundCpu(): Promise<number | null> {
  const read = () => {
    try {
      const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
      return { idle: f[3]! + f[4]!, total: f.reduce((a, b) => a + b, 0) };
    } catch {
      return null;
    }
  };
  const a = read();
  await new Promise((done) => setTimeout(done, 1000));
  const b = read();
  if (!a || !b || b.total === a.total) return null;
  return Math.round(100 * (1 - (b.idle - a.idle) / (b.total - a.total)));
}

/** Content hash of the product's source, to tell whether it changed while the benchmark ran. */
export function sourceFingerprint(dirs: string[]): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && statSync(p).size < 1 << 20) hash.update(p).update(readFileSync(p));
    }
  };
  for (const d of dirs) walk(d);
  return hash.digest('hex').slice(0, 16);
}

export async function measure(s: Spec, repeat: number): Promise<Row> {
  step(`${s.label}: ${s.scenario} — ${s.engine}`);
  const bg = await backgroundCpu();
  const runs: { r: ChildResult; ok: boolean; note: string; seconds: number | null }[] = [];
  for (let i = 0; i < repeat; i++) {
    const r = await runChild(s.script, s.args, s.timeoutMs, s.nodeFlags);
    const seconds = typeof r.json?.seconds === 'number' ? r.json.seconds : null;
    let ok = r.ok;
    let note: string;
    if (r.json && r.ok) ({ ok, note } = s.check(r.json));
    else {
      const why = r.timedOut ? `killed after ${s.timeoutMs / MIN} min` : `exit ${r.exitCode ?? r.signal}`;
      note = `failed: ${why}${r.json?.error ? ` ${JSON.stringify(r.json.error)}` : ''}`;
    }
    log(
      `    ${ok ? 'ok' : 'FAILED'}: ${seconds?.toFixed(2) ?? '—'} s, peak RSS ${mb(r.peakRssBytes) ?? '—'} MB; ${note}`,
    );
    runs.push({ r, ok, note, seconds });
    if (!ok) break; // a failed run is the result; repeating it proves nothing
  }
  const good = runs.filter((x) => x.ok && x.seconds !== null);
  const best = good.sort((a, b) => a.seconds! - b.seconds!)[0] ?? runs[runs.length - 1]!;
  const ok = runs.every((x) => x.ok);
  const peaks = runs.map((x) => x.r.peakRssBytes).filter((x): x is number => x !== null);
  return {
    file: s.label,
    scenario: s.scenario,
    engine: s.engine,
    count: s.count,
    seconds: ok ? best.seconds : null,
    perSecond: ok && best.seconds ? Math.round(s.count / best.seconds) : null,
    cpuSeconds: best.r.cpuSeconds,
    peakRssMb: peaks.length ? mb(Math.max(...peaks)) : null,
    baselineRssMb: mb(best.r.json?.baselineRss),
    rssSource: best.r.rssSource,
    backgroundCpuPct: bg,
    runs: runs.map((x) => ({
      seconds: x.seconds,
      peakRssMb: mb(x.r.peakRssBytes),
      cpuSeconds: x.r.cpuSeconds,
    })),
    ok,
    note: best.note,
  };
}
