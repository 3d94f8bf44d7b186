import { monthEnd, monthStart } from './calendar.ts';
import { type Invoice, money, orderedLines } from './model.ts';

/** Bills in the TEMOps charge template (the same columns the demo's carrier bills use). */

const HEADER =
  'Vendor,Account Number,Sub Account,Invoice Number,Invoice Date,Due Date,Period Start,Period End,Service ID,Charge Kind,Description,Product Code,Quantity,Unit,Unit Rate,Amount,Currency,Cost Center,GL Code';
const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** One file with every invoice given; `reprint` writes each with the date of its copy. */
export function writeCsv(invoices: Invoice[], reprint = false): string {
  const rows = [HEADER];
  for (const inv of invoices) {
    const date = reprint ? inv.copyDate! : inv.date;
    for (const l of orderedLines(inv)) {
      rows.push(
        [
          inv.account.spec.vendor.name,
          inv.account.row.accountNumber,
          '',
          inv.number,
          date,
          inv.due,
          l.period?.start ?? monthStart(inv.month),
          l.period?.end ?? monthEnd(inv.month),
          l.identifier ?? '',
          l.kind,
          l.description,
          l.code ?? '',
          String(l.quantity),
          l.unit,
          l.unitCents === null ? '' : money(l.unitCents),
          // an empty amount is how the template marks a memo (information-only) line
          l.infoOnly ? '' : money(l.cents),
          'USD',
          '',
          '',
        ]
          .map(cell)
          .join(','),
      );
    }
  }
  return `${rows.join('\n')}\n`;
}
