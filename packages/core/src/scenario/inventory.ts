import type { Rng } from '../demo/random.ts';
import type { DemoLocation } from '../demo/types.ts';
import { addDays, dayOf, monthEnd } from './calendar.ts';
import { type BlockSpec, cents, itemOf, itemPrice, VENDORS } from './catalog.ts';
import { LEGACY } from './legacy.ts';
import { type Acct, money, type Role, type Svc } from './model.ts';
import { LEAF_COST_CENTERS, type People } from './reference.ts';

/** Accounts and services, and which services carry an account-level error (their role). */

/** The most a prorated last month may lower a service's total: below the 25.00 of a service variance. */
const PRORATED_DROP = 2300;

export interface Unknown {
  acct: Acct;
  identifier: string;
  from: number;
  to: number;
}

export class Inventory {
  readonly accounts: Acct[] = [];
  readonly services: Svc[] = [];
  readonly unknown: Unknown[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly rng: Rng,
    private readonly months: string[],
    private readonly people: People,
    private readonly locations: DemoLocation[],
  ) {}

  private get lastIndex() {
    return this.months.length - 1;
  }

  private fresh(make: (rng: Rng) => string): string {
    let id = make(this.rng);
    while (this.seen.has(id)) id = make(this.rng);
    this.seen.add(id);
    return id;
  }

  buildAccounts() {
    const numbers = new Set<string>();
    for (const spec of VENDORS) {
      for (let i = 0; i < spec.accounts; i++) {
        let accountNumber = spec.accountNumber(this.rng);
        while (numbers.has(accountNumber)) accountNumber = spec.accountNumber(this.rng);
        numbers.add(accountNumber);
        this.accounts.push({
          spec,
          row: {
            vendorCode: spec.vendor.code,
            accountNumber,
            parentAccountNumber: null,
            name: `${spec.vendor.name} ${i + 1}`,
            currency: 'USD',
            expectedInvoiceDay: this.rng.int(1, 8),
            cadence: 'monthly',
          },
          services: [],
          invoices: [],
          last: this.lastIndex,
          taxPercent: this.rng.int(spec.taxPercent[0], spec.taxPercent[1]),
        });
      }
    }
  }

  /** Accounts whose bills stop: every month after `last` is a missing invoice. */
  chooseMissing(atLeast: number) {
    let missing = 0;
    const byVendor = VENDORS.map((v) => this.rng.shuffle(this.accounts.filter((a) => a.spec === v)));
    for (let round = 0; missing < atLeast; round++) {
      for (const list of byVendor) {
        const acct = list[round];
        if (!acct || missing >= atLeast) continue;
        const gap = this.rng.int(2, 4);
        acct.last = this.lastIndex - gap;
        missing += gap;
      }
    }
  }

  private openSite() {
    return this.rng.pick(this.locations.filter((l) => l.status === 'open')).code;
  }

  newService(acct: Acct, block: BlockSpec, role: Role = 'normal'): Svc {
    const spec = acct.spec;
    const plan = this.rng.weighted(block.plans.map((p) => [p, p.weight] as const));
    const item = itemOf(spec, plan.code);
    const quantity = plan.quantities ? this.rng.pick(plan.quantities) : 1;
    const unitCents = item.mrc ? null : cents(item.unitRate!);
    const features = block.features
      .filter(([, chance]) => this.rng.chance(chance))
      .map(([code, , description]) => ({ code, description, cents: itemPrice(itemOf(spec, code)) }));
    const hunt = this.rng.chance(block.hunt);
    const base = block.usage ? 5 * this.rng.int(block.usage.min / 5, block.usage.max / 5) : 0;
    const usage = block.usage ? this.months.map(() => base + 5 * this.rng.int(-2, 2)) : null;
    const owner = block.personal ? this.people.add(null, null) : null;
    const activatedOn = this.rng.date('2022-01-10', '2026-01-31');
    const planCents = itemPrice(item, quantity);
    const monthly = planCents + features.reduce((n, f) => n + f.cents, 0) + (hunt ? 1250 : 0);
    const svc: Svc = {
      row: {
        serviceType: block.serviceType,
        identifier: this.fresh(block.identifier),
        description: plan.description,
        vendorCode: spec.vendor.code,
        accountNumber: acct.row.accountNumber,
        ownerEmployeeId: owner?.employeeId ?? null,
        costCenterCode: owner?.costCenterCode ?? this.rng.pick(LEAF_COST_CENTERS),
        locationCode: block.personal ? null : this.openSite(),
        contractNumber: spec.contract.number,
        rateItemCode: plan.code,
        expectedMonthly: money(monthly),
        state: 'active',
        orderedOn: addDays(activatedOn, -14),
        activatedOn,
        suspendedOn: null,
        disconnectedOn: null,
      },
      spec,
      block,
      role,
      plan: { code: plan.code, description: plan.description, quantity, unitCents, cents: planCents },
      features,
      hunt,
      usage,
      from: 0,
      to: acct.last,
      planted: false,
      norate: false,
      disconnectedAt: null,
      prorate: null,
      memo: false,
    };
    acct.services.push(svc);
    this.services.push(svc);
    return svc;
  }

