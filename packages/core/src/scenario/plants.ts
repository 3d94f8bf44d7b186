import type { Rng } from '../demo/random.ts';
import { line, usageLine } from './billing.ts';
import { addDays } from './calendar.ts';
import { itemOf, itemPrice, UNCONTRACTED } from './catalog.ts';
import type { Acct, Invoice, Line, Svc } from './model.ts';
import type { RuleCode } from './types.ts';

/**
 * Planting errors into the clean bills. Each error changes as little as possible and stays clear
 * of the others: one line-level error per service, money moved per invoice kept under its cap,
 * and the invoices that will be copied (duplicates) left untouched.
 */

const HOSTS = new Set(['normal', 'owner_left', 'site_closed', 'future_leaver']);
const round5 = (n: number) => 5 * Math.round(n / 5);

export class Planter {
  constructor(
    private readonly rng: Rng,
    private readonly accounts: Acct[],
  ) {}

  private get invoices(): Invoice[] {
    return this.accounts.flatMap((a) => a.invoices.filter((i): i is Invoice => i !== null));
  }

  private get services(): Svc[] {
    return this.accounts.flatMap((a) => a.services);
  }

  /**
   * Takes items round-robin over vendors (in shuffled order within each, so months spread too)
   * until `target` findings are planted; `take` returns how many it planted (0: refused). A second
   * pass lets `take` relax its preferences when the first fell short.
   */
  private spread<T>(
    items: T[],
    vendor: (t: T) => string,
    target: number,
    take: (t: T, relaxed: boolean) => number,
  ) {
    let done = 0;
    for (const relaxed of [false, true]) {
      const queues = new Map<string, T[]>();
      for (const t of this.rng.shuffle(items)) {
        const v = vendor(t);
        queues.set(v, [...(queues.get(v) ?? []), t]);
      }
      const lists = [...queues.values()];
      let progress = true;
      while (done < target && progress) {
        progress = false;
        for (const list of lists) {
          while (list.length > 0 && done < target) {
            const n = take(list.shift()!, relaxed);
            if (n > 0) {
              done += n;
              progress = true;
              break;
            }
          }
        }
      }
      if (done >= target) break;
    }
    if (done < target) throw new Error(`scenario: only ${done} of ${target} errors could be planted`);
    return done;
  }

  private slots(filter: (s: Svc) => boolean) {
    const out: { s: Svc; inv: Invoice }[] = [];
    for (const s of this.services) {
      if (!HOSTS.has(s.role) || !filter(s)) continue;
      const acct = this.acctOf(s);
      for (let m = s.from; m <= s.to; m++) {
        const inv = acct.invoices[m];
        if (inv && !inv.reserved) out.push({ s, inv });
      }
    }
    return out;
  }

  private acctOf(s: Svc): Acct {
    return this.accounts.find((a) => a.services.includes(s))!;
  }

  private fits(inv: Invoice, amount: number) {
    return !inv.reserved && inv.load + Math.abs(amount) <= inv.cap;
  }

  private linesOf(inv: Invoice, s: Svc) {
    return inv.lines.filter((l) => l.identifier === s.row.identifier);
  }

  private insertAfter(inv: Invoice, anchor: Line, added: Line) {
    inv.lines.splice(inv.lines.indexOf(anchor) + 1, 0, added);
  }

  private add(inv: Invoice, s: Svc, added: Line) {
    const own = this.linesOf(inv, s);
    this.insertAfter(inv, own[own.length - 1]!, added);
  }

  private mark(rule: RuleCode, note: string) {
    return [{ rule, note }];
  }

  /** Invoices copied as duplicates: chosen first, in the first months, and kept clean. */
  reserveDuplicates(target: number) {
    const early = this.invoices.filter((i) => i.index <= 2);
    this.spread(
      early,
      (i) => i.account.spec.vendor.code,
      target,
      (inv) => {
        if (inv.reserved) return 0;
        inv.reserved = true;
        inv.copyDate = addDays(inv.date, this.rng.int(10, 15));
        return 1;
      },
    );
  }

