import type { Db, Engine } from '../../../db/schema.ts';
import type { ChargeForMatch, RateMatch } from '../../contracts/match.ts';
import type { ResolvedScope, RuleEnv } from '../rule.ts';
import { chargeDetails, type PricingChargeRow, pricingCharges, pricingInvoices } from './contract.queries.ts';
import { divHalfEven, type Proration, priceBook } from './price-book.ts';
import { type AccountItems, loadItems, matchIn, NONE, normalizeCode, type PricedItem } from './rate-index.ts';

export type { PricedItem, Proration };

/**
 * The pricing pass shared by rate_variance and not_in_contract: every payable recurring and
 * one-time charge in scope is matched to a contract rate item once, and the charges either rule
 * may report are kept. Rate items are indexed per billing account up front, so a charge is matched
 * against the few items with its code plus the account's description patterns, never against all
 * of the tenant's items.
 */

export interface PricingInvoice {
  id: string;
  vendorId: string;
  accountId: string;
  accountNumber: string;
  number: string;
  currency: string;
  periodStart: string | null;
  invoiceDate: string | null;
}

/** What a finding names besides the charge, read only for the charges reported. */
export interface ChargeDetail {
  identifier: string | null;
  serviceId: string | null;
  costCenterId: string | null;
}

/** A recurring charge priced by a rate item whose billed amount differs from the expected one. */
export interface PricedCharge {
  invoice: PricingInvoice;
  charge: PricingChargeRow;
  detail: ChargeDetail;
  item: PricedItem;
  matchedBy: 'code' | 'pattern' | 'service';
  /** the item's price for the quantity, before proration */
  fullPrice: bigint;
  expected: bigint;
  proration: Proration | null;
}

/** A charge no rate item of the account's contracts matches, on an account that has some. */
export interface UnpricedCharge {
  invoice: PricingInvoice;
  charge: PricingChargeRow;
  detail: ChargeDetail;
  contracts: string[];
  rateItems: number;
}

export interface PricingResult {
  variances: PricedCharge[];
  unmatched: UnpricedCharge[];
  charges: number;
}

/** Invoices in chunks of about `page` charges; an invoice larger than that is read in pages of its own. */
async function* chargePages(
  db: Db,
  engine: Engine,
  tenantId: string,
  invoices: { id: string; n: number }[],
  page: number,
) {
  let chunk: string[] = [];
  let size = 0;
  for (let k = 0; k <= invoices.length; k++) {
    const inv = invoices[k];
    if (inv === undefined || (chunk.length > 0 && size + inv.n > page)) {
      if (chunk.length > 0) yield await pricingCharges(db, engine, tenantId, { invoiceIds: chunk });
      chunk = [];
      size = 0;
    }
    if (inv === undefined) break;
    if (inv.n <= page) {
      chunk.push(inv.id);
      size += inv.n;
      continue;
    }
    for (let after = 0; ; ) {
      const rows = await pricingCharges(db, engine, tenantId, {
        invoiceId: inv.id,
        afterLine: after,
        limit: page,
      });
      if (rows.length > 0) yield rows;
      if (rows.length < page) break;
      after = rows[rows.length - 1]!.line_no;
    }
  }
}

const NO_DETAIL: ChargeDetail = { identifier: null, serviceId: null, costCenterId: null };
const DETAIL_CHUNK = 5_000;

