/**
 * Seeded PRNG for demo data. Demo tenants must be reproducible (same seed => same
 * tenant), so nothing in the demo generator may touch Math.random.
 */

const DAY_MS = 86_400_000;

export class Rng {
  private state: number;

  constructor(seed: number) {
    // Force into uint32 so fractional or negative seeds still give a valid state.
    this.state = seed >>> 0;
  }

  /** mulberry32: tiny, fast and statistically fine for fixtures. Returns [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick() from empty array');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** Picks from [item, weight] pairs; weights need not sum to 1. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    if (!(total > 0)) throw new Error('weighted() needs a positive total weight');
    let roll = this.next() * total;
    for (const [item, w] of entries) {
      roll -= w;
      if (roll < 0) return item;
    }
    // Floating-point residue can leave roll at ~0 after the loop; fall back to the last entry.
    return entries[entries.length - 1]![0];
  }

  /** Fisher-Yates on a copy, so callers' arrays stay untouched. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  /** String of n random decimal digits (leading zeros allowed). */
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }

  /** String of n characters drawn from the given alphabet. */
  chars(n: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(0, alphabet.length - 1)];
    return s;
  }

  /** Calendar date (YYYY-MM-DD) in [from, to], inclusive. Computed in UTC so the host timezone can't shift it. */
  date(from: string, to: string): string {
    const start = Date.parse(`${from}T00:00:00Z`);
    const end = Date.parse(`${to}T00:00:00Z`);
    const days = Math.round((end - start) / DAY_MS);
    return new Date(start + this.int(0, days) * DAY_MS).toISOString().slice(0, 10);
  }
}
