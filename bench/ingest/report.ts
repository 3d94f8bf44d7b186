/** Turning measured rows into the console table, the ratios, and the markdown / JSON results. */

export const RSS_LIMIT_MB = 300;

export interface Row {
  file: string;
  scenario: string;
  engine: string;
  /** charges in the file (811), rows (FOCUS): the same basis for every tool on that file */
  count: number;
  /** fastest correct run of `runs` */
  seconds: number | null;
  perSecond: number | null;
  /** user + system CPU of that run (above `seconds` when a tool uses several threads) */
  cpuSeconds: number | null;
  /** decimal MB (10^6 bytes), so "< 300 MB" is never flattered by MiB */
  peakRssMb: number | null;
  /** RSS of the child before the measured work (runtime, tsx, loaded modules) */
  baselineRssMb: number | null;
  rssSource: string;
  /** machine CPU busy % in the second before the step, from other work (this machine is shared) */
  backgroundCpuPct: number | null;
  runs: { seconds: number | null; peakRssMb: number | null; cpuSeconds: number | null }[];
  ok: boolean;
  note: string;
}

export interface Ratio {
  label: string;
  ours: string;
  peer: string;
  value: number | null;
  target: string;
  met: boolean | null;
}

export const mb = (bytes: unknown) => (typeof bytes === 'number' ? Math.round(bytes / 1e5) / 10 : null);

export function ratio(
  label: string,
  ours: Row | undefined,
  peer: Row | undefined,
  max: number | null,
): Ratio {
  const value =
    ours?.ok && peer?.ok && ours.seconds && peer.seconds
      ? Math.round((ours.seconds / peer.seconds) * 100) / 100
      : null;
  return {
    label,
    ours: ours ? `${ours.scenario} / ${ours.engine} (${ours.file})` : 'missing',
    peer: peer ? `${peer.scenario} / ${peer.engine} (${peer.file})` : 'missing',
    value,
    target: max === null ? 'none (for information)' : `< ${max}×`,
    met: max === null || value === null ? null : value < max,
  };
}

const fmt = (n: number | null, digits = 1) =>
  n === null ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits });
const yesNo = (r: Row) => (r.peakRssMb === null ? '—' : r.peakRssMb < RSS_LIMIT_MB ? 'yes' : 'no');

const HEAD = [
  'file',
  'scenario',
  'engine',
  'rows/charges',
  'seconds',
  'charges/s',
  'CPU s',
  'peak RSS MB',
  'RSS < 300 MB',
  'bg CPU %',
  'ok',
  'note',
];
const cells = (r: Row) => [
  r.file,
  r.scenario,
  r.engine,
  fmt(r.count, 0),
  fmt(r.seconds, 2),
  fmt(r.perSecond, 0),
  fmt(r.cpuSeconds, 1),
  fmt(r.peakRssMb),
  yesNo(r),
  fmt(r.backgroundCpuPct, 0),
  r.ok ? 'ok' : 'FAILED',
  r.note,
];

export function consoleTable(rows: Row[], ratios: Ratio[]): string {
  const data = [HEAD, ...rows.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...data.map((d) => (i === HEAD.length - 1 ? 0 : d[i]!.length))));
  const lines = data.map((d) => d.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return [...lines, '', ...ratios.map(ratioLine)].join('\n');
}

export const ratioLine = (r: Ratio) =>
  `${r.label}: ${r.value === null ? 'n/a' : `${r.value}×`}  (target ${r.target}${r.met === null ? '' : r.met ? ': met' : ': MISSED'})`;

export function markdown(
  title: string,
  meta: Record<string, unknown>,
  rows: Row[],
  ratios: Ratio[],
  extra: string,
): string {
  const esc = (s: string) => s.replaceAll('|', '\\|');
  return [
    `# ${title}`,
    '',
    ...Object.entries(meta).map(([k, v]) => `- **${k}**: ${typeof v === 'string' ? v : JSON.stringify(v)}`),
    '',
    `| ${HEAD.join(' | ')} |`,
    `|${HEAD.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${cells(r).map(esc).join(' | ')} |`),
    '',
    '## Ratios (time ours / time peer)',
    '',
    ...ratios.map((r) => `- ${ratioLine(r)}`),
    '',
    extra,
  ].join('\n');
}
