import { bufferSource } from '@temops/formats';
import { createContract, setContractAccounts } from '../modules/contracts/contracts.service.ts';
import { createRateItem } from '../modules/contracts/rate-items.service.ts';
import { takeDataQualitySnapshot } from '../modules/data-quality/index.ts';
import type { FileStore } from '../modules/imports/file-store.ts';
import { importFile } from '../modules/imports/import.service.ts';
import { importServices } from '../modules/inventory/import.service.ts';
import type { Ctx } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import type { DemoInventory } from './generate.ts';

const csvCell = (v: string | null) => (v === null ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The demo inventory as a file in the product's own inventory columns, imported like any user's. */
function inventoryCsv(inv: DemoInventory): string {
  const header = [
    'type',
    'identifier',
    'vendor',
    'billing_account',
    'description',
    'owner',
    'cost_center',
    'location',
    'contract',
    'rate_item',
    'expected_monthly',
    'state',
    'activated_on',
    'disconnected_on',
    'tags',
    'last_reviewed_on',
  ];
  const rows = inv.services.map((s) =>
    [
      s.serviceType,
      s.identifier,
      s.vendorCode,
      s.accountNumber,
      s.description,
      s.ownerEmployeeId,
      s.costCenterCode,
      s.locationCode,
      s.contractNumber,
      s.rateItemCode,
      s.expectedMonthly,
      s.state,
      s.activatedOn,
      s.disconnectedOn,
      s.tags.join(';'),
      s.lastReviewedOn,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[header.join(','), ...rows].join('\n')}\n`;
}

/**
 * Contracts with their rate items, the inventory, three months of carrier bills and today's
 * data-quality scores, each through the service a user's action would call, so the demo is
 * audited and validated like real data. Any refusal aborts the whole demo load.
 */
export async function loadDemoInventory(
  ctx: Ctx,
  inv: DemoInventory,
  ids: { vendor: (code: string) => string; account: (vendorCode: string, number: string) => string },
  files: FileStore,
) {
  for (const c of inv.contracts) {
    const { vendorCode, accountNumbers, rateItems, ...terms } = c;
    const contract = await createContract(ctx, { ...terms, vendorId: ids.vendor(vendorCode) });
    await setContractAccounts(
      ctx,
      contract.id,
      accountNumbers.map((n) => ids.account(vendorCode, n)),
    );
    for (const item of rateItems) await createRateItem(ctx, contract.id, { ...item, currency: c.currency });
  }

  const report = await importServices(ctx, {
    file: 'demo-inventory.csv',
    content: Buffer.from(inventoryCsv(inv)),
    dryRun: false,
  });
  if (!report.applied) {
    const errors = report.lines.flatMap((l) => l.errors);
    throw new AppError('validation_failed', `demo inventory refused: ${errors.slice(0, 5).join('; ')}`);
  }

  for (const bill of inv.bills) {
    const result = await importFile(ctx, files, {
      source: bufferSource(bill.name, bill.content),
    });
    if (result.status !== 'imported')
      throw new AppError(
        'validation_failed',
        `demo bill ${bill.name} ${result.status}: ${result.error?.message}`,
      );
  }
  await takeDataQualitySnapshot(ctx);
}