  /** Bills sent first with an error, then replaced by a corrected bill. */
  corrections(target: number) {
    this.spread(
      this.invoices,
      (i) => i.account.spec.vendor.code,
      target,
      (inv) => {
        if (inv.reserved || inv.correction) return 0;
        const plans = inv.lines.filter(
          (l) => l.kind === 'recurring' && l.unitCents === null && l.code !== null && !l.period,
        );
        const is811 = inv.account.spec.format === 'x12-811';
        const kind = this.rng.pick(
          is811 ? (['overcharge', 'duplicate'] as const) : (['overcharge', 'duplicate', 'late_fee'] as const),
        );
        const on = this.rng.pick(plans);
        inv.correction = {
          kind,
          identifier: kind === 'late_fee' ? null : on.identifier,
          code: kind === 'late_fee' ? null : on.code,
          cents: this.rng.int(300, 2500),
          after: this.rng.int(4, 12),
        };
        return 1;
      },
    );
  }

  /** A large account-level credit: this bill drops and the next one rises back, both beyond the thresholds. */
  credits(target: number) {
    const csv = this.invoices.filter((i) => i.account.spec.format === 'csv' && i.index >= 1);
    this.spread(
      csv,
      (i) => i.account.spec.vendor.code,
      target,
      (inv) => {
        const list = inv.account.invoices;
        const next = list[inv.index + 1] ?? null;
        if (inv.reserved || inv.big || next?.reserved || next?.big) return 0;
        const total = inv.lines.reduce((n, l) => n + l.cents, 0);
        if (total < 60000) return 0;
        const credit = Math.round((total * this.rng.int(45, 60)) / 100);
        inv.lines.push(
          line(null, 'credit_adjustment', 'ADJ', 'Billing adjustment credit', null, -credit, {
            marks: [],
          }),
        );
        inv.marks.push({ rule: 'variance_account', note: `account credit of ${credit / 100}` });
        inv.big = true;
        inv.unassigned = true;
        if (!next) return 1;
        next.marks.push({
          rule: 'variance_account',
          note: 'back to normal after the credit on the bill before',
        });
        next.big = true;
        return 2;
      },
    );
  }

  /** Taxes and surcharges far below the range (the share the caller may later raise above it). */
  taxes(target: number) {
    const net = (i: Invoice) => i.lines.reduce((n, l) => n + l.cents, 0);
    this.spread(
      this.invoices,
      (i) => i.account.spec.vendor.code,
      target,
      (inv) => {
        if (inv.reserved || inv.big) return 0;
        // The bill drops by its usual tax share and the next rises back: the months around it must
        // otherwise be steady, so no account variance comes of it.
        const near = [inv.account.invoices[inv.index - 1], inv.account.invoices[inv.index + 1]].filter(
          (x): x is Invoice => !!x,
        );
        const steady = (x: Invoice) =>
          Math.abs(net(x) - net(inv)) <= 0.03 * net(inv) && x.load <= 0.02 * net(x);
        if (!near.every(steady) || inv.load > 0.02 * net(inv)) return 0;
        for (const x of [inv, ...near]) x.cap = Math.min(x.cap, Math.round(0.02 * net(x)));
        const is811 = inv.account.spec.format === 'x12-811';
        inv.feePercent = 0;
        inv.taxPercent = this.rng.pick(is811 ? [0, 0.5, 1] : [0, 0.5, 1, 1.5]);
        inv.marks.push({ rule: 'tax_out_of_range', note: `taxes at ${inv.taxPercent} % of the base` });
        inv.big = true;
        return 1;
      },
    );
  }

  /** SIP usage far above its own average, on trunks large enough that the service total stays within 50 %. */
  sipSpikes(target: number) {
    const slots = this.slots((s) => s.row.serviceType === 'sip_ucaas' && s.usage !== null);
    this.spread(
      slots,
      ({ s }) => s.spec.vendor.code,
      target,
      ({ s, inv }) => {
        const m = inv.index;
        if (s.planted || inv.big || m - 1 < s.from || inv.load > inv.cap / 2) return 0;
        const before = s.usage!.slice(Math.max(s.from, m - 3), m);
        const avg = before.reduce((n, u) => n + u, 0) / before.length;
        const spike = round5(3 * avg + this.rng.int(6000, 9000));
        const usage = this.linesOf(inv, s).find((l) => l.kind === 'usage')!;
        const service = this.linesOf(inv, s).reduce((n, l) => n + l.cents, 0);
        if (spike - usage.cents > 0.45 * service) return 0;
        s.usage![m] = spike;
        usage.cents = spike;
        usage.quantity = spike / 5;
        usage.marks.push({
          rule: 'usage_spike',
          note: `usage ${spike / 100} against an average of ${(avg / 100).toFixed(2)}`,
        });
        s.planted = true;
        inv.big = true;
        return 1;
      },
    );
  }

