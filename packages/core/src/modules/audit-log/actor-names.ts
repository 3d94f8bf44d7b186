import type { Ctx } from '../../shared/context.ts';
import { actorNames } from './audit-log.queries.ts';

/** Display names for stored actor labels (`user:<id>`, `token:<id>`); unknown ones map to themselves. */
export async function actorNamesOf(ctx: Pick<Ctx, 'db'>, actors: string[]) {
  const ids = (kind: string) =>
    [...new Set(actors.filter((a) => a.startsWith(`${kind}:`)))].map((a) => a.slice(kind.length + 1));
  return actorNames(ctx.db, ids('user'), ids('token'));
}
