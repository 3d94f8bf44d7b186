import { useSearchParams } from 'react-router-dom';
import type { EntityMeta } from '../meta.ts';

import { PAGE_SIZES } from '../paging-footer.tsx';

export { PAGE_SIZES };

const RESERVED = new Set(['q', 'sort', 'dir', 'page', 'pageSize']);

export interface ListState {
  q: string;
  sort: string;
  dir: 'asc' | 'desc';
  page: number;
  pageSize: number;
  filters: Record<string, string>;
}

/**
 * The list view lives in the URL so an analyst can bookmark or share a filtered view
 * and the back button restores it.
 */
export function useListState(entity: EntityMeta) {
  const [params, setParams] = useSearchParams();
  const filterable = new Set(
    entity.fields.filter((f) => f.type === 'enum' || f.type === 'ref').map((f) => f.name),
  );
  const filters: Record<string, string> = {};
  for (const [k, v] of params) if (!RESERVED.has(k) && filterable.has(k) && v) filters[k] = v;
  const pageSize = Number(params.get('pageSize'));
  const state: ListState = {
    q: params.get('q') ?? '',
    sort: params.get('sort') || entity.defaultSort,
    dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: PAGE_SIZES.includes(String(pageSize)) ? pageSize : 50,
    filters,
  };

  /** Any change other than paging itself starts again at page 1. */
  function update(patch: Record<string, string | number | null>) {
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
      { replace: !('page' in patch) && 'q' in patch },
    );
  }

  function toggleSort(field: string) {
    const dir = state.sort === field && state.dir === 'asc' ? 'desc' : 'asc';
    update({ sort: field, dir });
  }

  function clearFilters() {
    update({ q: null, ...Object.fromEntries(Object.keys(filters).map((k) => [k, null])) });
  }

  return { state, update, toggleSort, clearFilters };
}

export function listQuery(s: ListState): Record<string, string | number> {
  return { q: s.q, sort: s.sort, dir: s.dir, page: s.page, pageSize: s.pageSize, ...s.filters };
}
