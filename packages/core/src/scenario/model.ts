import type { DemoBillingAccount } from '../demo/types.ts';
import type { BlockSpec, VendorSpec } from './catalog.ts';
import type { Correction } from './corrections.ts';
import type { RuleCode, ScenarioService } from './types.ts';

/** The generator's working model: accounts, their services and their monthly invoices. */

export type ChargeKind =
  | 'recurring'
  | 'one_time'
  | 'usage'
  | 'tax'
  | 'surcharge_fee'
  | 'credit_adjustment'
  | 'late_fee';

/** Bill sections in the order a bill lists them per service (and the 811 HL groups). */
export const SECTIONS = ['MRC', 'OCC', 'USAGE', 'ADJ', 'LATE', 'TAX'] as const;
export type Section = (typeof SECTIONS)[number];

export interface Mark {
  rule: RuleCode;
  note: string;
}

export interface Line {
  /** the billed identifier (E.164 phone or circuit id); null for invoice-level lines */
  identifier: string | null;
  idKind: 'phone' | 'circuit' | null;
  kind: ChargeKind;
  section: Section;
  description: string;
  code: string | null;
  quantity: number;
  unit: string;
  /** unit price in cents when the line is priced per unit (channels, minutes) */
  unitCents: number | null;
  cents: number;
  /** line-level expected findings, tied to this line's number */
  marks: Mark[];
  /** 811 only: the taxes and surcharges the carrier puts inside this line's loop */
  subs: { kind: 'tax' | 'surcharge_fee'; cents: number }[];
  /** 811: a repeated line carries no taxes of its own (else its taxes would repeat too) */
  bare?: boolean;
  /** shown on the bill but not payable (a memo line) */
  infoOnly?: boolean;
  /** a charge period shorter than the bill's month (prorated), YYYY-MM-DD */
  period?: { start: string; end: string };
  lineNo: number;
}

export type Role =
  | 'normal'
  | 'not_billed'
  | 'low_usage'
  | 'owner_left'
  | 'site_closed'
  | 'disc_planted'
  | 'disc_clean'
  | 'suspended'
  | 'ordered'
  | 'legacy'
  | 'future_leaver'
  | 'new_twice'
  | 'new_clean';

export interface Svc {
  row: ScenarioService;
  spec: VendorSpec;
  block: BlockSpec;
  role: Role;
  plan: { code: string; description: string; quantity: number; unitCents: number | null; cents: number };
  features: { code: string; description: string; cents: number }[];
  hunt: boolean;
  /** usage cents per month index (null: the service has no usage) */
  usage: number[] | null;
  /** month indexes billed, inclusive; from > to means never billed */
  from: number;
  to: number;
  /** one line-level error at most per service, so errors never blur each other */
  planted: boolean;
  /** no rate item of its own in inventory */
  norate: boolean;
  /** month index of the disconnect, for lines billed after it */
  disconnectedAt: number | null;
  /** the month billed for part of the month only (activation or disconnect within it) */
  prorate: { month: number; start: string; end: string } | null;
  /** a memo line on every bill */
  memo: boolean;
}

export interface Invoice {
  account: Acct;
  index: number;
  month: string;
  number: string;
  date: string;
  due: string;
  /** payable lines: every total, tax and error is about these */
  lines: Line[];
  /** information-only lines the bill shows besides */
  memos: Line[];
  /** invoice-level expected findings */
  marks: Mark[];
  /** share of taxes plus surcharges in the taxable base, in percent; the tax error changes it */
  taxPercent: number;
  /** 811: the part of taxPercent billed as a surcharge on recurring lines */
  feePercent: number;
  /** no error may touch it: it is copied as a duplicate */
  reserved: boolean;
  /** carries an error that moves its total a lot (tax, credit, spike) or follows one */
  big: boolean;
  /** holds a line with no service (late fee, credit) */
  unassigned: boolean;
  /** money moved by small errors, kept under `cap` so account totals stay steady */
  load: number;
  cap: number;
  statedDelta: { current: number; previous: number };
  stated: { previous: number; payments: number; current: number; totalDue: number } | null;
  /** the date a reprinted copy carries, when the invoice is duplicated */
  copyDate: string | null;
  /** an error the first version of the bill had, fixed by a corrected bill that replaces it */
  correction: Correction | null;
}

export interface Acct {
  spec: VendorSpec;
  row: DemoBillingAccount;
  services: Svc[];
  invoices: (Invoice | null)[];
  /** index of the last month billed; later months are missing */
  last: number;
  taxPercent: number;
}

export const lineTotal = (l: Line) => l.cents + l.subs.reduce((n, s) => n + s.cents, 0);
export const isTaxable = (l: Line) => l.kind === 'recurring' || l.kind === 'one_time' || l.kind === 'usage';

/** Lines in the order the bill lists them: by service (first appearance), then section; unassigned lines last. */
export function orderedLines(inv: Invoice): Line[] {
  const all = [...inv.lines, ...inv.memos];
  const firstSeen = new Map<string | null, number>();
  all.forEach((l, i) => {
    if (!firstSeen.has(l.identifier)) firstSeen.set(l.identifier, i);
  });
  const groupRank = (l: Line) =>
    l.identifier === null ? Number.MAX_SAFE_INTEGER : firstSeen.get(l.identifier)!;
  return all
    .map((l, i) => ({ l, i }))
    .sort(
      (a, b) =>
        groupRank(a.l) - groupRank(b.l) ||
        SECTIONS.indexOf(a.l.section) - SECTIONS.indexOf(b.l.section) ||
        a.i - b.i,
    )
    .map((x) => x.l);
}

export const money = (c: number) =>
  `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;
