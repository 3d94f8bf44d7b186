import { canonicalJson } from '../../shared/canonical-json.ts';
import { sha256 } from '../../shared/ids.ts';
import type { Candidate, ResolvedScope, RuleSubject } from './rule.ts';

/** Worked by a person; the first two close on their own when the cause disappears. */
export const ACTIVE_STATES = ['open', 'in_progress', 'disputed'] as const;
export const RESOLVED_STATES = ['resolved_valid', 'resolved_corrected', 'waived'] as const;
/** Closed by a run because the cause is no longer there. */
export const AUTO_CLOSED = 'auto_closed';
export const FINDING_STATES = [...ACTIVE_STATES, ...RESOLVED_STATES, AUTO_CLOSED] as const;
export type FindingState = (typeof FINDING_STATES)[number];

const AUTO_CLOSABLE: readonly string[] = ['open', 'in_progress'];
const isActive = (s: string) => (ACTIVE_STATES as readonly string[]).includes(s);

export interface ExistingFinding {
  id: string;
  subjectKey: string;
  state: string;
  factsHash: string;
  invoiceId: string | null;
  accountId: string | null;
  vendorId: string | null;
}

export type Op =
  | { kind: 'open'; candidate: Candidate; factsHash: string }
  | { kind: 'refresh'; id: string; candidate: Candidate; factsHash: string }
  | { kind: 'reopen'; id: string; from: string; candidate: Candidate; factsHash: string }
  | { kind: 'auto_close'; id: string; from: string };

/** What makes a finding "the same facts": the money, not the wording of its evidence. */
export const factsHash = (c: Candidate) =>
  sha256(
    canonicalJson({
      billed: c.billedNanos?.toString() ?? null,
      expected: c.expectedNanos?.toString() ?? null,
      variance: c.varianceNanos.toString(),
      currency: c.currency,
    }),
  );

/** Whether a scoped run looked at the subject of a finding, and so may close it. */
export function covers(scope: ResolvedScope, subject: RuleSubject, f: ExistingFinding): boolean {
  const within = (ids: string[] | null, id: string | null) =>
    ids === null || (id !== null && ids.includes(id));
  if (subject === 'invoice') return within(scope.invoiceIds, f.invoiceId);
  if (subject === 'account') return within(scope.accountIds, f.accountId);
  return within(scope.vendorIds, f.vendorId);
}

/**
 * The changes one rule's run makes to its findings. A candidate with no finding opens one; an
 * active finding is refreshed, never duplicated; a resolved finding stays resolved unless its
 * facts changed; an auto-closed finding whose cause is back reopens. An open or in-progress
 * finding the run covered but no longer produced is closed as "cause gone"; a disputed one stays
 * with its dispute.
 */
export function reconcile(
  candidates: readonly Candidate[],
  existing: readonly ExistingFinding[],
  covered: (f: ExistingFinding) => boolean,
): Op[] {
  const byKey = new Map(existing.map((f) => [f.subjectKey, f]));
  const seen = new Set<string>();
  const ops: Op[] = [];
  for (const candidate of candidates) {
    if (seen.has(candidate.key)) continue;
    seen.add(candidate.key);
    const hash = factsHash(candidate);
    const f = byKey.get(candidate.key);
    if (!f) ops.push({ kind: 'open', candidate, factsHash: hash });
    else if (isActive(f.state)) ops.push({ kind: 'refresh', id: f.id, candidate, factsHash: hash });
    else if (f.state === AUTO_CLOSED || f.factsHash !== hash)
      ops.push({ kind: 'reopen', id: f.id, from: f.state, candidate, factsHash: hash });
  }
  for (const f of existing) {
    if (seen.has(f.subjectKey) || !AUTO_CLOSABLE.includes(f.state) || !covered(f)) continue;
    ops.push({ kind: 'auto_close', id: f.id, from: f.state });
  }
  return ops;
}
