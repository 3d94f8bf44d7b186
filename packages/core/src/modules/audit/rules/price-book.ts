import { addDays, addMonths, daysBetween } from '../../contracts/dates.ts';
import { expectedAmount } from '../../contracts/match.ts';
import type { PricedItem } from './rate-index.ts';

// What a priced charge should cost: the item's price (expectedAmount), prorated for part of a month.

export interface Proration {
  from: string;
  to: string;
  days: number;
  monthDays: number;
}

/** n / d rounded half-even, d > 0 (as expectedAmount rounds). */
export function divHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice < d || (twice === d && q % 2n === 0n)) return q;
  return n < 0n ? q - 1n : q + 1n;
}

/**
 * The share of a month a charge period bills: null for a full cycle (start to the day before the
 * same day next month, or longer) or a period not stated; otherwise its days over the days of
 * the calendar month it starts in.
 */
export function prorationOf(from: string | null, to: string | null): Proration | null {
  if (from === null || to === null || to < from) return null;
  if (to >= addDays(addMonths(from, 1), -1)) return null;
  const first = `${from.slice(0, 7)}-01`;
  return { from, to, days: daysBetween(from, to) + 1, monthDays: daysBetween(first, addMonths(first, 1)) };
}

/** Memoised prices and prorations: a million charges use a few thousand distinct ones. */
export function priceBook() {
  const prices = new Map<PricedItem, Map<string, bigint | null>>();
  const prorations = new Map<string, Proration | null>();
  return {
    price(item: PricedItem, quantity: string | null): bigint | null {
      // An MRC is a flat price: the quantity does not change it.
      const q = item.mrcNanos !== null ? '' : (quantity ?? '1');
      let byQuantity = prices.get(item);
      if (byQuantity === undefined) {
        byQuantity = new Map();
        prices.set(item, byQuantity);
      }
      let price = byQuantity.get(q);
      if (price === undefined) {
        try {
          price = expectedAmount(item, q === '' ? '1' : q);
        } catch {
          price = null; // a quantity that is no number: the charge cannot be priced
        }
        byQuantity.set(q, price);
      }
      return price;
    },
    proration(from: string | null, to: string | null): Proration | null {
      if (from === null || to === null) return null;
      const key = from + to;
      let p = prorations.get(key);
      if (p === undefined) {
        p = prorationOf(from, to);
        prorations.set(key, p);
      }
      return p;
    },
  };
}
