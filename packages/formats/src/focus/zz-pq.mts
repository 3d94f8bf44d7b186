import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileSource } from '../source.ts';
import { parseFocusParquet } from './parquet.ts';
import { writeFocusParquet } from './parquet-fixture.ts';

const out = '/tmp/focus-300000-200.parquet';
if (!existsSync(out)) writeFocusParquet(readFileSync('/tmp/focus-300000-200.csv', 'utf8'), out, 100_000);
const base = process.memoryUsage().rss;
let peak = base;
const t = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
const t0 = performance.now();
let n = 0;
for await (const inv of parseFocusParquet(fileSource(out))) n += inv.charges.length;
clearInterval(t);
const s = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({
    size: statSync(out).size >> 20,
    rows: n,
    seconds: s.toFixed(1),
    rowsPerSecond: Math.round(n / s),
    baseRss: base >> 20,
    peakRss: peak >> 20,
  }),
);
