import { DOMAINS, type Domain } from './rules.ts';

/**
 * Score maths on exact fractions. A rule scores 1 − failing/population (1 when nothing is in its
 * population), a domain the mean of its rules, overall the mean of the domains. Only the final
 * value is rounded, half up, to basis points (10000 = 100 %), so no rounding error compounds.
 */
interface Fraction {
  n: bigint;
  d: bigint;
}

const ruleFraction = (failing: number, population: number): Fraction =>
  population === 0 ? { n: 1n, d: 1n } : { n: BigInt(population - failing), d: BigInt(population) };

function mean(fs: Fraction[]): Fraction {
  const sum = fs.reduce((a, f) => ({ n: a.n * f.d + f.n * a.d, d: a.d * f.d }), { n: 0n, d: 1n });
  return { n: sum.n, d: sum.d * BigInt(fs.length) };
}

/** Basis points of a fraction in [0, 1], rounded half up: floor((2·10000·n + d) / 2d). */
export const toBasisPoints = (f: Fraction): number => Number((20000n * f.n + f.d) / (2n * f.d));

export interface RuleCount {
  id: string;
  domain: Domain;
  failing: number;
  population: number;
}

export function scoreCounts<R extends RuleCount>(rules: R[]) {
  const domains = DOMAINS.map((domain) => {
    const own = rules.filter((r) => r.domain === domain);
    const fraction = mean(own.map((r) => ruleFraction(r.failing, r.population)));
    return { domain, fraction, scoreBp: toBasisPoints(fraction) };
  });
  return {
    overallBp: toBasisPoints(mean(domains.map((d) => d.fraction))),
    domains: domains.map(({ domain, scoreBp }) => ({ domain, scoreBp })),
    rules: rules.map((r) => ({ ...r, scoreBp: toBasisPoints(ruleFraction(r.failing, r.population)) })),
  };
}

/** Basis points as a percentage number with two decimals: 8340 → 83.4. */
export const bpToPercent = (bp: number): number => bp / 100;
