import { useSearchParams } from 'react-router-dom';

import { PAGE_SIZES } from '../paging-footer.tsx';

export { PAGE_SIZES };
export const FILTERS = [
  'vendorId',
  'accountId',
  'status',
  'periodFrom',
  'periodTo',
  'minAmount',
  'maxAmount',
  'q',
  'batchId',
] as const;
export type FilterName = (typeof FILTERS)[number];

export const SORTS = [
  'invoiceDate',
  'periodStart',
  'invoiceNumber',
  'currentCharges',
  'vendor',
  'accountNumber',
  'createdAt',
] as const;
/** Text columns sort A→Z first; dates and amounts newest or largest first. */
const TEXT_SORTS = new Set(['invoiceNumber', 'vendor', 'accountNumber']);

export interface InvoiceListState {
  filters: Partial<Record<FilterName, string>>;
  sort: string;
  dir: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/** Filters, sort and page live in the URL so a view can be bookmarked, shared and gone back to. */
export function useInvoiceListState() {
  const [params, setParams] = useSearchParams();
  const filters: InvoiceListState['filters'] = {};
  for (const f of FILTERS) {
    const v = params.get(f);
    if (v) filters[f] = v;
  }
  const sort = params.get('sort') ?? '';
  const pageSize = params.get('pageSize') ?? '';
  const state: InvoiceListState = {
    filters,
    sort: (SORTS as readonly string[]).includes(sort) ? sort : 'invoiceDate',
    dir: params.get('dir') === 'asc' ? 'asc' : 'desc',
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: PAGE_SIZES.includes(pageSize) ? Number(pageSize) : 50,
  };

  /** Any change other than paging starts again at page 1; typing replaces the history entry. */
  function update(patch: Record<string, string | number | null>, replace = false) {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v === null || v === '') next.delete(k);
          else next.set(k, String(v));
        }
        if (!('page' in patch)) next.delete('page');
        return next;
      },
      { replace },
    );
  }

  function toggleSort(field: string) {
    const first = TEXT_SORTS.has(field) ? 'asc' : 'desc';
    const dir = state.sort === field ? (state.dir === 'asc' ? 'desc' : 'asc') : first;
    update({ sort: field, dir });
  }

  function clearFilters() {
    update(Object.fromEntries(FILTERS.map((f) => [f, null])));
  }

  return { state, update, toggleSort, clearFilters };
}

/** Month inputs hold "YYYY-MM"; the API compares ISO dates as text, so the last day may be 31. */
const monthStart = (m: string | undefined) => (m && /^\d{4}-\d{2}$/.test(m) ? `${m}-01` : m);
const monthEnd = (m: string | undefined) => (m && /^\d{4}-\d{2}$/.test(m) ? `${m}-31` : m);

export function invoiceQuery(s: InvoiceListState): Record<string, string | number | undefined> {
  return {
    ...s.filters,
    periodFrom: monthStart(s.filters.periodFrom),
    periodTo: monthEnd(s.filters.periodTo),
    sort: s.sort,
    dir: s.dir,
    page: s.page,
    pageSize: s.pageSize,
  };
}
