import type { Db } from '../../db/schema.ts';
import type { Ctx } from '../../shared/context.ts';
import { authorize } from '../access/permissions.ts';
import { readChainHead, readEventsAfter } from './audit-log.queries.ts';
import { eventHash, GENESIS_HASH } from './chain.ts';

export interface VerifyResult {
  ok: boolean;
  events: number;
  headSeq: number;
  /** The first event that does not fit the chain, with why. */
  broken: { seq: number; reason: string } | null;
}

const PAGE = 5000;

/** Walks the whole chain in order; stops at the first event that was changed, removed or slipped in. */
export async function verifyAuditChain(db: Db): Promise<VerifyResult> {
  const head = await readChainHead(db);
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  const fail = (seq: number, reason: string): VerifyResult => ({
    ok: false,
    events: count,
    headSeq: head.seq,
    broken: { seq, reason },
  });
  for (;;) {
    const rows = await readEventsAfter(db, expectedSeq - 1, PAGE);
    for (const row of rows) {
      if (row.seq !== expectedSeq)
        return fail(expectedSeq, `event ${expectedSeq} is missing (next is ${row.seq})`);
      if (row.prev_hash !== prevHash)
        return fail(row.seq, `event ${row.seq} does not link to event ${row.seq - 1}`);
      if (eventHash(row) !== row.hash) return fail(row.seq, `event ${row.seq} was altered (hash mismatch)`);
      if (row.seq > head.seq)
        return fail(row.seq, `event ${row.seq} lies beyond the recorded chain head ${head.seq}`);
      prevHash = row.hash;
      expectedSeq++;
      count++;
    }
    if (rows.length < PAGE) break;
  }
  if (count !== head.seq)
    return fail(count + 1, `chain ends at event ${count} but its head says ${head.seq}`);
  if (prevHash !== head.hash) return fail(count, `event ${count} does not match the recorded chain head`);
  return { ok: true, events: count, headSeq: head.seq, broken: null };
}

/**
 * The chain check for people who answer for the controls (admins, auditors). The chain spans all
 * tenants, so only its verdict and the first broken position are returned, never other tenants' data.
 */
export async function verifyAuditLog(ctx: Ctx) {
  authorize(ctx.actor, 'audit_log.verify');
  const r = await verifyAuditChain(ctx.db);
  return { ok: r.ok, brokenAt: r.broken?.seq ?? null, checkedAt: ctx.clock.now().toISOString() };
}