  buildServices() {
    for (const acct of this.accounts)
      for (const block of acct.spec.blocks)
        for (let i = 0; i < block.perAccount; i++) this.newService(acct, block);
  }

  private pool(filter: (s: Svc) => boolean) {
    return this.rng.shuffle(this.services.filter((s) => s.role === 'normal' && !s.norate && filter(s)));
  }

  /** Gives a role to `n` normal services; `filter` is asked again before each, as roles change the picture. */
  private take(n: number, filter: (s: Svc) => boolean, apply: (s: Svc) => void) {
    const picked: Svc[] = [];
    for (const s of this.pool(filter)) {
      if (picked.length >= n) break;
      if (!filter(s)) continue;
      apply(s);
      picked.push(s);
    }
    return picked;
  }

  /** Account-level errors and the clean look-alikes that must not be flagged. */
  assignRoles() {
    const full = (s: Svc) => s.to === this.lastIndex;
    const wireless = (s: Svc) => s.row.serviceType === 'wireless';
    const sip = (s: Svc) => s.row.serviceType === 'sip_ucaas';
    const wired = (s: Svc) => !wireless(s) && !sip(s);
    const closed = this.locations.filter((l) => l.status === 'closed');
    const person = (s: Svc, leaverDate: string | null) => {
      const p = this.people.add(leaverDate, null);
      s.row.ownerEmployeeId = p.employeeId;
      s.row.costCenterCode = p.costCenterCode;
    };

    this.take(
      20,
      (s) => full(s) && wireless(s),
      (s) => this.lowUsage(s),
    );
    this.take(
      2,
      (s) => full(s) && sip(s),
      (s) => this.lowUsage(s),
    );
    const leavers = this.take(
      22,
      (s) => full(s) && wireless(s),
      (s) => {
        s.role = 'owner_left';
        person(s, this.rng.date('2026-02-01', addDays(`${this.months[this.lastIndex]}-01`, -1)));
      },
    );
    // on the day itself: "left on or before the period start"
    person(leavers[0]!, `${this.months[this.lastIndex]}-01`);
    this.take(
      3,
      (s) => full(s) && wireless(s),
      (s) => {
        s.role = 'future_leaver';
        person(s, this.rng.date(addDays(`${this.months[this.lastIndex]}-01`, 1), '2027-02-28'));
      },
    );
    this.take(
      20,
      (s) => full(s) && wired(s),
      (s) => this.closedSite(s, closed),
    );
    this.take(
      2,
      (s) => full(s) && sip(s),
      (s) => this.closedSite(s, closed),
    );
    for (const [n, filter] of [
      [10, wireless],
      [8, (s: Svc) => s.row.serviceType === 'wireline'],
      [4, (s: Svc) => s.row.serviceType === 'data_circuit' && !this.hasUnbilled(s)],
    ] as const) {
      this.take(
        n,
        (s) => full(s) && filter(s),
        (s) => {
          s.role = 'not_billed';
          s.from = 1;
          s.to = 0;
        },
      );
    }
    this.take(
      3,
      (s) => wireless(s),
      (s) => this.suspend(s),
    );
    this.take(
      2,
      (s) => s.row.serviceType === 'wireline',
      (s) => this.suspend(s),
    );
    for (const legacy of LEGACY) {
      this.take(
        legacy.services,
        (s) =>
          full(s) && s.spec.vendor.code === legacy.vendorCode && s.row.serviceType === legacy.serviceType,
        (s) => {
          s.role = 'legacy';
          s.plan = {
            code: legacy.itemCode,
            description: legacy.itemName,
            quantity: 1,
            unitCents: null,
            cents: cents(legacy.mrc),
          };
          s.features = [];
          s.hunt = false;
          s.row.contractNumber = legacy.contractNumber;
          s.row.rateItemCode = legacy.itemCode;
          s.row.expectedMonthly = legacy.mrc;
          s.row.description = legacy.itemName;
        },
      );
    }
    this.cleanDisconnects(closed);
    this.plantedDisconnects(22);
    for (const s of this.services) if (this.rng.chance(0.12)) s.memo = true;
    // services with no rate item of their own: the ones an uncontracted charge is planted on
    for (const s of this.pool((x) => !sip(x))) {
      if (!this.rng.chance(0.3)) continue;
      s.norate = true;
      s.row.contractNumber = null;
      s.row.rateItemCode = null;
    }
  }

