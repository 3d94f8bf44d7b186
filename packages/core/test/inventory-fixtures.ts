import { createEntity } from '../src/modules/reference/reference.service.ts';
import { entityByPlural } from '../src/modules/reference/registry.ts';
import type { Ctx } from '../src/shared/context.ts';
import { newId } from '../src/shared/ids.ts';
import { parseDecimal } from '../src/shared/money.ts';
import { insertInvoice } from './data-quality-fixtures.ts';

const entity = (plural: string) => entityByPlural(plural)!;

/** Two vendors, an account each, a person, cost center, location and a contract with a rate item. */
export async function seedInventoryRefs(ctx: Ctx, tag = '') {
  const vendor = await createEntity(ctx, entity('vendors'), { code: `ACME${tag}`, name: `Acme ${tag}` });
  const other = await createEntity(ctx, entity('vendors'), { code: `BETA${tag}`, name: `Beta ${tag}` });
  const account = await createEntity(ctx, entity('billing-accounts'), {
    vendorId: vendor.id,
    accountNumber: `A-100${tag}`,
    currency: 'USD',
  });
  const otherAccount = await createEntity(ctx, entity('billing-accounts'), {
    vendorId: other.id,
    accountNumber: `B-200${tag}`,
    currency: 'EUR',
  });
  const costCenter = await createEntity(ctx, entity('cost-centers'), { code: `CC1${tag}`, name: 'Sales' });
  const location = await createEntity(ctx, entity('locations'), { code: `HQ${tag}`, name: 'Head office' });
  const person = await createEntity(ctx, entity('people'), {
    employeeId: `E1${tag}`,
    name: `Ana Diaz${tag}`,
  });
  const person2 = await createEntity(ctx, entity('people'), {
    employeeId: `E2${tag}`,
    name: `Bo Chen${tag}`,
  });
  const now = '2026-01-01T00:00:00.000Z';
  const contractId = newId();
  await ctx.db
    .insertInto('contracts')
    .values({
      id: contractId,
      tenant_id: ctx.tenantId,
      vendor_id: vendor.id as string,
      contract_number: `K-1${tag}`,
      name: 'Wireless master agreement',
      term_start: '2025-01-01',
      term_end: null,
      auto_renew: 0,
      renewal_months: null,
      notice_days: 30,
      currency: 'USD',
      commitment_kind: 'none',
      commitment_period: null,
      commitment_nanos: null,
      commitment_volume: null,
      status: 'active',
      notes: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const rateItemId = newId();
  await ctx.db
    .insertInto('rate_items')
    .values({
      id: rateItemId,
      tenant_id: ctx.tenantId,
      contract_id: contractId,
      name: 'Unlimited plan',
      code: 'UNL',
      description_pattern: null,
      charge_kind: 'recurring',
      unit: null,
      unit_rate_nanos: null,
      mrc_nanos: parseDecimal('40').nanos,
      nrc_nanos: null,
      discount_ppm: null,
      effective_from: null,
      effective_to: null,
      currency: 'USD',
      created_at: now,
      updated_at: now,
    })
    .execute();
  return {
    vendor: vendor.id as string,
    other: other.id as string,
    account: account.id as string,
    otherAccount: otherAccount.id as string,
    costCenter: costCenter.id as string,
    location: location.id as string,
    person: person.id as string,
    person2: person2.id as string,
    contract: contractId,
    rateItem: rateItemId,
  };
}

/** An imported invoice of one month with phone-line charges, written straight to the tables a bill import fills. */
export function insertBill(
  ctx: Ctx,
  bill: {
    vendorId: string;
    accountId: string;
    number: string;
    periodStart: string;
    charges: { serviceId: string; amount: string }[];
  },
) {
  return insertInvoice(ctx, {
    vendorId: bill.vendorId,
    accountId: bill.accountId,
    number: bill.number,
    date: bill.periodStart,
    periodStart: bill.periodStart,
    lines: bill.charges.map((c) => ({
      serviceId: c.serviceId,
      serviceType: 'phone',
      amountNanos: parseDecimal(c.amount).nanos,
    })),
  });
}
