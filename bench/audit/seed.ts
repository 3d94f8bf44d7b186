/**
 * The audit benchmark's data, generated once and written to both the product's store and CSV
 * files DuckDB reads: 20 vendors, 1,000 billing accounts, 100 contracts with 50 rate items each
 * (5,000), 100,000 services and ten monthly invoices per account of 100 charges each (1,000,000
 * charges). Planted: 1 % of charges bill an identifier not in inventory, 2 % of services are
 * disconnected mid-year and still billed, 2 % of charges are off the contracted rate.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { Ctx, Db } from '@temops/core';
import { rng } from '../ingest/rng.ts';

export const SIZES = {
  vendors: 20,
  accountsPerVendor: 50,
  contractsPerVendor: 5,
  itemsPerContract: 50,
  servicesPerAccount: 100,
  months: 10,
};

const CHUNK = 400;
const cents = (c: number) => BigInt(c) * 10_000_000n;

/** Column lists shared by the store insert and the CSV DuckDB loads, so both hold the same data. */
export const TABLES = {
  invoices: [
    'id',
    'vendor_id',
    'billing_account_id',
    'invoice_number',
    'invoice_date',
    'period_start',
    'status',
  ],
  charges: [
    'invoice_id',
    'line_no',
    'service_id',
    'kind',
    'description',
    'product_code',
    'amount_nanos',
    'period_start',
    'info_only',
  ],
  services: [
    'id',
    'vendor_id',
    'billing_account_id',
    'identifier',
    'state',
    'rate_item_id',
    'disconnected_on',
  ],
  rate_items: ['id', 'contract_id', 'code', 'charge_kind', 'mrc_nanos', 'discount_ppm'],
  contract_accounts: ['contract_id', 'billing_account_id'],
} as const;

type Row = Record<string, unknown>;

class Sink {
  private buffers = new Map<string, Row[]>();
  private files = new Map<string, WriteStream>();
  rows = 0;
  constructor(
    private ctx: Ctx,
    private dir: string,
  ) {}

  async add(table: string, row: Row) {
    let buf = this.buffers.get(table);
    if (!buf) {
      buf = [];
      this.buffers.set(table, buf);
    }
    buf.push(row);
    const columns = TABLES[table as keyof typeof TABLES] as readonly string[] | undefined;
    if (columns) {
      let file = this.files.get(table);
      if (!file) {
        file = createWriteStream(path.join(this.dir, `${table}.csv`));
        file.write(`${columns.join(',')}\n`);
        this.files.set(table, file);
      }
      const line = `${columns.map((c) => csv(row[c])).join(',')}\n`;
      if (!file.write(line)) await new Promise<void>((r) => file.once('drain', () => r()));
    }
    if (buf.length >= CHUNK) await this.flush(table);
  }

  async flush(table: string) {
    const buf = this.buffers.get(table);
    if (!buf || buf.length === 0) return;
    this.buffers.set(table, []);
    this.rows += buf.length;
    // biome-ignore lint/suspicious/noExplicitAny: one generic loader for several tables
    await (this.ctx.db as any).insertInto(table).values(buf).execute();
  }

  async close() {
    for (const table of this.buffers.keys()) await this.flush(table);
    await Promise.all([...this.files.values()].map((f) => new Promise<void>((r) => f.end(() => r()))));
  }
}

const csv = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export interface Seeded {
  charges: number;
  invoices: number;
  services: number;
  rateItems: number;
}

