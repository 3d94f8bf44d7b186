import type { AuditRule } from '../rule.ts';
import { balanceRollforward, controlTotal } from './balances.ts';
import { duplicateCharge, duplicateInvoice } from './duplicates.ts';
import { lateFee, taxOutOfRange } from './fees-taxes.ts';
import { missingInvoice } from './missing-invoice.ts';
import { varianceAccount, varianceService } from './variance.ts';

/** Rules about the invoices themselves: totals, duplicates, fees, taxes, trends and gaps. */
export const INVOICE_RULES: AuditRule[] = [
  controlTotal,
  balanceRollforward,
  duplicateInvoice,
  duplicateCharge,
  varianceAccount,
  varianceService,
  lateFee,
  taxOutOfRange,
  missingInvoice,
];
