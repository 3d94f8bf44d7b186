import { shiftDays } from './contracts.ts';
import type { Rng } from './random.ts';
import type { DemoReferenceData, DemoService } from './types.ts';

export interface DemoBill {
  name: string;
  /** YYYY-MM-DD; the demo imports each bill two days after this */
  invoiceDate: string;
  content: string;
}

const HEADER =
  'Vendor,Account Number,Sub Account,Invoice Number,Invoice Date,Due Date,Period Start,Period End,Service ID,Charge Kind,Description,Product Code,Quantity,Unit,Unit Rate,Amount,Currency,Cost Center,GL Code';
/** Carriers whose monthly bills the demo carries, in the TEMOps charge template. */
const BILLED_VENDORS = ['VZW', 'TMO', 'ATT', 'LUMN', 'BELL'];
const MONTHS = 3;

const cents = (decimal: string) => {
  const [whole, frac = ''] = decimal.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0').slice(0, 2));
};
const money = (c: number) =>
  `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;
const csv = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** First day of the month `back` months before today's month. */
function monthStart(today: string, back: number): string {
  const d = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - back);
  return d.toISOString().slice(0, 10);
}

/**
 * The last three monthly bills of each carrier account, charge by charge, as a carrier portal
 * would export them: a recurring charge per billed line, some usage, taxes, and a few numbers the
 * inventory does not know (they appear as discovered services).
 */
export function buildBills(
  rng: Rng,
  ref: DemoReferenceData,
  services: DemoService[],
  today: string,
): DemoBill[] {
  const vendorName = new Map(ref.vendors.map((v) => [v.code, v.name]));
  const bills: DemoBill[] = [];
  for (const account of ref.billingAccounts.filter((a) => BILLED_VENDORS.includes(a.vendorCode))) {
    const lines = services.filter(
      (s) => s.accountNumber === account.accountNumber && s.vendorCode === account.vendorCode,
    );
    const unknown = Array.from({ length: rng.int(2, 6) }, () => ({
      identifier: `+1${rng.pick(['312', '773', '414'])}${rng.int(200, 989)}${rng.digits(4)}`,
      price: '29.99',
    }));
    for (let back = MONTHS; back >= 1; back--) {
      const start = monthStart(today, back);
      const end = shiftDays(monthStart(today, back - 1), -1);
      const invoiceDate = shiftDays(end, 5);
      const number = `${account.vendorCode}-${account.accountNumber.replace(/\W/g, '').slice(-6)}-${start.slice(0, 7).replace('-', '')}`;
      const rows: string[] = [HEADER];
      let taxable = 0;
      const add = (serviceId: string, kind: string, description: string, code: string, amount: number) => {
        taxable += kind === 'tax' ? 0 : amount;
        rows.push(
          [
            vendorName.get(account.vendorCode)!,
            account.accountNumber,
            '',
            number,
            invoiceDate,
            shiftDays(invoiceDate, 30),
            start,
            end,
            serviceId,
            kind,
            description,
            code,
            '1',
            'each',
            '',
            money(amount),
            account.currency,
            '',
            '',
          ]
            .map(csv)
            .join(','),
        );
      };
      for (const s of lines) {
        const billed =
          s.state === 'active' ||
          s.state === 'suspended' ||
          s.state === 'disconnect_requested' ||
          (s.state === 'disconnected' && s.disconnectedOn !== null && s.disconnectedOn >= start);
        if (!billed || !s.expectedMonthly || (s.activatedOn !== null && s.activatedOn > end)) continue;
        add(
          s.identifier,
          'recurring',
          s.description ?? 'Monthly service',
          s.rateItemCode ?? '',
          cents(s.expectedMonthly),
        );
        if (s.serviceType === 'wireless' && rng.chance(0.04))
          add(s.identifier, 'usage', 'TravelPass international day', '', 1000 * rng.int(1, 6));
      }
      for (const u of unknown) add(u.identifier, 'recurring', 'Monthly service', '', cents(u.price));
      add('', 'tax', 'Taxes, governmental surcharges and fees', '', Math.floor((taxable * 7 + 50) / 100));
      bills.push({ name: `${number}.csv`, invoiceDate, content: `${rows.join('\n')}\n` });
    }
  }
  return bills;
}
