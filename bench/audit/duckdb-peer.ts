/**
 * The peer: DuckDB running, on the same data loaded from the same CSV files, the SQL a TEM team
 * would write for three of the rules: charge not in inventory, billed after disconnect, and
 * recurring charge off the contracted rate (rate items matched by code on the invoice account's
 * contracts, discount applied, one cent tolerance).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

const TYPES: Record<string, string> = {
  invoices: `{'id':'VARCHAR','vendor_id':'VARCHAR','billing_account_id':'VARCHAR','invoice_number':'VARCHAR','invoice_date':'VARCHAR','period_start':'VARCHAR','status':'VARCHAR'}`,
  charges: `{'invoice_id':'VARCHAR','line_no':'INTEGER','service_id':'VARCHAR','kind':'VARCHAR','description':'VARCHAR','product_code':'VARCHAR','amount_nanos':'BIGINT','period_start':'VARCHAR','info_only':'INTEGER'}`,
  services: `{'id':'VARCHAR','vendor_id':'VARCHAR','billing_account_id':'VARCHAR','identifier':'VARCHAR','state':'VARCHAR','rate_item_id':'VARCHAR','disconnected_on':'VARCHAR'}`,
  rate_items: `{'id':'VARCHAR','contract_id':'VARCHAR','code':'VARCHAR','charge_kind':'VARCHAR','mrc_nanos':'BIGINT','discount_ppm':'BIGINT'}`,
  contract_accounts: `{'contract_id':'VARCHAR','billing_account_id':'VARCHAR'}`,
};

export const PEER_QUERIES: Record<string, string> = {
  not_in_inventory: `
    select i.id, c.service_id, sum(c.amount_nanos)
    from charges c join invoices i on i.id = c.invoice_id
    where c.service_id is not null and c.info_only = 0 and i.status <> 'superseded'
      and not exists (select 1 from services s where s.vendor_id = i.vendor_id and s.identifier = c.service_id)
    group by i.id, c.service_id`,
  billed_after_disconnect: `
    select i.id, s.id, sum(c.amount_nanos)
    from charges c join invoices i on i.id = c.invoice_id
    join services s on s.vendor_id = i.vendor_id and s.identifier = c.service_id
    where c.info_only = 0 and i.status <> 'superseded' and s.disconnected_on is not null
      and coalesce(c.period_start, i.period_start, i.invoice_date) > s.disconnected_on
    group by i.id, s.id`,
  rate_variance: `
    select c.invoice_id, c.line_no, c.amount_nanos, e.expected
    from charges c join invoices i on i.id = c.invoice_id
    join contract_accounts ca on ca.billing_account_id = i.billing_account_id
    join rate_items r on r.contract_id = ca.contract_id and lower(r.code) = lower(c.product_code)
    cross join lateral (select r.mrc_nanos * (1000000 - coalesce(r.discount_ppm, 0)) // 1000000 as expected) e
    where c.kind = 'recurring' and c.info_only = 0 and i.status <> 'superseded'
      and abs(c.amount_nanos - e.expected) > 10000000`,
};

export interface PeerResult {
  loadMs: number;
  queries: Record<string, { ms: number; rows: number }>;
}

export async function runPeer(dir: string): Promise<PeerResult> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const t0 = performance.now();
  for (const [table, types] of Object.entries(TYPES)) {
    const file = path.join(dir, `${table}.csv`).replaceAll("'", "''");
    await conn.run(
      `create table ${table} as select * from read_csv('${file}', header = true, columns = ${types})`,
    );
  }
  const loadMs = performance.now() - t0;
  const queries: PeerResult['queries'] = {};
  for (const [rule, q] of Object.entries(PEER_QUERIES)) {
    const t = performance.now();
    const reader = await conn.runAndReadAll(q);
    queries[rule] = { ms: performance.now() - t, rows: reader.getRows().length };
  }
  conn.closeSync();
  instance.closeSync();
  return { loadMs, queries };
}
