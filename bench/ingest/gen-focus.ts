/**
 * Writes a synthetic FOCUS 1.0 CSV export with the columns of
 * fixtures/samples/focus-1.0-sample-1000rows.csv (same order, same quoting style: strings quoted,
 * numbers bare, NULL tokens, space-separated timestamps, doubled-quote JSON tags).
 *
 * ~50 billing accounts × one month (one invoice each), ~5,000 resources, a dozen services.
 * BilledCost = quantity × unit price rounded to the nano, printed with 10 decimals (the 10th is
 * always 0), so the product stores it without an `amount_rounded` warning and the generator knows
 * the exact total.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { int, pick, rng } from './rng.ts';
import { ChunkWriter } from './writer.ts';

// biome-ignore format: 44 names, one per line, would bury the file
export const FOCUS_COLUMNS = [
  'AvailabilityZone', 'BilledCost', 'BillingAccountId', 'BillingAccountName', 'BillingCurrency',
  'BillingPeriodEnd', 'BillingPeriodStart', 'ChargeCategory', 'ChargeClass', 'ChargeDescription',
  'ChargeFrequency', 'ChargePeriodEnd', 'ChargePeriodStart', 'CommitmentDiscountCategory',
  'CommitmentDiscountId', 'CommitmentDiscountName', 'CommitmentDiscountStatus', 'CommitmentDiscountType',
  'ConsumedQuantity', 'ConsumedUnit', 'ContractedCost', 'ContractedUnitPrice', 'EffectiveCost',
  'InvoiceIssuerName', 'ListCost', 'ListUnitPrice', 'PricingCategory', 'PricingQuantity', 'PricingUnit',
  'ProviderName', 'PublisherName', 'RegionId', 'RegionName', 'ResourceId', 'ResourceName',
  'ResourceType', 'ServiceCategory', 'Id', 'ServiceName', 'SkuId', 'SkuPriceId', 'SubAccountId',
  'SubAccountName', 'Tags',
] as const;

/** category, service, pricing unit, list price per unit in 1e-10 dollars, resource type */
const SERVICES: readonly [string, string, string, bigint, string][] = [
  ['Compute', 'Amazon Elastic Compute Cloud', 'Hrs', 416_000_000n, 'instance'],
  ['Storage', 'Amazon Simple Storage Service', 'GB-Mo', 230_000_000n, 'bucket'],
  ['Networking', 'Elastic Load Balancing', 'LCU-Hours', 80_000_000n, 'loadbalancer'],
  ['Databases', 'Amazon Relational Database Service', 'Hrs', 1_710_000_000n, 'db'],
  ['Integration', 'Amazon Simple Queue Service', 'Requests', 4_000n, 'queue'],
  ['Compute', 'AWS Lambda', 'Lambda-GB-Second', 166_667n, 'function'],
  ['Networking', 'Amazon CloudFront', 'GB', 850_000_000n, 'distribution'],
  ['Analytics', 'Amazon Athena', 'TB', 50_000_000_000n, 'workgroup'],
  ['Storage', 'Amazon Elastic Block Store', 'GB-Mo', 800_000_000n, 'volume'],
  ['Management and Governance', 'Amazon CloudWatch', 'Metrics', 3_000_000_000n, 'alarm'],
  ['Databases', 'Amazon DynamoDB', 'WriteRequestUnits', 12_500n, 'table'],
  ['Security', 'AWS Key Management Service', 'Keys', 10_000_000_000n, 'key'],
];
const REGIONS: readonly [string, string][] = [
  ['us-east-1', 'US East (N. Virginia)'],
  ['us-west-2', 'US West (Oregon)'],
  ['eu-west-1', 'Europe (Ireland)'],
  ['ap-southeast-1', 'Asia Pacific (Singapore)'],
];
const WORDS = [
  'Atlas',
  'Nimbus',
  'Zenith',
  'Eclipse',
  'Vertex',
  'Orion',
  'Helix',
  'Quartz',
  'Nova',
  'Cobalt',
];
const ISSUER = 'Amazon Web Services, Inc.';
const MONTH_START = Date.UTC(2024, 8, 1);

export interface GeneratedFocus {
  file: string;
  rows: number;
  accounts: number;
  totalNanos: bigint;
  bytes: number;
}