export async function seedAudit(
  ctx: Ctx,
  dir: string,
  seed: number,
  onProgress: (done: number, total: number) => void,
): Promise<Seeded> {
  const rand = rng(seed);
  const now = new Date().toISOString();
  const t = { tenant_id: ctx.tenantId };
  const stamps = { created_at: now, updated_at: now };
  const sink = new Sink(ctx, dir);
  const S = SIZES;
  const totalCharges = S.vendors * S.accountsPerVendor * S.servicesPerAccount * S.months;
  let charges = 0;
  let invoices = 0;
  let services = 0;
  let rateItems = 0;

  // Inserted parents first: the foreign keys need them before the children.
  const batch = {
    ...t,
    id: 'bench-batch',
    file_sha256: 'bench',
    file_name: 'bench',
    format: 'csv',
    status: 'imported',
    error_code: null,
    error_message: null,
    error_line: null,
    warnings_json: '[]',
    summary_json: '{}',
    invoice_count: 0,
    charge_count: 0,
    actor: 'bench',
    created_at: now,
  };
  await sink.add('import_batches', batch);
  for (let v = 0; v < S.vendors; v++) {
    await sink.add('vendors', {
      ...t,
      ...stamps,
      id: `v${v}`,
      code: `V${v}`,
      name: `Vendor ${v}`,
      kind: 'telecom',
      dispute_window_days: 45,
      dispute_contact: null,
      remit_to: null,
      review: 'confirmed',
    });
  }
  await sink.flush('vendors');
  await sink.flush('import_batches');
  for (let v = 0; v < S.vendors; v++)
    for (let a = 0; a < S.accountsPerVendor; a++)
      await sink.add('billing_accounts', {
        ...t,
        ...stamps,
        id: `a${v}-${a}`,
        vendor_id: `v${v}`,
        account_number: `BAN${v}${String(a).padStart(5, '0')}`,
        parent_id: null,
        name: null,
        currency: 'USD',
        expected_invoice_day: 5,
        cadence: 'monthly',
        status: 'active',
        review: 'confirmed',
      });
  await sink.flush('billing_accounts');

  const price = new Map<string, bigint>();
  for (let v = 0; v < S.vendors; v++)
    for (let k = 0; k < S.contractsPerVendor; k++) {
      const contractId = `c${v}-${k}`;
      await sink.add('contracts', {
        ...t,
        ...stamps,
        id: contractId,
        vendor_id: `v${v}`,
        contract_number: `MSA-${v}-${k}`,
        name: `Agreement ${v}-${k}`,
        term_start: '2024-01-01',
        term_end: '2028-12-31',
        auto_renew: 0,
        renewal_months: null,
        notice_days: 60,
        currency: 'USD',
        commitment_kind: 'none',
        commitment_period: null,
        commitment_nanos: null,
        commitment_volume: null,
        status: 'active',
        notes: null,
      });
      await sink.flush('contracts');
      for (let i = 0; i < S.itemsPerContract; i++) {
        const mrc = cents(1500 + ((v * 37 + k * 11 + i * 53) % 9000));
        const id = `r${v}-${k}-${i}`;
        // what the contract says the line costs after its discount: what a correct bill charges
        price.set(id, i % 5 === 0 ? (mrc * 9n) / 10n : mrc);
        rateItems++;
        await sink.add('rate_items', {
          ...t,
          ...stamps,
          id,
          contract_id: contractId,
          name: `Plan ${i}`,
          code: `P${v}-${k}-${i}`,
          description_pattern: null,
          charge_kind: 'recurring',
          unit: null,
          unit_rate_nanos: null,
          mrc_nanos: mrc,
          nrc_nanos: null,
          discount_ppm: i % 5 === 0 ? 100000 : null,
          effective_from: null,
          effective_to: null,
          currency: 'USD',
        });
      }
      // each contract covers ten of the vendor's accounts
      for (let a = k * 10; a < Math.min((k + 1) * 10, S.accountsPerVendor); a++)
        await sink.add('contract_accounts', {
          tenant_id: ctx.tenantId,
          contract_id: contractId,
          billing_account_id: `a${v}-${a}`,
        });
    }
  await sink.flush('rate_items');
  await sink.flush('contract_accounts');

  interface Line {
    identifier: string;
    item: string;
    code: string;
    disconnectedMonth: number | null;
  }
  const months = Array.from({ length: S.months }, (_, m) => `2026-${String(m + 1).padStart(2, '0')}-01`);
  for (let v = 0; v < S.vendors; v++)
    for (let a = 0; a < S.accountsPerVendor; a++) {
      const account = `a${v}-${a}`;
      const contract = Math.floor(a / 10);
      const lines: Line[] = [];
      for (let s = 0; s < S.servicesPerAccount; s++) {
        const i = (s * 7 + a) % S.itemsPerContract;
        const item = `r${v}-${contract}-${i}`;
        const disconnectedMonth = rand() < 0.02 ? 4 + Math.floor(rand() * 4) : null;
        const identifier = `+1${String(200 + v)}${String(a).padStart(3, '0')}${String(s).padStart(4, '0')}`;
        lines.push({ identifier, item, code: `P${v}-${contract}-${i}`, disconnectedMonth });
        services++;
        await sink.add('services', {
          ...t,
          ...stamps,
          id: `s${v}-${a}-${s}`,
          service_type: 'wireless',
          identifier,
          description: null,
          vendor_id: `v${v}`,
          billing_account_id: account,
          owner_id: null,
          cost_center_id: null,
          location_id: null,
          rate_item_id: item,
          expected_monthly_nanos: price.get(item),
          currency: 'USD',
          state: disconnectedMonth === null ? 'active' : 'disconnected',
          ordered_on: null,
          activated_on: '2025-06-01',
          suspended_on: null,
          disconnect_requested_on: null,
          disconnected_on: disconnectedMonth === null ? null : `${months[disconnectedMonth]!.slice(0, 7)}-15`,
          tags_json: '[]',
          attributes_json: '{}',
          last_reviewed_on: null,
          review_evidence: null,
        });
      }
      await sink.flush('services');
      for (let m = 0; m < S.months; m++) {
        const invoiceId = `i${v}-${a}-${m}`;
        let total = 0n;
        const rows: Row[] = [];
        lines.forEach((line, n) => {
          // a disconnected line stops being billed two months after its disconnect, not at once
          if (line.disconnectedMonth !== null && m > line.disconnectedMonth + 2) return;
          let amount = price.get(line.item)!;
          if (rand() < 0.02) amount += cents(100 + Math.floor(rand() * 2000));
          const unknown = rand() < 0.01;
          rows.push({
            ...t,
            invoice_id: invoiceId,
            line_no: n + 1,
            service_id: unknown
              ? `+1999${String(v).padStart(2, '0')}${String(a).padStart(3, '0')}${String(n).padStart(4, '0')}`
              : line.identifier,
            service_id_raw: null,
            service_type: 'wireless',
            kind: 'recurring',
            description: `Plan ${line.code}`,
            product_code: line.code,
            quantity: '1',
            unit: null,
            unit_rate: null,
            amount_nanos: amount,
            period_start: months[m],
            period_end: null,
            info_only: 0,
            source_line: n + 2,
            source_segment: null,
            source_ref: null,
            attributes_json: null,
          });
          total += amount;
        });
        invoices++;
        await sink.add('invoices', {
          ...t,
          id: invoiceId,
          vendor_id: `v${v}`,
          billing_account_id: account,
          invoice_number: `INV-${v}-${a}-${m + 1}`,
          invoice_date: months[m],
          due_date: null,
          period_start: months[m],
          period_end: null,
          currency: 'USD',
          is_credit: 0,
          status: 'received',
          current_charges_nanos: total,
          info_only_nanos: 0n,
          stated_current_nanos: total,
          stated_total_due_nanos: total,
          previous_balance_nanos: null,
          payments_nanos: null,
          adjustments_nanos: null,
          control_difference_nanos: 0n,
          charge_count: rows.length,
          service_count: rows.length,
          content_hash: invoiceId,
          supersedes_id: null,
          batch_id: 'bench-batch',
          source_ref: null,
          warnings_json: '[]',
          created_at: now,
        });
        await sink.flush('invoices');
        for (const r of rows) await sink.add('charges', r);
        charges += rows.length;
        if (invoices % 200 === 0) onProgress(charges, totalCharges);
      }
    }
  await sink.close();
  return { charges, invoices, services, rateItems };
}
