/**
 * The 811 loop assembler: reads the segments of one transaction set (ST..SE) one at a time and
 * builds one ParsedInvoice. Nothing is buffered but the HL tree and the charges themselves.
 *
 * Structure (FORMATS.md §1.4): heading (BIG, CUR, REF, ITD, DTM, TXI, N1 loops) until the first
 * HL; detail (HL loops) until TDS; summary (TDS, ITA, BAL, N1 loops, CTT) after it. The HL tree is
 * built from HL01/HL02 whatever levels a carrier uses; HL03 only gives a role via the profile.
 */
import type { ChargeKind, ParsedCharge, ParsedInvoice, ParseIssue } from '../canonical.ts';
import { emptyStated } from '../canonical.ts';
import { compare, negate } from './decimal.ts';
import type { TransactionHeader } from './envelope.ts';
import { buildInvoice, type InvoiceState } from './invoice.ts';
import { finishLine, type Line, newLine } from './lines.ts';
import { it1Line, itaLine, slnLine, tcdLine, txiLine, usdLine } from './loops.ts';
import type { CarrierProfile, StatedField } from './profiles.ts';
import type { Segment } from './tokenizer.ts';
import { addNode, type HlNode } from './tree.ts';
import { addDtm, appendDescription, el, firstComponent, IssueList, num, toDate } from './values.ts';

export class InvoiceAssembler {
  private area: 'heading' | 'detail' | 'summary' = 'heading';
  private node: HlNode | null = null;
  /** the open loop (IT1, SLN, USD, TCD, or an HL-level ITA) */
  private owner: Line | null = null;
  /** where DTM and TXI go: the owner, or an ITA loop inside an IT1 loop */
  private cursor: Line | null = null;
  private lastClosed: { line: Line; amount: string | null } | null = null;
  private lastIt1: { node: HlNode | null; id: string; seg: Segment } | null = null;
  /** everything buildInvoice needs, collected as the segments go by */
  private readonly s: InvoiceState;

  constructor(
    private readonly profile: CarrierProfile,
    header: TransactionHeader,
    envelopeIssues: ParseIssue[],
    defaultCurrency = 'USD',
  ) {
    this.s = {
      profile,
      header,
      currency: null,
      defaultCurrency,
      issues: new IssueList(),
      charges: [],
      nodes: new Map(),
      big: null,
      headingRefs: new Map(),
      partyRefs: new Map(),
      headingDates: new Map(),
      parties: [],
      providerName: null,
      itdDue: null,
      itdDays: null,
      stated: emptyStated(),
      signedStated: new Set(),
    };
    for (const i of envelopeIssues) this.s.issues.add(i);
  }

  /**
   * Segment id → handler. Ids not listed (NTE, PER, N2-N4, FA1/FA2, MEA, MSG, TRF …) carry
   * nothing the canonical model keeps.
   */
  private readonly handlers: Record<string, (seg: Segment) => void> = {
    BIG: (seg) => {
      this.s.big = seg;
    },
    CUR: (seg) => {
      if (el(seg, 2)) this.s.currency = el(seg, 2).toUpperCase();
    },
    ITD: (seg) => {
      this.s.itdDue = toDate(el(seg, 6), seg, this.s.issues);
      this.s.itdDays = el(seg, 7) || null;
    },
    N1: (seg) => this.party(seg),
    HL: (seg) => this.hl(seg),
    LX: () => this.close(),
    III: () => this.close(),
    CTT: () => this.close(),
    TDS: (seg) => this.tds(seg),
    BAL: (seg) => this.bal(seg),
    IT1: (seg) => this.openLoop('IT1', seg),
    SLN: (seg) => this.openLoop('SLN', seg),
    USD: (seg) => this.openLoop('USD', seg),
    TCD: (seg) => this.openLoop('TCD', seg),
    ITA: (seg) => this.ita(seg),
    TXI: (seg) => this.txi(seg),
    AMT: (seg) => this.amt(seg),
    QTY: (seg) => this.qty(seg),
    SI: (seg) => this.si(seg),
    PID: (seg) => this.pid(seg),
    REF: (seg) => this.ref(seg),
    DTM: (seg) => this.dtm(seg),
    NM1: (seg) => {
      // The service provider's name (HL level 1) is the vendor name when no N1 gives one.
      if (!this.owner && this.node?.role === 'provider' && el(seg, 3)) this.s.providerName ??= el(seg, 3);
    },
  };

  add(seg: Segment): void {
    this.handlers[seg.id]?.(seg);
  }

  private party(seg: Segment): void {
    this.close();
    if (this.area === 'heading')
      this.s.parties.push({ entity: el(seg, 1), name: el(seg, 2), id: el(seg, 4) });
  }