const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** An exact non-negative decimal from an integer count of 10^-scale units. */
function decimal(units: bigint, scale: number): string {
  const neg = units < 0n;
  const digits = (neg ? -units : units).toString().padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** Fails early if the sample fixture's header has changed, so "columns as in the sample" stays true. */
export function checkSampleHeader(repo: string): void {
  const sample = path.join(repo, 'fixtures/samples/focus-1.0-sample-1000rows.csv');
  const header = readFileSync(sample, 'utf8').split('\n', 1)[0]!.trim();
  if (header !== FOCUS_COLUMNS.map(q).join(',')) throw new Error(`FOCUS header differs from ${sample}`);
}

export async function generateFocus(file: string, rows: number, seed = 1010): Promise<GeneratedFocus> {
  const rand = rng(seed);
  const accounts = Array.from({ length: 50 }, (_, i) => ({
    id: String(100000000000 + i * 7_654_321),
    name: `${pick(rand, WORDS)} ${pick(rand, WORDS)} ${i}`,
    subs: Array.from({ length: 3 }, () => [
      String(int(rand, 10 ** 10, 10 ** 11 - 1)),
      `${pick(rand, WORDS)} ${pick(rand, WORDS)}`,
    ]),
  }));
  const resources = Array.from({ length: 5000 }, (_, i) => {
    const service = pick(rand, SERVICES);
    const region = pick(rand, REGIONS);
    const account = accounts[i % accounts.length]!;
    const sub = pick(rand, account.subs);
    const id = `arn:aws:${service[4]}:${region[0]}:${sub[0]}:${service[4]}/${(i * 2654435761).toString(16)}`;
    const tags =
      rand() < 0.3
        ? q(`{"application": "${pick(rand, WORDS)}", "environment": "${pick(rand, ['dev', 'prod'])}"}`)
        : 'NULL';
    return {
      service,
      region,
      account,
      sub,
      id,
      name: `${pick(rand, WORDS)}-${i}`,
      tags,
      sku: `SKU${String(i % 700).padStart(5, '0')}`,
    };
  });
  const w = new ChunkWriter(file);
  w.push(`${FOCUS_COLUMNS.map(q).join(',')}\n`);
  let total = 0n;
  for (let n = 0; n < rows; n++) {
    const r = resources[Math.floor(rand() * resources.length)]!;
    const [category, service, unit, price10, type] = r.service;
    const hour = Math.floor(rand() * 30 * 24);
    const start = MONTH_START + hour * 3_600_000;
    const micro = BigInt(int(rand, 1, 20_000_000)); // quantity in 10^-6 units
    // quantity (1e-6) × price (1e-10) = 1e-16 dollars; to nanos (1e-9), half up
    let nanos = (micro * price10 + 5_000_000n) / 10_000_000n;
    const roll = rand();
    const chargeCategory = roll < 0.02 ? 'Credit' : roll < 0.04 ? 'Tax' : 'Usage';
    if (chargeCategory === 'Credit') nanos = -nanos;
    total += nanos;
    const cost = decimal(nanos * 10n, 10);
    const qty = decimal(micro, 6);
    const listPrice = decimal(price10, 10);
    const desc =
      chargeCategory === 'Usage'
        ? `${listPrice} per ${unit} for ${service} in ${r.region[1]}`
        : `${chargeCategory} for ${service}`;
    // One cell per column of FOCUS_COLUMNS, in order; grouped by line to stay readable.
    // biome-ignore format: a CSV row reads better in rows than one cell per line
    const cells = [
      'NULL', cost, q(r.account.id), q(r.account.name), '"USD"', '"2024-10-01 00:00:00"', '"2024-09-01 00:00:00"',
      q(chargeCategory), 'NULL', q(desc), chargeCategory === 'Usage' ? '"Usage-Based"' : '"One-Time"',
      q(stamp(start + 3_600_000)), q(stamp(start)), 'NULL', 'NULL', 'NULL', 'NULL', 'NULL',
      qty, q(unit), cost, listPrice, cost, q(ISSUER), cost, q(listPrice), '"Standard"', qty, q(unit),
      '"AWS"', q(ISSUER), q(r.region[0]), q(r.region[1]), q(r.id), q(r.name), q(type), q(category),
      String(n + 1), q(service), q(r.sku), q(`${r.sku}.OD`), q(r.sub[0]!), q(r.sub[1]!), r.tags,
    ];
    w.push(`${cells.join(',')}\n`);
    if ((n & 1023) === 0) await w.maybeFlush();
  }
  await w.close();
  return { file, rows, accounts: accounts.length, totalNanos: total, bytes: w.bytes };
}