  /** An account keeps most of its circuits billed, so its total stays large enough to vary. */
  private hasUnbilled(s: Svc) {
    return this.services.some(
      (x) =>
        x.role === 'not_billed' &&
        x.row.accountNumber === s.row.accountNumber &&
        x.row.serviceType === s.row.serviceType,
    );
  }

  /** No usage at all: no usage line, or (as some carriers print it) a usage line of 0.00. */
  private lowUsage(s: Svc) {
    s.role = 'low_usage';
    s.usage = this.rng.chance(0.5) ? this.months.map(() => 0) : null;
  }

  private closedSite(s: Svc, closed: DemoLocation[]) {
    s.role = 'site_closed';
    s.row.locationCode = this.rng.pick(closed).code;
  }

  private suspend(s: Svc) {
    s.role = 'suspended';
    s.row.state = 'suspended';
    s.row.suspendedOn = this.rng.date('2025-10-01', '2026-03-31');
    s.usage = null;
  }

  /** Lines disconnected at a month end and billed up to it: nothing to find. */
  private cleanDisconnects(closed: DemoLocation[]) {
    const sites = closed.filter((l) => this.months.includes(l.closedOn!.slice(0, 7)));
    for (const s of this.pool(
      (x) => x.row.serviceType === 'wireless' || x.row.serviceType === 'wireline',
    ).slice(0, 12)) {
      if (s.to < 1) continue;
      let d = this.rng.int(0, Math.min(s.to - 1, this.lastIndex - 1));
      if (s.block.personal && this.rng.chance(0.5)) {
        const p = this.people.add(dayOf(this.months[d]!, this.rng.int(1, 28)), null);
        s.row.ownerEmployeeId = p.employeeId;
      } else if (!s.block.personal && sites.length > 0 && this.rng.chance(0.6)) {
        const site = this.rng.pick(sites);
        const at = this.months.indexOf(site.closedOn!.slice(0, 7));
        if (at < s.to) {
          d = at;
          s.row.locationCode = site.code;
        }
      }
      s.role = 'disc_clean';
      s.to = d;
      s.row.state = 'disconnected';
      s.row.disconnectedOn = monthEnd(this.months[d]!);
      // Half leave mid-month, their last month prorated; early enough only while the drop stays small.
      const month = this.months[d]!;
      const days = Number(monthEnd(month).slice(8));
      const first = Math.max(5, Math.ceil(days * (1 - PRORATED_DROP / this.recurring(s))));
      if (this.rng.chance(0.5) && first < days) {
        const end = dayOf(month, this.rng.int(first, days - 1));
        s.row.disconnectedOn = end;
        s.prorate = { month: d, start: `${month}-01`, end };
      }
    }
  }

