import { Rng } from '../demo/random.ts';
import { fillClean, finish, skeletons, taxes } from './billing.ts';
import { addDays, addMonths, compact } from './calendar.ts';
import { VENDORS } from './catalog.ts';
import { buildContracts } from './contracts.ts';
import { originalOf } from './corrections.ts';
import { writeCsv } from './csv.ts';
import { write811 } from './edi811.ts';
import { Inventory } from './inventory.ts';
import type { Acct, Invoice } from './model.ts';
import { Planter } from './plants.ts';
import { buildLocations, COST_CENTERS, People } from './reference.ts';
import { recompute, selfCheck } from './selfcheck.ts';
import type { RuleCode, Scenario, ScenarioFile, TruthItem } from './types.ts';

/** The day the scenario's final audit runs, and how many months of bills lead up to it. */
export const SCENARIO_TODAY = '2026-11-27';
export const SCENARIO_MONTHS = 7;
/** Errors planted per rule where the data allows it. */
const PER_RULE = 22;

/** Rules whose findings point at one charge line: the truth names the line. */
const LINE_RULES: RuleCode[] = [
  'duplicate_charge',
  'rate_variance',
  'not_in_contract',
  'late_fee',
  'nrc_without_order',
  'nrc_billed_twice',
];

/** Each part draws from its own stream, so changing one part leaves the others as they were. */
const stream = (seed: number, salt: number) => new Rng((seed ^ Math.imul(salt, 0x9e3779b9)) >>> 0);

/**
 * A tenant with carrier bills and the findings its audit must produce. Pure and deterministic:
 * the same seed always gives deep-equal output.
 */
export function generateScenario(seed: number): Scenario {
  const { today, months, locations, people, inv, accounts } = buildBills(seed);
  const problems = selfCheck(accounts);
  if (problems.length > 0)
    throw new Error(
      `scenario ${seed}: the bills do not match the planted errors: ${problems.slice(0, 5).join('; ')}`,
    );

  const built = buildContracts(stream(seed, 6), accounts, today);
  return {
    seed,
    today,
    months,
    vendors: VENDORS.map((v) => v.vendor),
    accounts: accounts.map((a) => a.row),
    costCenters: COST_CENTERS,
    locations,
    people: people.list,
    contracts: built.contracts,
    services: inv.services.map((s) => s.row),
    files: files(accounts, months),
    truth: [...truthOf(accounts, months, inv.services), ...built.truth],
  };
}

/** The working model behind a scenario: accounts, services and bills with their errors planted. */
export function buildBills(seed: number) {
  const today = SCENARIO_TODAY;
  const first = addMonths(today.slice(0, 7), 1 - SCENARIO_MONTHS);
  const months = Array.from({ length: SCENARIO_MONTHS }, (_, i) => addMonths(first, i));
  const locations = buildLocations(stream(seed, 1));
  const people = new People(stream(seed, 2));
  const inv = new Inventory(stream(seed, 3), months, people, locations);
  inv.buildAccounts();
  inv.chooseMissing(PER_RULE - 1);
  inv.buildServices();
  inv.assignRoles();
  inv.activations(PER_RULE, 10);
  inv.orders(4);
  inv.unknownLines(PER_RULE);
  const accounts = inv.accounts;
  skeletons(accounts, months);
  fillClean(accounts, inv.unknown);

  const p = new Planter(stream(seed, 4), accounts);
  p.reserveDuplicates(PER_RULE);
  p.corrections(6);
  p.credits(PER_RULE);
  p.taxes(PER_RULE);
  p.lateFees(PER_RULE);
  // narrowest choices first: few services can take a usage jump or an uncontracted charge
  p.serviceJumps(PER_RULE);
  p.sipSpikes(12);
  p.uncontracted(PER_RULE);
  p.roaming(PER_RULE - 12);
  p.rateVariances(PER_RULE);
  p.duplicateCharges(PER_RULE);
  p.ordersMissing(PER_RULE);
  p.statedCurrent(PER_RULE);
  p.statedPrevious(PER_RULE);
  for (const a of accounts) finish(a);
  raiseTaxes(stream(seed, 5), accounts);
  return { today, months, locations, people, inv, accounts };
}