  private hl(seg: Segment): void {
    this.close();
    this.area = 'detail';
    this.node = addNode(this.s.nodes, seg, this.profile, this.s.issues);
  }

  /** Closes the open loop: its line and sub-lines become charges. */
  private close(): void {
    const line = this.owner;
    this.owner = null;
    this.cursor = null;
    if (!line) return;
    const before = this.s.charges.length;
    if (line.type === 'IT1' && this.profile.slnIt1Duplicates) this.markDuplicate(line);
    finishLine(line, this.profile, this.s.issues, this.s.charges);
    this.lastClosed = { line, amount: this.s.charges[before]?.amount ?? null };
  }

  private markDuplicate(line: Line): void {
    const prev = this.lastClosed;
    if (prev?.line.type !== 'SLN' || prev.line.node !== line.node || prev.amount === null) return;
    const probe: ParsedCharge[] = [];
    finishLine({ ...line, subs: [] }, this.profile, new IssueList(), probe);
    const amount = probe[0]?.amount;
    if (amount !== undefined && compare(amount, prev.amount) === 0) {
      line.infoOnly = true;
      line.attributes.duplicateOf = `segment ${prev.line.seg.index}`;
    }
  }

  private openLoop(type: 'IT1' | 'SLN' | 'USD' | 'TCD', seg: Segment): void {
    this.close();
    const comp = this.s.header.separators.component;
    let line: Line;
    if (type === 'IT1') {
      line = it1Line(seg, this.node);
      this.lastIt1 = { node: this.node, id: el(seg, 1), seg };
    } else if (type === 'SLN') {
      line = slnLine(seg, this.node, comp);
      const parent = this.lastIt1;
      if (el(seg, 3) === 'I' && el(seg, 2) && parent?.node === this.node && parent.id === el(seg, 2)) {
        // "Included": the sub-line's price is already part of its IT1 parent.
        line.infoOnly = true;
        line.attributes.includedIn = `segment ${parent.seg.index}`;
      }
    } else if (type === 'USD') line = usdLine(seg, this.node, comp);
    else if (this.profile.callDetail === 'skip') return;
    else line = tcdLine(seg, this.node, this.profile);
    this.owner = line;
    this.cursor = line;
  }

  private ita(seg: Segment): void {
    const owner = this.owner;
    const inLoop =
      owner !== null &&
      (owner.type === 'IT1' || owner.type === 'SLN' || owner.type === 'USD' || owner.type === 'TCD');
    if (!inLoop) this.close();
    const line = itaLine(seg, this.node, this.profile);
    if (owner && inLoop) {
      owner.subs.push(line);
      // In an IT1 loop the ITA opens its own loop (ITA, DTM, TXI); in SLN/USD/TCD it is one segment.
      if (owner.type === 'IT1') this.cursor = line;
      return;
    }
    this.owner = line;
    this.cursor = line;
  }

  private txi(seg: Segment): void {
    const line = txiLine(seg, this.node, this.profile);
    const amount = line.amount;
    const ita = this.cursor?.type === 'ITA' ? this.cursor : null;
    if (ita && (amount === null || ita.amount === null || compare(ita.amount, amount) === 0)) {
      // A TXI inside an ITA loop that repeats (or supplies) the ITA's amount describes that ITA;
      // counting both would double the tax. A different amount is a separate tax on the item.
      ita.describedByTxi = true;
      ita.amount ??= amount;
      Object.assign(ita.attributes, line.attributes);
      return;
    }
    const holder = ita ?? this.owner;
    if (holder) {
      holder.subs.push(line);
      return;
    }
    if (this.area === 'heading' && this.profile.headingTxi === 'ignore') return;
    if (this.area !== 'detail') line.node = null;
    finishLine(line, this.profile, this.s.issues, this.s.charges);
  }

  private amt(seg: Segment): void {
    const q = el(seg, 1);
    let amount = num(seg, 2, 'R');
    if (amount === null) return;
    if (el(seg, 3) === 'C') amount = negate(amount);
    const owner = this.owner;
    if (owner) {
      const isLine = owner.type === 'IT1' || owner.type === 'SLN';
      if (isLine && owner.lineAmount === null && this.profile.lineAmountQualifiers.includes(q))
        owner.lineAmount = amount;
      else owner.attributes[`amt_${q}`] = amount;
      return;
    }
    const kind: ChargeKind | undefined = this.profile.amtChargeKinds[q];
    if (!kind) return; // an HL or summary AMT is a subtotal unless the profile says otherwise
    const line = newLine('AMT', seg, this.area === 'detail' ? this.node : null);
    line.amount = amount;
    line.kind = kind;
    finishLine(line, this.profile, this.s.issues, this.s.charges);
  }