  /** Roaming / international usage on a wireless line (flagged whatever the amount). */
  roaming(target: number) {
    const slots = this.slots((s) => s.row.serviceType === 'wireless' && s.usage !== null);
    this.spread(
      slots,
      ({ s }) => s.spec.vendor.code,
      target,
      ({ s, inv }) => {
        const amount = 5 * this.rng.int(200, 400);
        if (s.planted || !this.fits(inv, amount)) return 0;
        const description =
          s.spec.vendor.code === 'KSW' ? 'International roaming day pass' : 'Roaming data usage';
        this.add(inv, s, usageLine(s, amount, description, this.mark('usage_spike', description)));
        s.planted = true;
        inv.load += amount;
        return 1;
      },
    );
  }

  private consecutive(s: Svc, inv: Invoice, months: number, amount: number) {
    const acct = inv.account;
    const out: Invoice[] = [];
    for (let m = inv.index; m < inv.index + months && m <= s.to; m++) {
      const x = acct.invoices[m];
      if (!x || !this.fits(x, amount)) break;
      out.push(x);
    }
    return out;
  }

  rateVariances(target: number) {
    this.spread(
      this.slots(() => true),
      ({ s }) => s.spec.vendor.code,
      target,
      ({ s, inv }) => {
        if (s.planted) return 0;
        const perUnit = s.plan.unitCents !== null ? this.rng.int(25, 100) : 0;
        const size =
          perUnit > 0
            ? perUnit * s.plan.quantity
            : s.row.serviceType === 'data_circuit'
              ? this.rng.int(1000, 5000)
              : this.rng.int(100, Math.max(100, Math.floor(s.plan.cents * 0.2)));
        const sign = this.rng.chance(0.3) ? -1 : 1;
        const invoices = this.consecutive(s, inv, this.rng.chance(0.25) ? this.rng.int(2, 3) : 1, size);
        if (invoices.length === 0) return 0;
        for (const x of invoices) {
          const plan = this.linesOf(x, s).find((l) => l.code === s.plan.code)!;
          plan.cents += sign * size;
          if (plan.unitCents !== null) plan.unitCents += sign * perUnit;
          plan.marks.push({
            rule: 'rate_variance',
            note: `plan billed ${sign * size} cents off the contract price`,
          });
          x.load += size;
        }
        s.planted = true;
        return invoices.length;
      },
    );
  }

  duplicateCharges(target: number) {
    const slots = this.slots((s) => s.features.length > 0 || s.hunt);
    this.spread(
      slots,
      ({ s }) => s.spec.vendor.code,
      target,
      ({ s, inv }) => {
        if (s.planted) return 0;
        const feature = this.linesOf(inv, s).find((l) => l.kind === 'recurring' && l.code !== s.plan.code)!;
        if (!this.fits(inv, feature.cents)) return 0;
        this.insertAfter(inv, feature, {
          ...feature,
          marks: this.mark('duplicate_charge', `${feature.description} billed twice`),
          subs: [],
          bare: true,
        });
        inv.load += feature.cents;
        s.planted = true;
        return 1;
      },
    );
  }

  uncontracted(target: number) {
    this.spread(
      this.slots((s) => s.norate),
      ({ s }) => s.spec.vendor.code,
      target,
      ({ s, inv }) => {
        if (s.planted) return 0;
        const [code, description] = this.rng.pick(UNCONTRACTED);
        const amount =
          s.row.serviceType === 'data_circuit' ? this.rng.int(2500, 6000) : this.rng.int(499, 1499);
        const invoices = this.consecutive(s, inv, this.rng.chance(0.3) ? this.rng.int(2, 3) : 1, amount);
        if (invoices.length === 0) return 0;
        for (const x of invoices) {
          this.add(x, s, {
            ...line(s.row.identifier, 'recurring', 'MRC', description, code, amount, {
              idKind: s.row.serviceType === 'data_circuit' ? 'circuit' : 'phone',
            }),
            marks: this.mark('not_in_contract', `${code} is in no contract`),
          });
          x.load += amount;
        }
        s.planted = true;
        return invoices.length;
      },
    );
  }

