import { bufferSource } from '@temops/formats';
import { createContract, setContractAccounts } from '../modules/contracts/contracts.service.ts';
import { createRateItem } from '../modules/contracts/rate-items.service.ts';
import { takeDataQualitySnapshot } from '../modules/data-quality/index.ts';
import type { FileStore } from '../modules/imports/file-store.ts';
import { importFile } from '../modules/imports/import.service.ts';
import { importServices } from '../modules/inventory/import.service.ts';
import { isoNow } from '../shared/clock.ts';
import type { Ctx } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import type { DemoInventory } from './generate.ts';
import { CLEANUP_WAVES, HISTORY_DAYS } from './services.ts';

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

const csvCell = (v: string | null) => (v === null ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = (header: string[], rows: (string | null)[][]) =>
  Buffer.from(`${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`);

/** The inventory as first loaded: lines the steward cleans up later have no owner, cost center or review yet. */
function inventoryFile(inv: DemoInventory): Buffer {
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
  return csv(
    header,
    inv.services.map((s) => {
      const gap = s.gapClosedDaysAgo !== null;
      return [
        s.serviceType,
        s.identifier,
        s.vendorCode,
        s.accountNumber,
        s.description,
        gap ? null : s.ownerEmployeeId,
        gap ? null : s.costCenterCode,
        s.locationCode,
        s.contractNumber,
        s.rateItemCode,
        s.expectedMonthly,
        s.state,
        s.activatedOn,
        s.disconnectedOn,
        s.tags.join(';'),
        gap ? null : s.lastReviewedOn,
      ];
    }),
  );
}

/** One week's clean-up, as the steward would upload it: owners and cost centers confirmed by attestation. */
function cleanupFile(inv: DemoInventory, daysAgo: number, day: string): Buffer {
  return csv(
    ['type', 'identifier', 'vendor', 'owner', 'cost_center', 'last_reviewed_on', 'review_evidence'],
    inv.services
      .filter((s) => s.gapClosedDaysAgo === daysAgo)
      .map((s) => [
        s.serviceType,
        s.identifier,
        s.vendorCode,
        s.ownerEmployeeId,
        s.costCenterCode,
        day,
        'Owner attestation, weekly line review',
      ]),
  );
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
  const today = isoNow(ctx.clock).slice(0, 10);
  const at = (daysAgo: number): Ctx => ({
    ...ctx,
    clock: { now: () => new Date(ctx.clock.now().getTime() - daysAgo * DAY_MS) },
  });
  const first = at(HISTORY_DAYS);

  for (const c of inv.contracts) {
    const { vendorCode, accountNumbers, rateItems, ...terms } = c;
    const contract = await createContract(first, { ...terms, vendorId: ids.vendor(vendorCode) });
    await setContractAccounts(
      first,
      contract.id,
      accountNumbers.map((n) => ids.account(vendorCode, n)),
    );
    for (const item of rateItems) await createRateItem(first, contract.id, { ...item, currency: c.currency });
  }
  await importInventory(first, 'demo-inventory.csv', inventoryFile(inv));

  // Four weeks of history, oldest first: bills arrive two days after their invoice date, the
  // steward's clean-up lands weekly, and each week ends with a data-quality snapshot.
  const events = [
    ...inv.bills.map((bill) => ({
      daysAgo: Math.min(HISTORY_DAYS, -daysBetween(today, bill.invoiceDate) - 2),
      bill,
    })),
    ...CLEANUP_WAVES.map((daysAgo) => ({ daysAgo, bill: null })),
  ].sort((a, b) => b.daysAgo - a.daysAgo || (a.bill ? 0 : 1) - (b.bill ? 0 : 1));
  await takeDataQualitySnapshot(first);
  for (const e of events) {
    const when = at(e.daysAgo);
    if (e.bill) {
      const result = await importFile(when, files, { source: bufferSource(e.bill.name, e.bill.content) });
      if (result.status !== 'imported')
        throw new AppError(
          'validation_failed',
          `demo bill ${e.bill.name} ${result.status}: ${result.error?.message}`,
        );
    } else {
      const day = isoNow(when.clock).slice(0, 10);
      await importInventory(when, `steward-cleanup-${day}.csv`, cleanupFile(inv, e.daysAgo, day));
      await takeDataQualitySnapshot(when);
    }
  }
}

async function importInventory(ctx: Ctx, file: string, content: Buffer) {
  const report = await importServices(ctx, { file, content, dryRun: false });
  if (!report.applied) {
    const errors = report.lines.flatMap((l) => l.errors);
    throw new AppError('validation_failed', `demo inventory refused: ${errors.slice(0, 5).join('; ')}`);
  }
}
