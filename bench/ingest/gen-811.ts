/**
 * Writes a synthetic EDI X12 811 (004010) interchange with exactly `charges` payable charges,
 * shaped like FORMATS.md §1.8: one ST per billing account and bill cycle, HL1 provider → HL2
 * billing arrangement → HL3 line (phone) → HL4 group → HL8 charge detail with SLN + PID, and in
 * the SLN loop ITA surcharges (N2), TXI taxes and occasional ITA*A credits.
 *
 * How the product counts (packages/formats/src/x12/assembler.ts, lines.ts): every SLN is one
 * charge; an ITA or TXI inside an SLN loop is a sub-line and one more charge each (a TXI there is
 * not folded into a preceding ITA, which only happens in IT1 loops). The generator spends exactly
 * one charge slot per SLN/ITA/TXI, so the count is exact, and TDS01 is the sum of all of them in
 * cents, so the control total matches with no warning.
 */

import { int, pick, rng } from './rng.ts';
import { ChunkWriter } from './writer.ts';

export interface Generated {
  file: string;
  charges: number;
  invoices: number;
  /** exact sum of every charge amount, in nano-units (what the product stores) */
  totalNanos: bigint;
  bytes: number;
  segments: number;
}

export const CHARGES_PER_INVOICE = 500;
const VENDOR = 'BENCHMARK TELECOM INC';
const PLANS: readonly [string, number, string][] = [
  ['BUSINESS LINE MONTHLY SERVICE', 3999, '1FB'],
  ['UNLIMITED TALK AND TEXT PLAN', 4500, 'UTT'],
  ['DATA PLAN 10GB', 3000, 'D10'],
  ['CALLER ID WITH NAME', 799, 'NSD'],
  ['VOICE MAIL BOX', 650, 'VMB'],
  ['HUNTING FEATURE', 1250, 'HTG'],
  ['LONG DISTANCE PACKAGE', 1999, 'LDP'],
  ['DEVICE PROTECTION', 1100, 'DPP'],
];
const STATES = ['CA', 'TX', 'NY', 'FL', 'IL', 'WA', 'GA', 'OH'];

/** Cents as an X12 R amount with two decimals ("12.34", "-0.05"). */
const r2 = (cents: number) =>
  `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

export async function generate811(file: string, charges: number, seed = 811): Promise<Generated> {
  const rand = rng(seed);
  const w = new ChunkWriter(file);
  const invoices = Math.ceil(charges / CHARGES_PER_INVOICE);
  // two bill cycles per account: each account appears in two transaction sets
  const accounts = Math.max(1, Math.ceil(invoices / 2));
  let segments = 0;
  let inSet = 0;
  const seg = (...elements: (string | number)[]) => {
    w.push(`${elements.join('*')}~\n`);
    segments++;
    inSet++;
  };
  w.push(
    'ISA*00*          *00*          *ZZ*BENCHTELCO     *ZZ*TEMOPSBENCH    *240901*1200*U*00401*000000001*0*P*>~\n',
  );
  segments++;
  seg('GS', 'CI', 'BENCHTELCO', 'TEMOPSBENCH', '20240901', '1200', '1', 'X', '004010');
  let total = 0n;
  let left = charges;
  for (let n = 0; n < invoices; n++) {
    const cycle = n < accounts ? 0 : 1;
    const account = `8${String(100000000 + (n % accounts) * 7919).padStart(11, '0')}`;
    const [month, end, due] = cycle === 0 ? ['08', '31', '20240925'] : ['09', '30', '20241025'];
    const control = String(n + 1).padStart(4, '0');
    inSet = 0;
    seg('ST', '811', control);
    seg('BIG', `2024${month}${end}`, `INV-${account}-2024${month}`);
    seg('REF', '12', account);
    seg('ITD', '05', '3', '', '', '', due, '25');
    seg('DTM', '186', `2024${month}01`);
    seg('DTM', '187', `2024${month}${end}`);
    seg('N1', 'RE', VENDOR);
    seg('HL', 1, '', 1, 1);
    seg('HL', 2, 1, 2, 1);
    seg('REF', '12', account);
    let hl = 3;
    let details = 0;
    let cents = 0;
    let slots = Math.min(left, CHARGES_PER_INVOICE);
    left -= slots;
    while (slots > 0) {
      const phone = hl++;
      seg('HL', phone, 2, 3, 1);
      seg('SI', 'TI', 'TN', String(2000000000 + Math.floor(rand() * 7999999999)));
      const group = hl++;
      seg('HL', group, phone, 4, 1);
      seg('SI', 'TI', 'BS', 'MRC');
      for (let lines = int(rand, 2, 6); lines > 0 && slots > 0; lines--) {
        seg('HL', hl++, group, 8, 0);
        details++;
        const [desc, price, usoc] = pick(rand, PLANS);
        const qty = rand() < 0.1 ? 2 : 1;
        seg('SLN', 1, '', 'A', qty, 'EA', r2(price), '', '', 'SV', usoc);
        seg('PID', 'F', '', '', '', desc);
        cents += qty * price;
        slots--;
        if (slots > 0 && rand() < 0.35) {
          const fee = int(rand, 25, 450);
          seg('ITA', 'C', '', 'FUSF', '06', '', '', fee, '', '', '', '', '', 'FEDERAL UNIVERSAL SERVICE FEE');
          cents += fee;
          slots--;
        }
        if (slots > 0 && rand() < 0.5) {
          const tax = Math.round((qty * price * int(rand, 200, 900)) / 10000);
          seg('TXI', 'ST', r2(tax), '', 'SP', pick(rand, STATES));
          cents += tax;
          slots--;
        }
        if (slots > 0 && rand() < 0.03) {
          const credit = int(rand, 100, 2000);
          seg('ITA', 'A', '', '', '04', '', '', credit, '', '', '', '', '', 'SERVICE OUTAGE CREDIT');
          cents -= credit;
          slots--;
        }
      }
    }
    seg('TDS', cents);
    seg('CTT', details);
    seg('SE', inSet + 1, control);
    total += BigInt(cents);
    await w.maybeFlush();
  }
  seg('GE', invoices, '1');
  seg('IEA', 1, '000000001');
  await w.close();
  return { file, charges, invoices, totalNanos: total * 10_000_000n, bytes: w.bytes, segments };
}
