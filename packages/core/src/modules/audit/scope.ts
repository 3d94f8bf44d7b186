import type { Ctx } from '../../shared/context.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import type { ResolvedScope } from './rule.ts';
import { accountsOfVendor, type ScopeFilter, scopeRows, vendorOfAccount } from './scope.queries.ts';

/** What a person or an import asks to audit. No field set means the whole tenant. */
export interface AuditScope {
  invoiceId?: string;
  /** the invoices a file just imported */
  invoiceIds?: string[];
  accountId?: string;
  vendorId?: string;
  /** YYYY-MM */
  period?: string;
}

export const isWholeTenant = (s: AuditScope) =>
  !s.invoiceId && !s.invoiceIds && !s.accountId && !s.vendorId && !s.period;

const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null))];

export async function resolveScope(ctx: Ctx, s: AuditScope): Promise<ResolvedScope> {
  if (s.period !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(s.period))
    throw invalid('period must be YYYY-MM', { fields: [{ path: 'period', message: 'must be YYYY-MM' }] });
  if (isWholeTenant(s)) return { invoiceIds: null, accountIds: null, vendorIds: null };
  const filter: ScopeFilter = {
    invoiceIds: s.invoiceId ? [s.invoiceId] : s.invoiceIds,
    accountId: s.accountId,
    vendorId: s.vendorId,
    period: s.period,
  };
  const rows = await scopeRows(ctx.db, ctx.tenantId, filter);
  if (s.invoiceId && rows.length === 0) throw notFound('Invoice', s.invoiceId);
  const invoiceIds = uniq([...rows.map((r) => r.id), ...rows.map((r) => r.supersedes_id)]);
  let accountIds = uniq(rows.map((r) => r.billing_account_id));
  let vendorIds = uniq(rows.map((r) => r.vendor_id));
  // An account or vendor scope covers its account-level facts even when it has no invoices yet.
  if (s.accountId && !s.period) {
    const vendor = await vendorOfAccount(ctx.db, ctx.tenantId, s.accountId);
    if (!vendor) throw notFound('Billing account', s.accountId);
    accountIds = uniq([...accountIds, s.accountId]);
    vendorIds = uniq([...vendorIds, vendor]);
  }
  if (s.vendorId && !s.period) {
    accountIds = uniq([...accountIds, ...(await accountsOfVendor(ctx.db, ctx.tenantId, s.vendorId))]);
    vendorIds = uniq([...vendorIds, s.vendorId]);
  }
  return { invoiceIds, accountIds, vendorIds };
}