export async function pricingPass(
  db: Db,
  engine: Engine,
  tenantId: string,
  scope: ResolvedScope,
  opts: { page?: number } = {},
): Promise<PricingResult> {
  const [{ byId, forAccount }, invoiceRows] = await Promise.all([
    loadItems(db, tenantId),
    pricingInvoices(db, engine, tenantId, scope),
  ]);
  const invoices = new Map<string, PricingInvoice>();
  for (const r of invoiceRows)
    invoices.set(r.id, {
      id: r.id,
      vendorId: r.vendor_id,
      accountId: r.billing_account_id,
      accountNumber: r.account_number,
      number: r.invoice_number,
      currency: r.currency,
      periodStart: r.period_start,
      invoiceDate: r.invoice_date,
    });

  const result: PricingResult = { variances: [], unmatched: [], charges: 0 };
  const book = priceBook();
  const charge: ChargeForMatch = { productCode: null, description: null, kind: '', date: '', currency: '' };
  let inv: PricingInvoice | undefined;
  let items: AccountItems = NONE;
  const pages = chargePages(
    db,
    engine,
    tenantId,
    invoiceRows.map((r) => ({ id: r.id, n: r.charge_count })),
    opts.page ?? 20_000,
  );
  for await (const rows of pages) {
    result.charges += rows.length;
    for (const row of rows) {
      if (inv === undefined || inv.id !== row.invoice_id) {
        inv = invoices.get(row.invoice_id)!;
        items = forAccount(inv.accountId, inv.vendorId);
      }
      if (items.size === 0 && row.rate_item_id === null) continue;
      let m: RateMatch<PricedItem> | null = null;
      if (items.size > 0) {
        charge.productCode = row.product_code;
        charge.description = row.description;
        charge.kind = row.kind;
        charge.date = row.period_start ?? inv.periodStart ?? inv.invoiceDate ?? '';
        charge.currency = inv.currency;
        const code = normalizeCode(row.product_code);
        if (items.linked !== null) m = matchIn(items.linked, charge, code);
        if (m === null && items.vendorWide !== null) m = matchIn(items.vendorWide, charge, code);
      }
      let item: PricedItem | undefined;
      let matchedBy: PricedCharge['matchedBy'];
      if (m !== null) {
        item = m.item;
        matchedBy = m.matchedBy;
      } else {
        item = row.rate_item_id === null ? undefined : byId.get(row.rate_item_id);
        if (item === undefined) {
          if (items.size > 0)
            result.unmatched.push({
              invoice: inv,
              charge: row,
              detail: NO_DETAIL,
              contracts: items.contracts,
              rateItems: items.size,
            });
          continue;
        }
        // The service's own item prices the charge only in the charge's currency.
        if (item.currency !== inv.currency) continue;
        matchedBy = 'service';
      }
      if (row.kind !== 'recurring') continue;
      const fullPrice = book.price(item, row.quantity);
      if (fullPrice === null) continue;
      const proration = book.proration(row.period_start, row.period_end);
      const expected =
        proration === null
          ? fullPrice
          : divHalfEven(fullPrice * BigInt(proration.days), BigInt(proration.monthDays));
      if (row.amount_nanos === expected) continue;
      result.variances.push({
        invoice: inv,
        charge: row,
        detail: NO_DETAIL,
        item,
        matchedBy,
        fullPrice,
        expected,
        proration,
      });
    }
  }
  await addDetails(db, engine, tenantId, [...result.variances, ...result.unmatched]);
  return result;
}

async function addDetails(
  db: Db,
  engine: Engine,
  tenantId: string,
  reported: { charge: PricingChargeRow; detail: ChargeDetail }[],
) {
  for (let k = 0; k < reported.length; k += DETAIL_CHUNK) {
    const chunk = reported.slice(k, k + DETAIL_CHUNK);
    const rows = await chargeDetails(
      db,
      engine,
      tenantId,
      chunk.map((r) => [r.charge.invoice_id, r.charge.line_no]),
    );
    const byKey = new Map(rows.map((r) => [`${r.invoice_id}:${r.line_no}`, r]));
    for (const r of chunk) {
      const d = byKey.get(`${r.charge.invoice_id}:${r.charge.line_no}`);
      if (d)
        r.detail = { identifier: d.identifier, serviceId: d.service_row_id, costCenterId: d.cost_center_id };
    }
  }
}

// rate_variance and not_in_contract run one after the other with the same scope object: the pass
// is computed once per run, and dropped once both have it (or with the scope). A rule asking again
// for the same scope is a new run (a caller reusing its scope object), so it gets a fresh pass.
const CONSUMERS = 2;
interface SharedPass {
  pass: Promise<PricingResult>;
  takenBy: Set<string>;
}
const passes = new WeakMap<object, Map<string, SharedPass>>();

export function sharedPricingPass(env: RuleEnv, rule: string): Promise<PricingResult> {
  let byTenant = passes.get(env.scope);
  if (byTenant === undefined) {
    byTenant = new Map();
    passes.set(env.scope, byTenant);
  }
  const key = `${env.tenantId}\u0000${env.today}`;
  let shared = byTenant.get(key);
  if (shared === undefined || shared.takenBy.has(rule)) {
    const pass = pricingPass(env.db, env.engine, env.tenantId, env.scope);
    const entry: SharedPass = { pass, takenBy: new Set() };
    byTenant.set(key, entry);
    // A failed pass must not be served to the next rule of the run.
    pass.catch(() => {
      if (byTenant.get(key) === entry) byTenant.delete(key);
    });
    shared = entry;
  }
  shared.takenBy.add(rule);
  if (shared.takenBy.size >= CONSUMERS && byTenant.get(key) === shared) byTenant.delete(key);
  return shared.pass;
}
