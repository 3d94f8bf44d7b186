import { compact, monthEnd, monthStart } from './calendar.ts';
import { type Invoice, type Line, lineTotal, money, orderedLines, SECTIONS } from './model.ts';

/**
 * An EDI X12 811 (004010) interchange as the product's reader takes it (FORMATS.md §1.8, modelled
 * on bench/ingest/gen-811.ts): one ST per invoice; HL1 provider → HL2 billing account → HL3 line
 * (TN phone or CI circuit) → HL4 bill section → HL8 charge with SLN + PID, the carrier's surcharge
 * (ITA) and tax (TXI) inside the SLN loop; TDS is the total due, BAL the balances.
 */

const SENDER = 'NORTHSTAR';
const RECEIVER = 'TEMOPS';
const pad = (s: string, n: number) => s.padEnd(n, ' ');
/** X12 R amounts: explicit decimals. */
const r = (cents: number) => money(cents);

export function write811(invoices: Invoice[], control: number, day: string, reprint = false): string {
  const out: string[] = [];
  const seg = (...elements: (string | number)[]) => out.push(`${elements.join('*')}~`);
  const isaDate = compact(day).slice(2);
  const isaControl = String(control).padStart(9, '0');
  out.push(
    `ISA*00*${pad('', 10)}*00*${pad('', 10)}*ZZ*${pad(SENDER, 15)}*ZZ*${pad(RECEIVER, 15)}*${isaDate}*0900*U*00401*${isaControl}*0*P*>~`,
  );
  seg('GS', 'CI', SENDER, RECEIVER, compact(day), '0900', control, 'X', '004010');
  for (const [n, inv] of invoices.entries())
    transaction(inv, String(n + 1).padStart(4, '0'), seg, out, reprint);
  seg('GE', invoices.length, control);
  seg('IEA', 1, isaControl);
  return `${out.join('\n')}\n`;
}

function transaction(
  inv: Invoice,
  control: string,
  seg: (...e: (string | number)[]) => void,
  out: string[],
  reprint: boolean,
) {
  const start = out.length;
  const account = inv.account.row.accountNumber;
  const stated = inv.stated!;
  seg('ST', '811', control);
  seg('BIG', compact(reprint ? inv.copyDate! : inv.date), inv.number);
  seg('REF', '12', account);
  seg('ITD', '05', '3', '', '', '', compact(inv.due));
  seg('DTM', '186', compact(monthStart(inv.month)));
  seg('DTM', '187', compact(monthEnd(inv.month)));
  seg('N1', 'RE', inv.account.spec.vendor.name.toUpperCase(), '92', inv.account.spec.vendor.code);
  seg('HL', 1, '', 1, 1);
  seg('HL', 2, 1, 2, 1);
  seg('REF', '12', account);
  let hl = 3;
  let details = 0;
  const groups = new Map<string, Line[]>();
  for (const l of orderedLines(inv)) {
    if (l.identifier === null) throw new Error(`811 invoice ${inv.number}: a charge without a service`);
    groups.set(l.identifier, [...(groups.get(l.identifier) ?? []), l]);
  }
  for (const [identifier, lines] of groups) {
    const service = hl++;
    seg('HL', service, 2, 3, 1);
    const first = lines[0]!;
    seg(
      'SI',
      'TI',
      first.idKind === 'circuit' ? 'CI' : 'TN',
      first.idKind === 'circuit' ? identifier : identifier.slice(2),
    );
    for (const section of SECTIONS) {
      const inSection = lines.filter((l) => l.section === section);
      if (inSection.length === 0) continue;
      const group = hl++;
      seg('HL', group, service, 4, 1);
      seg('SI', 'TI', 'BS', section);
      for (const l of inSection) {
        seg('HL', hl++, group, 8, 0);
        details++;
        const rate = l.unitCents ?? l.cents;
        const quantity = l.unitCents === null ? 1 : l.quantity;
        if (rate * quantity !== l.cents)
          throw new Error(`811 line ${l.description}: ${quantity} × ${rate} ≠ ${l.cents}`);
        const relationship = l.infoOnly ? 'O' : 'A';
        seg('SLN', 1, '', relationship, quantity, l.unit, r(rate), ...(l.code ? ['', '', 'SV', l.code] : []));
        seg('PID', 'F', '', '', '', l.description.toUpperCase());
        if (l.period) {
          seg('DTM', '150', compact(l.period.start));
          seg('DTM', '151', compact(l.period.end));
        }
        for (const sub of l.subs) {
          if (sub.kind === 'surcharge_fee')
            seg(
              'ITA',
              'C',
              '',
              'FUSF',
              '06',
              '',
              '',
              sub.cents,
              '',
              '',
              '',
              '',
              '',
              'FEDERAL UNIVERSAL SERVICE FEE',
            );
          else seg('TXI', 'ST', r(sub.cents), '', 'SP', 'CO');
        }
      }
    }
  }
  if (inv.lines.reduce((n, l) => n + lineTotal(l), 0) + inv.statedDelta.current !== stated.current)
    throw new Error(`811 invoice ${inv.number}: stated current charges out of step with its lines`);
  seg('TDS', stated.totalDue);
  seg('BAL', 'M', 'PB', r(stated.previous));
  seg('BAL', 'M', 'TP', r(stated.payments));
  seg('BAL', 'M', 'SC', r(stated.current));
  seg('CTT', details);
  seg('SE', out.length - start + 1, control);
}