  private recurring(s: Svc) {
    return s.plan.cents + s.features.reduce((n, f) => n + f.cents, 0) + (s.hunt ? 1250 : 0);
  }

  /** Lines disconnected but billed on: one finding per later invoice. */
  private plantedDisconnects(atLeast: number) {
    let planted = 0;
    for (const s of this.pool(
      (x) => x.to >= 4 && (x.row.serviceType === 'wireless' || x.row.serviceType === 'wireline'),
    )) {
      if (planted >= atLeast) break;
      const d = this.rng.int(2, Math.min(4, s.to - 1));
      const to = this.rng.int(d + 1, s.to);
      s.role = 'disc_planted';
      s.to = to;
      s.disconnectedAt = d;
      s.row.state = 'disconnected';
      s.row.disconnectedOn = this.rng.chance(0.5)
        ? monthEnd(this.months[d]!)
        : dayOf(this.months[d]!, this.rng.int(5, 25));
      planted += to - d;
    }
  }

  /**
   * Lines activated during the scenario: an activation fee on their first bill, and for
   * `twice` of them the same fee again on the next bill.
   */
  activations(twice: number, clean: number) {
    const slots: { acct: Acct; block: BlockSpec; first: number }[] = [];
    for (const acct of this.accounts)
      for (const block of acct.spec.blocks.filter(
        (b) => b.serviceType === 'wireless' || b.serviceType === 'wireline',
      ))
        for (let first = 3; first <= acct.last; first++) slots.push({ acct, block, first });
    const used = new Set<string>();
    let doubled = 0;
    let plain = 0;
    for (const slot of this.rng.shuffle(slots)) {
      const key = `${slot.acct.row.accountNumber}:${slot.first}`;
      if (used.has(key)) continue;
      const repeat = doubled < twice && slot.first + 1 <= slot.acct.last;
      if (!repeat && plain >= clean) continue;
      used.add(key);
      const s = this.newService(slot.acct, slot.block, repeat ? 'new_twice' : 'new_clean');
      let activatedOn = dayOf(this.months[slot.first - 1]!, this.rng.int(12, 26));
      if (!repeat && this.rng.chance(0.5)) {
        // Activated within its first billed month: that month is prorated from the activation day.
        const month = this.months[slot.first]!;
        activatedOn = dayOf(month, this.rng.int(5, 20));
        s.prorate = { month: slot.first, start: activatedOn, end: monthEnd(month) };
      }
      s.row.activatedOn = activatedOn;
      s.row.orderedOn = addDays(activatedOn, -this.rng.int(7, 14));
      s.from = slot.first;
      if (repeat) doubled++;
      else plain++;
      if (doubled >= twice && plain >= clean) break;
    }
  }

  /** Lines on order: in inventory, never billed, not active. */
  orders(n: number) {
    for (const acct of this.rng.shuffle(this.accounts).slice(0, n)) {
      const s = this.newService(acct, acct.spec.blocks[0]!, 'ordered');
      s.row.state = 'ordered';
      s.row.activatedOn = null;
      s.row.orderedOn = addDays(`${this.months[this.lastIndex]}-01`, this.rng.int(3, 20));
      s.from = 1;
      s.to = 0;
    }
  }

  /** Numbers billed that the inventory does not know, on a few consecutive bills. */
  unknownLines(atLeast: number) {
    const phoneBlocks = (a: Acct) =>
      a.spec.blocks.filter((b) => b.serviceType === 'wireless' || b.serviceType === 'wireline');
    let planted = 0;
    for (const acct of this.rng.shuffle(
      this.accounts.filter((a) => phoneBlocks(a).length > 0 && a.last >= 4),
    )) {
      if (planted >= atLeast) break;
      const block = phoneBlocks(acct)[0]!;
      const from = this.rng.int(3, acct.last - 1);
      const to = this.rng.int(from + 1, acct.last);
      this.unknown.push({ acct, identifier: this.fresh(block.identifier), from, to });
      planted += to - from + 1;
    }
  }
}
