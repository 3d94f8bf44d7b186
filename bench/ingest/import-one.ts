/**
 * One full product import in its own process, so its peak RSS is its own:
 *   node --import tsx bench/ingest/import-one.ts <sqlite|postgres> <file> <expectedCharges> <expectedTotalNanos>
 * Prints one JSON line on stdout. Store setup and verification are outside the timed span.
 */
import { importFile } from '@temops/core';
import { fileSource } from '@temops/formats';
import { progressLine, rssSampler } from './rss.ts';
import { type Engine, openBenchStore } from './store.ts';

const [engine, file, expectCharges, expectTotal] = process.argv.slice(2) as [Engine, string, string, string];
const bench = await openBenchStore(engine);
try {
  const baselineRss = process.memoryUsage.rss();
  const rss = rssSampler();
  const t0 = performance.now();
  const result = await importFile(bench.ctx, bench.files, {
    source: fileSource(file),
    onProgress: progressLine(`import ${engine}`),
  });
  const seconds = (performance.now() - t0) / 1000;
  const sampledPeakRss = rss.stop();
  const stored = await bench.verify();
  const ok =
    result.status === 'imported' &&
    stored.charges === Number(expectCharges) &&
    stored.totalNanos === BigInt(expectTotal);
  console.log(
    JSON.stringify({
      ok,
      seconds,
      sampledPeakRss,
      baselineRss,
      status: result.status,
      error: result.error,
      fileWarnings: result.warnings.length,
      invoices: stored.invoices,
      charges: stored.charges,
      totalNanos: stored.totalNanos.toString(),
      invoiceWarnings: stored.warningCodes,
      dbBytes: stored.dbBytes,
      walBytes: stored.walBytes,
    }),
  );
} finally {
  await bench.close();
}
