import { formatNanos } from '../../../shared/money.ts';
import { contractAccountRows, spendByDate } from '../../contracts/contracts.queries.ts';
import { addDays, daysBetween } from '../../contracts/dates.ts';
import {
  commitmentPeriod,
  elapsedDays,
  noticeDeadline,
  periodDays,
  projectSpend,
  type Terms,
} from '../../contracts/terms.ts';
import { paramInt } from '../params.ts';
import type { AuditRule, Candidate } from '../rule.ts';
import { contractsInScope, servicesOnContracts, type TermsContractRow } from './contract.queries.ts';

const termsOf = (c: TermsContractRow): Terms => ({
  termStart: c.term_start,
  termEnd: c.term_end,
  autoRenew: c.auto_renew === 1,
  renewalMonths: c.renewal_months,
  noticeDays: c.notice_days,
  status: c.status,
});

// As terms.ts decides it: only an auto-renewing contract with a renewal length rolls over.
const renews = (c: TermsContractRow) => c.auto_renew === 1 && (c.renewal_months ?? 0) > 0;

function vendorFinding(c: TermsContractRow) {
  return {
    vendorId: c.vendor_id,
    accountId: null,
    invoiceId: null,
    contractId: c.id,
    currency: c.currency,
  };
}

/** §4.15: a contract about to lapse, or lapsed while services are still priced by it. */
export const contractExpiry: AuditRule = {
  code: 'contract_expiry',
  name: 'Contract expiring',
  domainRule: 15,
  description:
    'An active contract that does not auto-renew has a notice deadline (term end − notice days) at most `days` away, or already passed while the term has not yet ended (it is about to lapse either way); or its term has ended while services not disconnected still point at its rate items. One finding per contract and term end: a new term end is a new finding, and the old one closes.',
  subject: 'vendor',
  defaults: { enabled: true, severity: 'low', blocking: false, params: { days: '90' } },
  params: [{ name: 'days', label: 'Notice deadline within days', unit: 'days' }],
  async evaluate(env) {
    const [contracts, inUse] = await Promise.all([
      contractsInScope(env.db, env.engine, env.tenantId, env.scope),
      servicesOnContracts(env.db, env.engine, env.tenantId, env.scope),
    ]);
    const services = new Map(inUse.map((r) => [r.contract_id, Number(r.services)]));
    const out: Candidate[] = [];
    for (const c of contracts) {
      if (c.status !== 'active' || c.term_end === null || renews(c)) continue;
      const days = paramInt(env.settings(c.vendor_id), 'days');
      const deadline = noticeDeadline(termsOf(c), env.today)!;
      const priced = services.get(c.id) ?? 0;
      const ended = c.term_end < env.today;
      if (ended ? priced === 0 : deadline > addDays(env.today, days)) continue;
      const state = ended ? 'expired_in_use' : deadline < env.today ? 'notice_passed' : 'notice_due';
      const summary =
        state === 'expired_in_use'
          ? `Contract ${c.contract_number} ended on ${c.term_end}, but ${priced} service(s) are still priced by its rate items`
          : state === 'notice_passed'
            ? `Contract ${c.contract_number} ends on ${c.term_end}; its notice deadline ${deadline} has passed`
            : `Contract ${c.contract_number} ends on ${c.term_end}; notice must be given by ${deadline} (${daysBetween(env.today, deadline)} days)`;
      out.push({
        ...vendorFinding(c),
        key: `${c.id}:${c.term_end}`,
        summary,
        period: c.term_end.slice(0, 7),
        billedNanos: 0n,
        expectedNanos: 0n,
        varianceNanos: 0n,
        evidence: {
          state,
          contract: { id: c.id, number: c.contract_number, name: c.name },
          termStart: c.term_start,
          termEnd: c.term_end,
          noticeDays: c.notice_days,
          noticeDeadline: deadline,
          daysToNoticeDeadline: daysBetween(env.today, deadline),
          daysToTermEnd: daysBetween(env.today, c.term_end),
          servicesOnRateItems: priced,
          windowDays: days,
        },
      });
    }
    return out;
  },
};

/** §4.15: spend running below a contract's minimum commitment. */
export const commitmentShortfall: AuditRule = {
  code: 'commitment_shortfall',
  name: 'Commitment shortfall',
  domainRule: 15,
  description:
    "An active contract with a spend commitment whose spend, projected linearly to the end of the commitment period running today, is below the commitment: the same figures as the contract's commitment page (spend of the linked billing accounts in the contract currency, dated by invoice date, taxes and information-only lines left out, credits reducing it; projected = spend ÷ elapsed days × period days, truncated to the cent). Nothing is projected before a period starts. One finding per contract and period end.",
  subject: 'vendor',
  defaults: { enabled: true, severity: 'medium', blocking: false, params: {} },
  params: [],
  async evaluate(env) {
    const contracts = (await contractsInScope(env.db, env.engine, env.tenantId, env.scope)).filter(
      (c) =>
        c.status === 'active' &&
        c.commitment_kind === 'spend' &&
        c.commitment_nanos !== null &&
        c.commitment_period !== null,
    );
    const links = await contractAccountRows(
      env.db,
      env.tenantId,
      contracts.map((c) => c.id),
    );
    const out: Candidate[] = [];
    for (const c of contracts) {
      const period = commitmentPeriod(termsOf(c), c.commitment_period!, env.today);
      if (period === null) continue;
      const elapsed = elapsedDays(period, env.today);
      if (elapsed === 0) continue;
      const accounts = links.filter((a) => a.contract_id === c.id);
      const until = [env.today, period.end].sort()[0]!;
      const byDate = await spendByDate(
        env.db,
        env.tenantId,
        accounts.map((a) => a.id),
        c.currency,
        period.start,
        until,
      );
      const spend = byDate.reduce((sum, r) => sum + BigInt(r.amount_nanos ?? 0n), 0n);
      const total = periodDays(period);
      const projected = projectSpend(spend, elapsed, total);
      const committed = c.commitment_nanos!;
      if (projected >= committed) continue;
      const shortfall = committed - projected;
      out.push({
        ...vendorFinding(c),
        key: `${c.id}:${period.end}`,
        summary: `Contract ${c.contract_number} is projected to spend ${formatNanos(projected)} ${c.currency} of its ${formatNanos(committed)} ${c.commitment_period} commitment by ${period.end}: ${formatNanos(shortfall)} short`,
        period: period.end.slice(0, 7),
        billedNanos: projected,
        expectedNanos: committed,
        varianceNanos: shortfall,
        evidence: {
          contract: { id: c.id, number: c.contract_number, name: c.name },
          commitment: { period: c.commitment_period, amount: formatNanos(committed) },
          periodStart: period.start,
          periodEnd: period.end,
          elapsedDays: elapsed,
          periodDays: total,
          spendToDate: formatNanos(spend),
          projected: formatNanos(projected),
          shortfall: formatNanos(shortfall),
          accounts: accounts.map((a) => a.account_number),
        },
      });
    }
    return out;
  },
};

export const CONTRACT_TERM_RULES: AuditRule[] = [contractExpiry, commitmentShortfall];