/** Some of the CSV tax errors go above the range instead, where that moves no account total too far. */
function raiseTaxes(rng: Rng, accounts: Acct[]) {
  for (const acct of accounts.filter((a) => a.spec.format === 'csv')) {
    for (const inv of acct.invoices) {
      if (!inv?.marks.some((m) => m.rule === 'tax_out_of_range') || !rng.chance(0.4)) continue;
      const was = inv.taxPercent;
      inv.taxPercent = rng.pick([36, 37, 38]);
      taxes(inv, false);
      if (!recompute(acct).some((f) => f.rule === 'variance_account' && !plantedAt(acct, f.invoice))) {
        inv.marks.find((m) => m.rule === 'tax_out_of_range')!.note =
          `taxes at ${inv.taxPercent} % of the base`;
        continue;
      }
      inv.taxPercent = was;
      taxes(inv, false);
    }
    finish(acct);
  }
}

const plantedAt = (acct: Acct, number: string) =>
  acct.invoices.some((i) => i?.number === number && i.marks.some((m) => m.rule === 'variance_account'));

function truthOf(accounts: Acct[], months: string[], services: Inventory['services']): TruthItem[] {
  const out: TruthItem[] = [];
  const seen = new Set<string>();
  const push = (t: TruthItem) => {
    const k = JSON.stringify([t.rule, t.invoiceNumber, t.accountNumber, t.identifier, t.lineRef, t.period]);
    if (!seen.has(k)) out.push(t);
    seen.add(k);
  };
  for (const acct of accounts) {
    const accountNumber = acct.row.accountNumber;
    for (const inv of acct.invoices) {
      if (!inv) continue;
      const invoiceNumber = inv.number;
      for (const m of inv.marks) push({ rule: m.rule, invoiceNumber, accountNumber, note: m.note });
      if (inv.copyDate)
        push({
          rule: 'duplicate_invoice',
          invoiceNumber,
          accountNumber,
          note: `reprinted on ${inv.copyDate}`,
        });
      for (const l of inv.lines)
        for (const m of l.marks)
          push({
            rule: m.rule,
            invoiceNumber,
            accountNumber,
            ...(l.identifier ? { identifier: l.identifier } : {}),
            ...(LINE_RULES.includes(m.rule) ? { lineRef: String(l.lineNo) } : {}),
            note: m.note,
          });
    }
    for (let i = acct.last + 1; i < months.length; i++)
      push({ rule: 'missing_invoice', accountNumber, period: months[i]!, note: 'the bill never came' });
  }
  const roles: Partial<Record<string, RuleCode>> = {
    not_billed: 'not_billed',
    low_usage: 'low_usage',
    owner_left: 'owner_left',
    site_closed: 'site_closed',
  };
  for (const s of services) {
    const rule = roles[s.role];
    if (rule)
      push({
        rule,
        accountNumber: s.row.accountNumber,
        identifier: s.row.identifier,
        note: `${s.row.serviceType} ${s.role.replace('_', ' ')}`,
      });
  }
  return out;
}

/** One file per carrier and month (all its accounts), plus the reprinted copies a few days later. */
function files(accounts: Acct[], months: string[]): ScenarioFile[] {
  const out: ScenarioFile[] = [];
  let control = 100;
  for (const spec of VENDORS) {
    const own = accounts.filter((a) => a.spec === spec);
    months.forEach((month, m) => {
      const invoices = own
        .map((a) => a.invoices[m])
        .filter((i): i is Invoice => i !== null && i !== undefined);
      if (invoices.length === 0) return;
      const ym = compact(month).slice(0, 6);
      const add = (
        list: Invoice[],
        name: string,
        day: string,
        reprint: boolean,
        onConflict: ScenarioFile['onConflict'],
      ) => {
        const ext = spec.format === 'x12-811' ? 'edi' : 'csv';
        out.push({
          name: `${month}/${spec.vendor.code}-${name}.${ext}`,
          format: spec.format,
          arrival: addDays(day, 2),
          onConflict,
          content:
            spec.format === 'x12-811' ? write811(list, ++control, day, reprint) : writeCsv(list, reprint),
        });
      };
      const billed = latest(invoices.map((i) => i.date));
      add(
        invoices.map((i) => (i.correction ? originalOf(i) : i)),
        ym,
        billed,
        false,
        'keep_both',
      );
      const copies = invoices.filter((i) => i.copyDate !== null);
      if (copies.length > 0)
        add(copies, `reprints-${ym}`, latest(copies.map((i) => i.copyDate!)), true, 'keep_both');
      const corrected = invoices.filter((i) => i.correction !== null);
      if (corrected.length > 0)
        add(
          corrected,
          `corrections-${ym}`,
          addDays(billed, Math.max(...corrected.map((i) => i.correction!.after))),
          false,
          'replace',
        );
    });
  }
  return out.sort((a, b) =>
    a.arrival < b.arrival ? -1 : a.arrival > b.arrival ? 1 : a.name < b.name ? -1 : 1,
  );
}

const latest = (days: string[]) => [...days].sort().at(-1)!;
