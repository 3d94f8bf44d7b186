import { z } from 'zod';
import type { Ctx } from '../../shared/context.ts';
import { formatNanos } from '../../shared/money.ts';
import { parseInput } from '../../shared/validate.ts';
import { authorize } from '../access/permissions.ts';
import {
  amountsSince,
  type DiscoveryKey,
  type findDiscoveredRows,
  latestLines,
  listDiscoveredRows,
} from './discovery.queries.ts';
import { guessServiceType } from './type-guess.ts';

/** Most identifiers one accept, merge or ignore call takes. */
export const MAX_DISCOVERY_BATCH = 5000;
/** Charge lines shown with each discovered identifier. */
const LAST_CHARGES = 5;
// Keeps the OR-list of keys in one statement well under both engines' parameter limits.
const CHUNK = 400;

export const key = (k: DiscoveryKey) => `${k.vendorId}\u0000${k.identifier}`;
export const label = (k: DiscoveryKey) => `${k.vendorId}/${k.identifier}`;

export function chunks<T>(all: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < all.length; i += CHUNK) out.push(all.slice(i, i + CHUNK));
  return out;
}

export type DiscoveredRow = Awaited<ReturnType<typeof findDiscoveredRows>>[number];
type LineRow = Awaited<ReturnType<typeof latestLines>>[number];

export async function linesOf(ctx: Ctx, keys: DiscoveryKey[], perKey: number) {
  const byKey = new Map<string, LineRow[]>();
  for (const part of chunks(keys)) {
    for (const line of await latestLines(ctx.db, ctx.tenantId, part, perKey)) {
      const k = key({ vendorId: line.vendor_id, identifier: line.identifier });
      byKey.set(k, [...(byKey.get(k) ?? []), line]);
    }
  }
  return byKey;
}

export const guessOf = (r: DiscoveredRow) =>
  guessServiceType(r.charge_service_type, r.identifier, r.vendor_kind);

/** One page of pending identifiers with where, when and how much they were billed. */
export async function discoveredPage(
  ctx: Ctx,
  p: { q?: string; vendorId?: string; page: number; pageSize: number },
) {
  const { rows, total } = await listDiscoveredRows(
    ctx.db,
    { tenantId: ctx.tenantId, vendorId: p.vendorId, q: p.q?.trim() || undefined },
    p.pageSize,
    (p.page - 1) * p.pageSize,
  );
  const keys = rows.map((r) => ({ vendorId: r.vendor_id, identifier: r.identifier }));
  const lines = await linesOf(ctx, keys, LAST_CHARGES);
  // "Last month": the calendar month of the latest invoice that billed the identifier.
  const months = rows
    .filter((r) => r.last_seen)
    .map((r) => ({
      vendorId: r.vendor_id,
      identifier: r.identifier,
      from: `${r.last_seen!.slice(0, 7)}-01`,
    }));
  const amounts = new Map<string, { currency: string; amount_nanos: bigint }[]>();
  for (const part of chunks(months)) {
    for (const a of await amountsSince(ctx.db, ctx.tenantId, part)) {
      const k = key({ vendorId: a.vendor_id, identifier: a.identifier });
      amounts.set(k, [
        ...(amounts.get(k) ?? []),
        { currency: a.currency, amount_nanos: BigInt(a.amount_nanos) },
      ]);
    }
  }
  const items = rows.map((r) => {
    const k = key({ vendorId: r.vendor_id, identifier: r.identifier });
    const own = lines.get(k) ?? [];
    const latest = own[0];
    const month = (amounts.get(k) ?? []).find((a) => a.currency === latest?.currency);
    return {
      vendorId: r.vendor_id,
      vendorCode: r.vendor_code,
      vendorName: r.vendor_name,
      identifier: r.identifier,
      serviceTypeGuess: guessOf(r),
      billingAccountId: latest?.billing_account_id ?? null,
      accountNumber: latest?.account_number ?? null,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      invoiceCount: Number(r.invoice_count),
      currency: latest?.currency ?? null,
      lastMonth: r.last_seen ? r.last_seen.slice(0, 7) : null,
      lastMonthAmount: month ? formatNanos(month.amount_nanos) : null,
      lastCharges: own.map((l) => ({
        invoiceId: l.invoice_id,
        invoiceNumber: l.invoice_number,
        invoiceDate: l.invoice_date,
        kind: l.kind,
        description: l.description,
        amount: formatNanos(BigInt(l.amount_nanos)),
      })),
    };
  });
  return { items, total, page: p.page, pageSize: p.pageSize };
}

const ListInput = z.object({
  q: z.string().max(200).optional(),
  vendorId: z.string().optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
});

/** Identifiers billed on invoices that are neither in inventory nor decided on yet. */
export async function listDiscovered(
  ctx: Ctx,
  input: { q?: string; vendorId?: string; page?: number; pageSize?: number } = {},
) {
  authorize(ctx.actor, 'service.read');
  return discoveredPage(ctx, parseInput(ListInput, input));
}
