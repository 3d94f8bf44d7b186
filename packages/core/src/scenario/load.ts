import { billingAccountEntity } from '../modules/billing-accounts/billing-account.entity.ts';
import { createContract, setContractAccounts } from '../modules/contracts/contracts.service.ts';
import { createRateItem } from '../modules/contracts/rate-items.service.ts';
import { costCenterEntity } from '../modules/cost-centers/cost-center.entity.ts';
import { importServices } from '../modules/inventory/import.service.ts';
import { locationEntity } from '../modules/locations/location.entity.ts';
import { personEntity } from '../modules/people/person.entity.ts';
import type { EntitySpec } from '../modules/reference/entity.ts';
import { createEntity } from '../modules/reference/reference.service.ts';
import { vendorEntity } from '../modules/vendors/vendor.entity.ts';
import type { Ctx } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import type { Scenario } from './types.ts';

/**
 * Loads a scenario's reference data, contracts and inventory into a tenant through the services a
 * user's actions call (as demo/load-inventory.ts does), so everything is validated like real data.
 */
export async function loadScenario(ctx: Ctx, s: Scenario): Promise<void> {
  const ids = new Map<string, string>();
  const add = async (e: EntitySpec, key: string, input: Record<string, unknown>) => {
    const row = await createEntity(ctx, e, input);
    ids.set(`${e.name}:${key}`, row.id);
  };
  const ref = (entity: string, key: string | null) => (key ? (ids.get(`${entity}:${key}`) ?? null) : null);

  for (const v of s.vendors) await add(vendorEntity, v.code, { ...v });
  for (const a of s.accounts) {
    const { vendorCode, parentAccountNumber: _parent, ...rest } = a;
    await add(billingAccountEntity, `${vendorCode}/${a.accountNumber}`, {
      ...rest,
      vendorId: ref('vendor', vendorCode),
    });
  }
  for (const c of s.costCenters)
    await add(costCenterEntity, c.code, {
      code: c.code,
      name: c.name,
      parentId: ref('cost_center', c.parentCode),
    });
  for (const l of s.locations) await add(locationEntity, l.code, { ...l });
  for (const p of s.people) {
    const { costCenterCode, managerEmployeeId: _manager, locationCode, ...rest } = p;
    await add(personEntity, p.employeeId, {
      ...rest,
      costCenterId: ref('cost_center', costCenterCode),
      locationId: ref('location', locationCode),
    });
  }

  for (const c of s.contracts) {
    const { vendorCode, accountNumbers, rateItems, ...terms } = c;
    const contract = await createContract(ctx, { ...terms, vendorId: ref('vendor', vendorCode) });
    if (accountNumbers.length > 0)
      await setContractAccounts(
        ctx,
        contract.id,
        accountNumbers.map((n) => ref('billing_account', `${vendorCode}/${n}`)),
      );
    for (const item of rateItems) await createRateItem(ctx, contract.id, { ...item, currency: c.currency });
  }

  const report = await importServices(ctx, {
    file: 'scenario-inventory.csv',
    content: inventoryCsv(s),
    dryRun: false,
  });
  if (!report.applied) {
    const errors = report.lines.flatMap((l) => l.errors.map((e) => `line ${l.line}: ${e}`));
    throw new AppError('validation_failed', `scenario inventory refused: ${errors.slice(0, 5).join('; ')}`);
  }
}

const cell = (v: string | null) => (v === null ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function inventoryCsv(s: Scenario): Buffer {
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
    'ordered_on',
    'activated_on',
    'suspended_on',
    'disconnected_on',
  ];
  const rows = s.services.map((x) => [
    x.serviceType,
    x.identifier,
    x.vendorCode,
    x.accountNumber,
    x.description,
    x.ownerEmployeeId,
    x.costCenterCode,
    x.locationCode,
    x.contractNumber,
    x.rateItemCode,
    x.expectedMonthly,
    x.state,
    x.orderedOn,
    x.activatedOn,
    x.suspendedOn,
    x.disconnectedOn,
  ]);
  return Buffer.from(`${[header, ...rows].map((r) => r.map(cell).join(',')).join('\n')}\n`);
}
