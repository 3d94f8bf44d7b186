import type { Db, Engine } from '../db/schema.ts';
import type { Actor } from '../modules/access/permissions.ts';
import type { Clock } from './clock.ts';

/** What every tenant-scoped service receives: where to read and write, for whom, as whom. */
export interface Ctx {
  db: Db;
  engine: Engine;
  tenantId: string;
  actor: Actor;
  clock: Clock;
}

/** Runs `fn` in one transaction (joining the caller's if there is one). */
export async function inTransaction<T>(ctx: Ctx, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  return ctx.db.transaction().execute((trx) => fn({ ...ctx, db: trx }));
}
