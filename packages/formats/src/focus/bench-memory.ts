/**
 * Throughput and peak-RSS check for the FOCUS CSV reader on a generated 1M-row export.
 *   npx tsx packages/formats/src/focus/bench-memory.ts [rows=1000000] [invoices=200] [file]
 * Rows of all invoices are shuffled through the file (the hard case for grouping). The consumer
 * keeps nothing, as the importer does once an invoice is stored. Run under `/usr/bin/time -v`
 * for the kernel's view of the peak.
 */

import { once } from 'node:events';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { fileSource } from '../source.ts';
import { parseFocusCsv } from './csv.ts';

const HEADER =
  'AvailabilityZone,BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodEnd,' +
  'BillingPeriodStart,ChargeCategory,ChargeClass,ChargeDescription,ChargeFrequency,ChargePeriodEnd,' +
  'ChargePeriodStart,CommitmentDiscountCategory,CommitmentDiscountId,CommitmentDiscountName,' +
  'CommitmentDiscountStatus,CommitmentDiscountType,ConsumedQuantity,ConsumedUnit,ContractedCost,' +
  'ContractedUnitPrice,EffectiveCost,InvoiceIssuerName,ListCost,ListUnitPrice,PricingCategory,' +
  'PricingQuantity,PricingUnit,ProviderName,PublisherName,RegionId,RegionName,ResourceId,ResourceName,' +
  'ResourceType,ServiceCategory,Id,ServiceName,SkuId,SkuPriceId,SubAccountId,SubAccountName,Tags';

const SERVICES = [
  ['Compute', 'Amazon EC2', 'Hrs', 'instance'],
  ['Storage', 'Amazon S3', 'GB-Mo', 'bucket'],
  ['Networking', 'Elastic Load Balancing', 'LCU-Hrs', 'loadbalancer'],
  ['Databases', 'Amazon RDS', 'Hrs', 'db'],
] as const;

/** Deterministic pseudo-random numbers, so every run reads the same file. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function generate(file: string, rows: number, invoices: number): Promise<void> {
  const out = createWriteStream(file);
  const rand = rng(42);
  out.write(`${HEADER}\n`);
  for (let i = 0; i < rows; i++) {
    const acct = 100000000000 + Math.floor(rand() * invoices);
    const [cat, svc, unit, type] = SERVICES[i % SERVICES.length] as (typeof SERVICES)[number];
    const day = 1 + (i % 30);
    const hour = i % 24;
    const qty = (rand() * 10).toFixed(4);
    const cost = (Number(qty) * 0.0416).toFixed(8);
    const d = `2024-09-${String(day).padStart(2, '0')} ${String(hour).padStart(2, '0')}`;
    const line =
      `us-east-1a,${cost},${acct},Acme,USD,2024-10-01 00:00:00,2024-09-01 00:00:00,Usage,NULL,` +
      `${svc} usage,Usage-Based,${d}:59:59,${d}:00:00,,,,,,${qty},${unit},${cost},0.0416,` +
      `${cost},AWS,${cost},0.0416,Standard,${qty},${unit},AWS,AWS,us-east-1,,` +
      `i-${(i * 7919).toString(16).padStart(12, '0')},,${type},${cat},${i},${svc},SKU${i % 500},` +
      `SKU${i % 500}.OD,${acct},dev,${i % 5 === 0 ? '"{""env"": ""prod""}"' : 'NULL'}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const invoices = Number(process.argv[3] ?? 200);
  const file = process.argv[4] ?? `/tmp/focus-${rows}-${invoices}.csv`;
  if (!existsSync(file)) await generate(file, rows, invoices);
  const size = statSync(file).size;
  const baseline = process.memoryUsage().rss;
  let peak = process.memoryUsage().rss;
  let atPeak = process.memoryUsage();
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > peak) {
      peak = m.rss;
      atPeak = m;
    }
  };
  const timer = setInterval(sample, 50);
  const t0 = performance.now();
  let charges = 0;
  let count = 0;
  let largest = 0;
  let firstAt = 0;
  for await (const inv of parseFocusCsv(fileSource(file))) {
    if (!count) firstAt = performance.now() - t0;
    count++;
    charges += inv.charges.length;
    largest = Math.max(largest, inv.charges.length);
    sample();
  }
  const secs = (performance.now() - t0) / 1000;
  clearInterval(timer);
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
  console.log(
    JSON.stringify({
      file,
      size: mb(size),
      rows: charges,
      invoices: count,
      largestInvoice: largest,
      seconds: Number(secs.toFixed(1)),
      readSeconds: Number((firstAt / 1000).toFixed(1)),
      rowsPerSecond: Math.round(charges / secs),
      baselineRss: mb(baseline),
      peakRss: mb(peak),
      atPeak: Object.fromEntries(Object.entries(atPeak).map(([k, v]) => [k, mb(v)])),
    }),
  );
}

await main();
