import { formatNanos } from '../../../shared/money.ts';
import { paramNanos } from '../params.ts';
import type { AuditRule, Candidate } from '../rule.ts';
import { afterDisconnectRows, notInInventoryRows } from './inventory.queries.ts';

const month = (day: string | null) => day?.slice(0, 7) ?? null;

/** §4.3: paid but not in inventory. One finding per invoice and billed identifier. */
export const notInInventory: AuditRule = {
  code: 'not_in_inventory',
  name: 'Charge not in inventory',
  domainRule: 3,
  description:
    'A charge names a service identifier that is neither a service of the vendor in inventory nor an alias of one: the tenant pays for something it does not know it has.',
  subject: 'invoice',
  defaults: { enabled: true, severity: 'high', blocking: false, params: { minAmount: '0.01' } },
  params: [{ name: 'minAmount', label: 'Ignore identifiers billed less than', unit: 'money' }],
  async evaluate(env) {
    const rows = await notInInventoryRows(env.db, env.engine, env.tenantId, env.scope);
    const out: Candidate[] = [];
    for (const r of rows) {
      const billed = BigInt(r.billed_nanos);
      if (billed < paramNanos(env.settings(r.vendor_id), 'minAmount')) continue;
      out.push({
        key: `${r.invoice_id}:${r.identifier}`,
        summary: `${r.identifier} billed ${formatNanos(billed)} ${r.currency} on invoice ${r.invoice_number} but is not in inventory`,
        vendorId: r.vendor_id,
        accountId: r.billing_account_id,
        invoiceId: r.invoice_id,
        lineNo: Number(r.first_line),
        serviceIdentifier: r.identifier,
        period: month(r.period_start ?? r.invoice_date),
        currency: r.currency,
        billedNanos: billed,
        expectedNanos: 0n,
        varianceNanos: billed,
        evidence: {
          inventory: { identifier: r.identifier, found: false, aliasFound: false },
          invoice: { number: r.invoice_number, account: r.account_number, lines: Number(r.lines) },
        },
      });
    }
    return out;
  },
};

/** §4.5: billing after disconnect. One finding per invoice and disconnected service. */
export const billedAfterDisconnect: AuditRule = {
  code: 'billed_after_disconnect',
  name: 'Billed after disconnect',
  domainRule: 5,
  description:
    'A disconnected service is charged for a period that starts after its disconnect date. Everything billed for those periods is recoverable.',
  subject: 'invoice',
  defaults: { enabled: true, severity: 'critical', blocking: true, params: { minAmount: '0.01' } },
  params: [{ name: 'minAmount', label: 'Ignore amounts below', unit: 'money' }],
  async evaluate(env) {
    const rows = await afterDisconnectRows(env.db, env.engine, env.tenantId, env.scope);
    const out: Candidate[] = [];
    for (const r of rows) {
      const billed = BigInt(r.billed_nanos);
      if (billed < paramNanos(env.settings(r.vendor_id), 'minAmount')) continue;
      out.push({
        key: `${r.invoice_id}:${r.service_row_id}`,
        summary: `${r.identifier} was disconnected on ${r.disconnected_on} but invoice ${r.invoice_number} bills ${formatNanos(billed)} ${r.currency} for later periods`,
        vendorId: r.vendor_id,
        accountId: r.billing_account_id,
        invoiceId: r.invoice_id,
        serviceIdentifier: r.identifier,
        serviceId: r.service_row_id,
        costCenterId: r.cost_center_id,
        period: month(r.first_day),
        currency: r.currency,
        billedNanos: billed,
        expectedNanos: 0n,
        varianceNanos: billed,
        evidence: {
          inventory: {
            serviceId: r.service_row_id,
            identifier: r.identifier,
            disconnectedOn: r.disconnected_on,
          },
          charges: { from: r.first_day, lines: Number(r.lines) },
          invoice: { number: r.invoice_number, account: r.account_number },
        },
      });
    }
    return out;
  },
};

export const INVENTORY_RULES: AuditRule[] = [notInInventory, billedAfterDisconnect];
