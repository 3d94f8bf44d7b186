import { formatNanos } from '../../../shared/money.ts';
import { paramNanos } from '../params.ts';
import type { AuditRule, Candidate, RuleEnv } from '../rule.ts';
import { billedForNobody } from './service.queries.ts';

/** §4.14: billing for nobody — the service's owner has left, or its site has closed. */

const month = (day: string) => (day === '' ? null : day.slice(0, 7));

async function nobodyCandidates(env: RuleEnv, party: 'owner' | 'location'): Promise<Candidate[]> {
  const rows = await billedForNobody(env.db, env.engine, env.tenantId, env.scope.accountIds, party);
  const out: Candidate[] = [];
  for (const r of rows) {
    const billed = BigInt(r.billed_nanos);
    if (billed < paramNanos(env.settings(r.vendor_id), 'minAmount')) continue;
    const why =
      party === 'owner'
        ? `its owner ${r.party_label} left on ${r.party_date}`
        : `its location ${r.party_label} closed on ${r.party_date}`;
    out.push({
      key: r.service_row_id,
      summary: `${r.identifier} is billed ${formatNanos(billed)} ${r.currency} on invoice ${r.invoice_number} but ${why}`,
      vendorId: r.vendor_id,
      accountId: r.billing_account_id,
      invoiceId: r.invoice_id,
      serviceIdentifier: r.identifier,
      serviceId: r.service_row_id,
      costCenterId: r.cost_center_id,
      period: month(r.period_day),
      currency: r.currency,
      billedNanos: billed,
      expectedNanos: 0n,
      varianceNanos: billed,
      evidence: {
        inventory: { serviceId: r.service_row_id, identifier: r.identifier },
        ...(party === 'owner'
          ? { owner: { id: r.party_id, name: r.party_label, leaverDate: r.party_date } }
          : { location: { id: r.party_id, code: r.party_label, closedOn: r.party_date } }),
        invoice: {
          number: r.invoice_number,
          account: r.account_number,
          periodStart: r.period_day,
          charges: formatNanos(billed),
          lines: Number(r.lines),
        },
      },
    });
  }
  return out;
}

const minAmount = { name: 'minAmount', label: 'Ignore services billed less than', unit: 'money' } as const;

export const ownerLeft: AuditRule = {
  code: 'owner_left',
  name: 'Service of a leaver',
  domainRule: 14,
  description:
    "A service is billed on its account's latest invoice (non-superseded, credit notes left out) and its owner's leaver date is on or before that invoice's period start (invoice date when there is none). Billed and variance: the service's payable charges on that invoice; services billed less than `minAmount` in total are left out.",
  subject: 'account',
  defaults: { enabled: true, severity: 'medium', blocking: false, params: { minAmount: '0.01' } },
  params: [minAmount],
  evaluate: (env) => nobodyCandidates(env, 'owner'),
};

export const siteClosed: AuditRule = {
  code: 'site_closed',
  name: 'Service at a closed site',
  domainRule: 14,
  description:
    "A service is billed on its account's latest invoice (non-superseded, credit notes left out) and its location is closed with a closing date on or before that invoice's period start (invoice date when there is none); a closed location without a date is not flagged. Billed and variance: the service's payable charges on that invoice; services billed less than `minAmount` in total are left out.",
  subject: 'account',
  defaults: { enabled: true, severity: 'medium', blocking: false, params: { minAmount: '0.01' } },
  params: [minAmount],
  evaluate: (env) => nobodyCandidates(env, 'location'),
};
