import type { Db } from '../../../db/schema.ts';
import {
  type ChargeForMatch,
  matchRateItem,
  type RateItemForAmount,
  type RateItemForMatch,
  type RateMatch,
} from '../../contracts/match.ts';
import { contractLinks, pricingRateItems } from './contract.queries.ts';

/**
 * The tenant's rate items, indexed per billing account for the pricing pass: the items of the
 * contracts linked to the account, then those of the vendor's contracts linked to no account,
 * each by normalised code plus the list of description patterns. A charge is then matched against
 * the few items with its code and the account's patterns, never against every item.
 */

export interface PricedItem extends RateItemForMatch, RateItemForAmount {
  name: string;
  unit: string | null;
  contractId: string;
  contractNumber: string;
}

export interface ItemIndex {
  byCode: Map<string, PricedItem[]>;
  patterns: PricedItem[];
}

export interface AccountItems {
  /** items of contracts linked to the account; tried first */
  linked: ItemIndex | null;
  /** items of the vendor's contracts linked to no account; the fallback */
  vendorWide: ItemIndex | null;
  contracts: string[];
  size: number;
}

export const NONE: AccountItems = { linked: null, vendorWide: null, contracts: [], size: 0 };

// The same normalisation matchRateItem applies to codes, so an index hit is a code match.
export const normalizeCode = (text: string | null) => {
  const t = text?.trim().toLowerCase() ?? '';
  return t === '' ? null : t;
};

export function indexOf(items: PricedItem[]): ItemIndex | null {
  if (items.length === 0) return null;
  const byCode = new Map<string, PricedItem[]>();
  const patterns: PricedItem[] = [];
  for (const item of items) {
    const code = normalizeCode(item.code);
    if (code !== null) {
      const list = byCode.get(code);
      if (list) list.push(item);
      else byCode.set(code, [item]);
    }
    if (normalizeCode(item.descriptionPattern) !== null) patterns.push(item);
  }
  return { byCode, patterns };
}

/**
 * matchRateItem over the index, with the same answer as over all its items: an item can only
 * match a charge by its code (when the codes are equal) or by its pattern, and a code match wins.
 */
export function matchIn(
  ix: ItemIndex,
  charge: ChargeForMatch,
  code: string | null,
): RateMatch<PricedItem> | null {
  if (code !== null) {
    const hits = ix.byCode.get(code);
    if (hits !== undefined) {
      const m = matchRateItem(hits, charge);
      if (m !== null) return m;
    }
  }
  return ix.patterns.length === 0 ? null : matchRateItem(ix.patterns, charge);
}

export async function loadItems(db: Db, tenantId: string) {
  const [rows, links] = await Promise.all([pricingRateItems(db, tenantId), contractLinks(db, tenantId)]);
  const byId = new Map<string, PricedItem>();
  const byContract = new Map<string, PricedItem[]>();
  const vendorOf = new Map<string, string>();
  const inForce = new Set<string>();
  for (const r of rows) {
    const item: PricedItem = {
      id: r.id,
      code: r.code,
      descriptionPattern: r.description_pattern,
      chargeKind: r.charge_kind,
      effectiveFrom: r.effective_from,
      effectiveTo: r.effective_to,
      currency: r.currency,
      mrcNanos: r.mrc_nanos,
      unitRateNanos: r.unit_rate_nanos,
      discountPpm: r.discount_ppm,
      name: r.name,
      unit: r.unit,
      contractId: r.contract_id,
      contractNumber: r.contract_number,
    };
    byId.set(item.id, item);
    // A draft is not yet agreed: its prices are no reference for what a vendor may bill.
    if (r.contract_status === 'draft') continue;
    inForce.add(r.contract_id);
    vendorOf.set(r.contract_id, r.vendor_id);
    const list = byContract.get(r.contract_id);
    if (list) list.push(item);
    else byContract.set(r.contract_id, [item]);
  }
  const contractsOfAccount = new Map<string, string[]>();
  const linkedContracts = new Set<string>();
  for (const l of links) {
    linkedContracts.add(l.contract_id);
    if (!inForce.has(l.contract_id)) continue;
    const list = contractsOfAccount.get(l.billing_account_id);
    if (list) list.push(l.contract_id);
    else contractsOfAccount.set(l.billing_account_id, [l.contract_id]);
  }
  const unlinkedOfVendor = new Map<string, string[]>();
  for (const [contractId, vendorId] of vendorOf) {
    if (linkedContracts.has(contractId)) continue;
    const list = unlinkedOfVendor.get(vendorId);
    if (list) list.push(contractId);
    else unlinkedOfVendor.set(vendorId, [contractId]);
  }

  const cache = new Map<string, AccountItems>();
  const itemsOf = (contracts: string[]) => contracts.flatMap((c) => byContract.get(c) ?? []);
  const forAccount = (accountId: string, vendorId: string): AccountItems => {
    const key = `${accountId}\u0000${vendorId}`;
    let a = cache.get(key);
    if (a === undefined) {
      const linked = [...(contractsOfAccount.get(accountId) ?? [])].sort();
      const vendorWide = [...(unlinkedOfVendor.get(vendorId) ?? [])].sort();
      const linkedItems = itemsOf(linked);
      const wideItems = itemsOf(vendorWide);
      const size = linkedItems.length + wideItems.length;
      a =
        size === 0
          ? NONE
          : {
              linked: indexOf(linkedItems),
              vendorWide: indexOf(wideItems),
              contracts: [...linked, ...vendorWide].map((c) => byContract.get(c)![0]!.contractNumber),
              size,
            };
      cache.set(key, a);
    }
    return a;
  };
  return { byId, forAccount };
}
