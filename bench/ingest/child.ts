/**
 * Runs one measured step in a child process (`node --import tsx <script> …`) so each run's peak
 * RSS is its own. The peak comes from `/usr/bin/time -v` (the kernel's maximum RSS) when it is
 * installed, else from the child's own 50 ms sampling.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const TIME = '/usr/bin/time';
export const hasGnuTime = existsSync(TIME);

export interface ChildResult {
  ok: boolean;
  /** what the child printed as its last JSON line (null if it died first) */
  json: Record<string, unknown> | null;
  peakRssBytes: number | null;
  /** user + system CPU seconds of the child (from time -v); null without it */
  cpuSeconds: number | null;
  rssSource: '/usr/bin/time -v' | 'sampled' | 'none';
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
}

export async function runChild(
  script: string,
  args: string[],
  timeoutMs: number,
  nodeFlags: string[] = [],
): Promise<ChildResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'temops-bench-time-'));
  const timeFile = path.join(dir, 'time.txt');
  const node = [process.execPath, ...nodeFlags, '--import', 'tsx', script, ...args];
  const [cmd, ...argv] = hasGnuTime ? [TIME, '-v', '-o', timeFile, ...node] : node;
  // Own process group, so a timeout can end time(1) and the node under it together.
  const child = spawn(cmd!, argv, { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  }, timeoutMs);
  const [exitCode, signal] = await new Promise<[number | null, string | null]>((done) =>
    child.on('close', (code, sig) => done([code, sig])),
  );
  clearTimeout(timer);
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  const json = line ? (JSON.parse(line) as Record<string, unknown>) : null;
  let peakRssBytes: number | null = null;
  let cpuSeconds: number | null = null;
  let rssSource: ChildResult['rssSource'] = 'none';
  if (hasGnuTime && existsSync(timeFile)) {
    const text = readFileSync(timeFile, 'utf8');
    const field = (name: string) => new RegExp(`${name}: ([\\d.]+)`).exec(text)?.[1];
    const rss = field('Maximum resident set size \\(kbytes\\)');
    if (rss) {
      peakRssBytes = Number(rss) * 1024;
      rssSource = '/usr/bin/time -v';
    }
    const user = field('User time \\(seconds\\)');
    const sys = field('System time \\(seconds\\)');
    if (user && sys) cpuSeconds = Math.round((Number(user) + Number(sys)) * 100) / 100;
  }
  if (peakRssBytes === null && typeof json?.sampledPeakRss === 'number') {
    peakRssBytes = json.sampledPeakRss;
    rssSource = 'sampled';
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    ok: exitCode === 0 && json?.ok === true,
    json,
    peakRssBytes,
    cpuSeconds,
    rssSource,
    exitCode,
    signal,
    timedOut,
  };
}
