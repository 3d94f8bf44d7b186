import type { Ctx } from '../../shared/context.ts';
import { invalid } from '../../shared/errors.ts';
import { parentOf } from './reference.queries.ts';

/** Refuses a parent pointer that would make a row its own ancestor (cost centers, managers, sub-accounts). */
export async function assertNoCycle(
  ctx: Ctx,
  table: string,
  column: string,
  field: string,
  id: string | null,
  parentId: unknown,
): Promise<void> {
  if (!id || typeof parentId !== 'string') return;
  const seen = new Set<string>();
  for (
    let cur: string | null = parentId;
    cur;
    cur = await parentOf(ctx.db, table, column, ctx.tenantId, cur)
  ) {
    if (cur === id)
      throw invalid(`${field}: would create a cycle`, {
        fields: [{ path: field, message: 'would create a cycle' }],
      });
    if (seen.has(cur)) return;
    seen.add(cur);
  }
}
