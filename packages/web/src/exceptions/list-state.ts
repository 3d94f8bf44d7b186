import { useSearchParams } from 'react-router-dom';
import { PAGE_SIZES } from '../paging-footer.tsx';

export const FILTERS = [
  'state',
  'rule',
  'severity',
  'vendorId',
  'owner',
  'overdue',
  'q',
  // set by links from an invoice, an account or an audit run, shown as removable chips
  'invoiceId',
  'accountId',
  'runId',
] as const;
export type FilterName = (typeof FILTERS)[number];

export const SORTS = ['variance', 'age', 'due', 'severity', 'opened'] as const;
/** Due dates read soonest first; everything else largest (or most severe) first. */
const ASC_FIRST = new Set(['due']);

export interface ExceptionListState {
  filters: Partial<Record<FilterName, string>>;
  sort: string;
  dir: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/**
 * The queue's filters, sort and page live in the URL so a worklist can be bookmarked and shared.
 * `mine` pins the owner filter to the signed-in user (the "My work" page).
 */
export function useExceptionListState(mine: boolean) {
  const [params, setParams] = useSearchParams();
  const filters: ExceptionListState['filters'] = {};
  for (const f of FILTERS) {
    const v = params.get(f);
    if (v) filters[f] = v;
  }
  if (mine) filters.owner = 'me';
  const sort = params.get('sort') ?? '';
  const pageSize = params.get('pageSize') ?? '';
  const state: ExceptionListState = {
    filters,
    sort: (SORTS as readonly string[]).includes(sort) ? sort : 'variance',
    dir: params.get('dir') === 'asc' ? 'asc' : 'desc',
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: PAGE_SIZES.includes(pageSize) ? Number(pageSize) : 50,
  };

  /**
   * Any change other than paging starts again at page 1; typing replaces the history entry.
   * Starts from the address bar, not this render's params: the router hands a functional update
   * the params of the render that created the handler, so two quick changes (a click, then
   * typing) would otherwise drop the first.
   */
  function update(patch: Record<string, string | number | null>, replace = false) {
    const next = new URLSearchParams(window.location.search);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace });
  }

  function toggleSort(field: string) {
    const now = new URLSearchParams(window.location.search);
    const current = now.get('sort') ?? 'variance';
    const currentDir = now.get('dir') === 'asc' ? 'asc' : 'desc';
    const first = ASC_FIRST.has(field) ? 'asc' : 'desc';
    const dir = current === field ? (currentDir === 'asc' ? 'desc' : 'asc') : first;
    update({ sort: field, dir });
  }

  const clearFilters = () =>
    update(Object.fromEntries(FILTERS.filter((f) => !(mine && f === 'owner')).map((f) => [f, null])));

  return { state, update, toggleSort, clearFilters };
}

export function exceptionQuery(s: ExceptionListState): Record<string, string | number | undefined> {
  return { ...s.filters, sort: s.sort, dir: s.dir, page: s.page, pageSize: s.pageSize };
}