  ordersMissing(target: number) {
    this.spread(
      this.slots(() => true),
      ({ s }) => s.spec.vendor.code,
      target,
      ({ s, inv }) => {
        const item = itemOf(s.spec, s.block.orderCharge);
        const amount = itemPrice(item);
        if (s.planted || !this.fits(inv, amount)) return 0;
        this.add(inv, s, {
          ...line(s.row.identifier, 'one_time', 'OCC', item.name, item.code, amount, {
            idKind: s.row.serviceType === 'data_circuit' ? 'circuit' : 'phone',
          }),
          marks: this.mark('nrc_without_order', `${item.code} with no order since ${s.row.activatedOn}`),
        });
        inv.load += amount;
        s.planted = true;
        return 1;
      },
    );
  }

  /** A usage jump that moves the service total by more than 50 % and 25.00, yet is no usage spike. */
  serviceJumps(target: number) {
    const slots = this.slots((s) => s.usage !== null);
    this.spread(
      slots,
      ({ s }) => s.spec.vendor.code,
      target,
      ({ s, inv }) => {
        if (s.planted || inv.big || inv.index - 1 < s.from) return 0;
        const own = this.linesOf(inv, s);
        const recurring = own.filter((l) => l.kind === 'recurring').reduce((n, l) => n + l.cents, 0);
        const total = own.reduce((n, l) => n + l.cents, 0) + Math.ceil((recurring * inv.feePercent) / 100);
        const lo = Math.max(2600, Math.ceil(total / 2) + 200);
        const hi = Math.min(4500, total - 300);
        if (lo > hi) return 0;
        const jump = 5 * this.rng.int(Math.ceil(lo / 5), Math.floor(hi / 5));
        if (!this.fits(inv, jump)) return 0;
        const usage = own.find((l) => l.kind === 'usage')!;
        usage.cents += jump;
        if (usage.unitCents !== null) usage.quantity = usage.cents / usage.unitCents;
        usage.marks.push({ rule: 'variance_service', note: `usage up by ${jump / 100}` });
        s.usage![inv.index] = usage.cents;
        inv.load += jump;
        s.planted = true;
        return 1;
      },
    );
  }

  lateFees(target: number) {
    const csv = this.invoices.filter((i) => i.account.spec.format === 'csv');
    this.spread(
      csv,
      (i) => i.account.spec.vendor.code,
      target,
      (inv) => {
        const amount = this.rng.int(500, 2500);
        if (inv.unassigned || !this.fits(inv, amount)) return 0;
        inv.lines.push({
          ...line(null, 'late_fee', 'LATE', 'Late payment charge', null, amount),
          marks: this.mark('late_fee', 'late payment charge'),
        });
        inv.unassigned = true;
        inv.load += amount;
        return 1;
      },
    );
  }

  statedCurrent(target: number) {
    const edi = this.invoices.filter((i) => i.account.spec.format === 'x12-811');
    this.spread(
      edi,
      (i) => i.account.row.accountNumber,
      target,
      (inv) => {
        if (inv.reserved || inv.statedDelta.current !== 0) return 0;
        const delta = (this.rng.chance(0.5) ? -1 : 1) * this.rng.int(100, 25000);
        inv.statedDelta.current = delta;
        inv.marks.push({
          rule: 'control_total',
          note: `stated current charges ${delta / 100} off the lines`,
        });
        return 1;
      },
    );
  }

  statedPrevious(target: number) {
    const edi = this.invoices.filter((i) => i.account.spec.format === 'x12-811' && i.index >= 1);
    this.spread(
      edi,
      (i) => i.account.row.accountNumber,
      target,
      (inv, relaxed) => {
        if (inv.reserved || inv.statedDelta.previous !== 0 || (!relaxed && inv.statedDelta.current !== 0))
          return 0;
        const delta = this.rng.chance(0.3) ? -this.rng.int(100, 5000) : this.rng.int(100, 30000);
        inv.statedDelta.previous = delta;
        inv.marks.push({
          rule: 'balance_rollforward',
          note: `previous balance ${delta / 100} off the last total due`,
        });
        return 1;
      },
    );
  }
}