  private qty(seg: Segment): void {
    const owner = this.owner;
    if (!owner) return;
    const quantity = num(seg, 2, 'R');
    const unit = firstComponent(el(seg, 3), this.s.header.separators.component) || null;
    if (owner.quantity === null && quantity !== null) {
      owner.quantity = quantity;
      owner.unit ??= unit;
    } else if (quantity !== null) {
      owner.attributes[`qty_${el(seg, 1)}`] = unit ? `${quantity} ${unit}` : quantity;
    }
  }

  private si(seg: Segment): void {
    const p = this.profile;
    const target = this.owner ?? this.node;
    if (!target) return;
    for (let n = 2; n + 1 < seg.elements.length; n += 2) {
      const q = el(seg, n);
      const value = el(seg, n + 1);
      if (!q || !value) continue;
      const serviceType = p.serviceSiQualifiers[q];
      if (serviceType) {
        target.serviceId ??= value;
        target.serviceType ??= serviceType;
      } else if (p.productSiQualifiers.includes(q)) target.productCode ??= value;
      else if (!this.owner && this.node && p.sectionSiQualifiers.includes(q)) {
        this.node.section = value;
        this.node.sectionKind = p.sectionKinds[value.toUpperCase()] ?? null;
      } else if (this.owner) this.owner.attributes[`si_${q}`] = value;
    }
  }

  private pid(seg: Segment): void {
    const text = el(seg, 5) || el(seg, 4);
    if (this.owner) this.owner.description = appendDescription(this.owner.description, text);
    else if (this.node) this.node.description = appendDescription(this.node.description, text);
  }

  private ref(seg: Segment): void {
    const q = el(seg, 1);
    const value = el(seg, 2);
    if (!q || !value) return;
    const p = this.profile;
    if (this.owner) {
      const type = p.serviceRefQualifiers[q];
      if (type && !this.owner.serviceId) {
        this.owner.serviceId = value;
        this.owner.serviceType = type;
      } else this.owner.attributes[`ref_${q}`] = value;
    } else if (this.area === 'heading') {
      const refs = this.s.parties.length > 0 ? this.s.partyRefs : this.s.headingRefs;
      if (!refs.has(q)) refs.set(q, value);
    } else if (this.area === 'detail' && this.node) {
      const type = p.serviceRefQualifiers[q];
      const rank = p.accountRefQualifiers.indexOf(q);
      if (rank !== -1) {
        if (rank < this.node.accountRank) {
          this.node.account = value;
          this.node.accountRank = rank;
        }
      } else if (type && !this.node.serviceId) {
        this.node.serviceId = value;
        this.node.serviceType = type;
      }
    }
  }

  private dtm(seg: Segment): void {
    const issues = this.s.issues;
    if (this.cursor) addDtm(this.cursor.dates, seg, issues);
    else if (this.area === 'heading') addDtm(this.s.headingDates, seg, issues);
    else if (this.area === 'detail' && this.node) addDtm(this.node.dates, seg, issues);
  }

  private tds(seg: Segment): void {
    this.close();
    this.area = 'summary';
    this.node = null;
    const total = num(seg, 1, 'N2');
    if (total !== null) this.setStated(this.profile.tdsField, total, seg, true);
  }

  private bal(seg: Segment): void {
    const amount = num(seg, 3, 'R');
    if (amount === null) return;
    const field = this.profile.balStated[`${el(seg, 1)}*${el(seg, 2)}`] ?? this.profile.balStated[el(seg, 2)];
    if (!field) {
      const msg = `BAL ${el(seg, 1)}/${el(seg, 2)} = ${amount} at segment ${seg.index} has no mapping in profile ${this.profile.name}`;
      this.s.issues.warn('unmapped_balance', msg, seg);
      return;
    }
    this.setStated(field, amount, seg, false);
  }

  private setStated(field: StatedField, value: string, seg: Segment, signed: boolean): void {
    const current = this.s.stated[field];
    if (current !== null) {
      if (compare(current, value) !== 0) {
        const msg = `${seg.id} at segment ${seg.index} states ${field} ${value}, already stated as ${current}; the first is kept`;
        this.s.issues.warn('conflicting_balance', msg, seg);
      }
      return;
    }
    this.s.stated[field] = value;
    if (signed) this.s.signedStated.add(field);
  }

  /** Closes the last loop and builds the invoice (SE reached). */
  finish(trailerIssues: ParseIssue[]): ParsedInvoice {
    this.close();
    for (const i of trailerIssues) this.s.issues.add(i);
    return buildInvoice(this.s);
  }
}
