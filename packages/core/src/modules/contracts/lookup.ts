import type { Ctx } from '../../shared/context.ts';
import { notFound } from '../../shared/errors.ts';
import { type ContractRow, getContractRow } from './contracts.queries.ts';

/** The tenant's contract, or a not-found error: another tenant's id is as unknown as a made-up one. */
export async function contractRow(ctx: Ctx, id: string): Promise<ContractRow> {
  const row = await getContractRow(ctx.db, ctx.tenantId, id);
  if (!row) throw notFound('Contract', id);
  return row;
}
