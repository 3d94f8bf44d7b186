import { useSearchParams } from 'react-router-dom';
import { PAGE_SIZES } from '../paging-footer.tsx';

export const FILTERS = [
  'q',
  'type',
  'state',
  'vendorId',
  'billingAccountId',
  'ownerId',
  'costCenterId',
  'locationId',
  'rateItemId',
  'tag',
  'missing',
] as const;
export type FilterName = (typeof FILTERS)[number];

/** Grid columns: key, header, and the server sort key (null: not sortable). */
export const COLUMNS = [
  { key: 'identifier', label: 'Identifier', sort: 'identifier' },
  { key: 'serviceType', label: 'Type', sort: 'serviceType' },
  { key: 'state', label: 'State', sort: 'state' },
  { key: 'vendor', label: 'Vendor', sort: 'vendor' },
  { key: 'billingAccount', label: 'Account', sort: 'billingAccount' },
  { key: 'description', label: 'Description', sort: 'description' },
  { key: 'owner', label: 'Owner', sort: 'owner' },
  { key: 'costCenter', label: 'Cost center', sort: 'costCenter' },
  { key: 'location', label: 'Location', sort: 'location' },
  { key: 'rateItem', label: 'Rate item', sort: 'rateItem' },
  { key: 'expectedMonthly', label: 'Expected / month', sort: 'expectedMonthly' },
  { key: 'tags', label: 'Tags', sort: null },
  { key: 'activatedOn', label: 'Activated', sort: 'activatedOn' },
  { key: 'lastReviewedOn', label: 'Last reviewed', sort: 'lastReviewedOn' },
] as const;
export type ColumnKey = (typeof COLUMNS)[number]['key'];

export const DEFAULT_COLUMNS: ColumnKey[] = [
  'identifier',
  'serviceType',
  'state',
  'vendor',
  'owner',
  'costCenter',
  'location',
  'expectedMonthly',
  'tags',
];

const SORTS = new Set<string>(COLUMNS.flatMap((c) => (c.sort ? [c.sort] : [])));

export interface ServiceListState {
  filters: Partial<Record<FilterName, string>>;
  sort: string;
  dir: 'asc' | 'desc';
  page: number;
  pageSize: number;
  columns: ColumnKey[];
}

/** Filters, sort, paging and visible columns live in the URL, so a view can be shared or saved. */
export function useServiceListState() {
  const [params, setParams] = useSearchParams();
  const filters: ServiceListState['filters'] = {};
  for (const f of FILTERS) {
    const v = params.get(f);
    if (v) filters[f] = v;
  }
  const sort = params.get('sort') ?? '';
  const pageSize = params.get('pageSize') ?? '';
  const known = new Set<string>(COLUMNS.map((c) => c.key));
  const cols = (params.get('cols') ?? '').split(',').filter((c) => known.has(c)) as ColumnKey[];
  const state: ServiceListState = {
    filters,
    sort: SORTS.has(sort) ? sort : 'identifier',
    dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: PAGE_SIZES.includes(pageSize) ? Number(pageSize) : 50,
    columns: cols.length > 0 ? cols : DEFAULT_COLUMNS,
  };

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

  const toggleSort = (field: string) =>
    update({ sort: field, dir: state.sort === field && state.dir === 'asc' ? 'desc' : 'asc' });

  /** The whole view as a query string, for saved views. */
  const viewQuery = () => {
    const p = new URLSearchParams(params);
    p.delete('page');
    return p.toString();
  };
  const applyView = (query: string) => setParams(new URLSearchParams(query));

  return { state, update, toggleSort, viewQuery, applyView };
}

export function serviceQuery(s: ServiceListState): Record<string, string | number | undefined> {
  return { ...s.filters, sort: s.sort, dir: s.dir, page: s.page, pageSize: s.pageSize };
}
