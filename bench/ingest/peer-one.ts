/**
 * One parse-only or peer run in its own process (isolated peak RSS):
 *   node --import tsx bench/ingest/peer-one.ts <mode> <file>
 * modes: temops-parse, temops-normalize (our pipeline without the database, for the time
 * breakdown), node-x12, x12-parser, duckdb. Prints one JSON line on stdout.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { progressLine, rssSampler } from './rss.ts';

type Run = (file: string) => Promise<Record<string, unknown>>;

let progress: (bytes: number, total: number) => void = () => {};

// Each mode loads only its own library, before the timed span, so no run carries another's memory
// and no run is charged for module loading.
const modes: Record<string, () => Promise<Run>> = {
  async 'temops-parse'() {
    const { detectFormat, fileSource } = await import('@temops/formats');
    return async (file) => {
      const source = fileSource(file);
      const { parser } = await detectFormat(source);
      let invoices = 0;
      let charges = 0;
      for await (const inv of parser(source, { onProgress: (b) => progress(b, source.size) })) {
        invoices++;
        charges += inv.charges.length;
      }
      return { invoices, charges };
    };
  },
  async 'temops-normalize'() {
    const { detectFormat, fileSource } = await import('@temops/formats');
    // Not exported by @temops/core; imported directly to time normalisation without the database.
    const { normalizeInvoice } = await import('../../packages/core/src/modules/imports/normalize.ts');
    return async (file) => {
      const source = fileSource(file);
      const { parser } = await detectFormat(source);
      let invoices = 0;
      let charges = 0;
      let totalNanos = 0n;
      for await (const inv of parser(source, { onProgress: (b) => progress(b, source.size) })) {
        const n = normalizeInvoice(inv);
        invoices++;
        charges += n.charges.length;
        for (const c of n.charges) totalNanos += c.amountNanos;
      }
      return { invoices, charges, totalNanos: totalNanos.toString() };
    };
  },
  async 'node-x12'() {
    const { X12Parser } = await import('node-x12');
    return async (file) => {
      // X12Parser.parse takes the whole document as one string and builds the full object model.
      const interchange = new X12Parser(true).parse(readFileSync(file, 'utf8'));
      if (!('functionalGroups' in interchange)) throw new Error('node-x12 returned a fat interchange');
      let transactions = 0;
      let segments = 0;
      for (const group of interchange.functionalGroups) {
        for (const tx of group.transactions) {
          transactions++;
          segments += tx.segments.length;
        }
      }
      return { transactions, segments };
    };
  },
  async 'x12-parser'() {
    const { X12parser } = await import('x12-parser');
    return async (file) => {
      let segments = 0;
      await pipeline(createReadStream(file), new X12parser(), async (rows: AsyncIterable<unknown>) => {
        for await (const _ of rows) segments++;
      });
      return { segments };
    };
  },
  async duckdb() {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    return async (file) => {
      const instance = await DuckDBInstance.create(':memory:');
      const conn = await instance.connect();
      await conn.run(`CREATE TABLE t AS SELECT * FROM read_csv_auto('${file.replaceAll("'", "''")}')`);
      const groups = await conn.runAndReadAll(
        'SELECT BillingAccountId, ServiceName, sum(BilledCost) FROM t GROUP BY 1,2',
      );
      const rows = groups.getRows();
      const approxTotal = rows.reduce((s, r) => s + Number(r[2]), 0);
      const count = Number((await conn.runAndReadAll('SELECT count(*) FROM t')).getRows()[0]![0]);
      conn.closeSync();
      instance.closeSync();
      return { groups: rows.length, rows: count, approxTotal };
    };
  },
};

const [mode = '', file = ''] = process.argv.slice(2);
const load = modes[mode];
if (!load) throw new Error(`unknown mode ${mode}; one of ${Object.keys(modes).join(', ')}`);
const baselineRss = process.memoryUsage.rss();
const rss = rssSampler();
const run = await load();
// created after loading so its clock starts with the run
progress = progressLine(mode);
const t0 = performance.now();
const out = await run(file);
const seconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ ok: true, seconds, sampledPeakRss: rss.stop(), baselineRss, ...out }));
