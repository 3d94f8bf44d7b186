/**
 * Dates that follow from a contract's terms, for a given day: whether it has expired, when the
 * current term ends, which renewal alerts are due and which commitment period is running. Pure.
 */
import { addDays, addMonths, daysBetween } from './dates.ts';

export interface Terms {
  termStart: string;
  termEnd: string | null;
  autoRenew: boolean;
  renewalMonths: number | null;
  noticeDays: number;
  status: string;
}

export const ALERT_THRESHOLDS = [120, 90, 45] as const;
export type AlertThreshold = (typeof ALERT_THRESHOLDS)[number];

export interface TermAlert {
  kind: 'expiry' | 'notice';
  date: string;
  daysLeft: number;
  threshold: AlertThreshold;
}

const renews = (t: Terms) => t.autoRenew && t.termEnd !== null && (t.renewalMonths ?? 0) > 0;

/** The k-th term end (k = 0 is the stated one); renewals count from the stated end, so month ends do not drift. */
const termEndAt = (t: Terms, k: number) =>
  k === 0 ? t.termEnd! : addMonths(t.termEnd!, k * t.renewalMonths!);

/** Index of the first term whose end minus `lead` days is today or later (0 when nothing renews). */
function firstTermFrom(t: Terms, today: string, lead: number): number {
  if (!renews(t)) return 0;
  let k = 0;
  while (addDays(termEndAt(t, k), -lead) < today) k++;
  return k;
}

/** 'expired' is never stored: an active contract past its end that does not renew has expired. */
export function effectiveStatus(t: Terms, today: string): string {
  if (t.status === 'active' && t.termEnd !== null && !renews(t) && t.termEnd < today) return 'expired';
  return t.status;
}

/** End of the term running today: the stated end, rolled forward by renewal_months while it auto-renews. */
export function currentTermEnd(t: Terms, today: string): string | null {
  if (t.termEnd === null) return null;
  return termEndAt(t, firstTermFrom(t, today, 0));
}

/**
 * Last day to give notice: current term end minus notice_days. For a renewing contract whose
 * deadline for this term has passed, the renewal is locked in and the next term's deadline counts.
 */
export function noticeDeadline(t: Terms, today: string): string | null {
  if (t.termEnd === null) return null;
  return addDays(termEndAt(t, firstTermFrom(t, today, t.noticeDays)), -t.noticeDays);
}

function alertFor(kind: TermAlert['kind'], date: string, today: string): TermAlert | null {
  const daysLeft = daysBetween(today, date);
  if (daysLeft < 0) return null;
  const crossed = ALERT_THRESHOLDS.filter((th) => daysLeft <= th);
  const threshold = crossed[crossed.length - 1];
  return threshold === undefined ? null : { kind, date, daysLeft, threshold };
}

/**
 * The alerts due today: per kind, the tightest of 120/90/45 days crossed, until the date itself
 * (daysLeft 0 still alerts; the day after, the contract is expired or the notice has passed).
 * Only active contracts with an end date alert. A renewing contract does not expire, so only its
 * notice deadline alerts, rolling to the next term once a deadline has passed. A non-renewing
 * contract alerts on its end and, when it has a notice period, on its notice deadline.
 */
export function termAlerts(t: Terms, today: string): TermAlert[] {
  if (t.status !== 'active' || t.termEnd === null) return [];
  const out: (TermAlert | null)[] = [];
  if (renews(t)) out.push(alertFor('notice', noticeDeadline(t, today)!, today));
  else {
    out.push(alertFor('expiry', t.termEnd, today));
    if (t.noticeDays > 0) out.push(alertFor('notice', addDays(t.termEnd, -t.noticeDays), today));
  }
  return out.filter((a): a is TermAlert => a !== null);
}

export interface Period {
  start: string;
  end: string;
}

/**
 * The commitment period running today (or the first one before the term starts, the last one
 * after it ended). Monthly and annual periods count from the term start (its monthly or yearly
 * anniversaries); 'term' is the whole current term. A period never runs past a non-renewing
 * contract's end. Null for a 'term' commitment on an evergreen contract (no term to measure).
 */
export function commitmentPeriod(t: Terms, period: string, today: string): Period | null {
  const lastDay = renews(t) ? null : t.termEnd;
  const day = lastDay !== null && today > lastDay ? lastDay : today;
  if (period === 'term') {
    if (t.termEnd === null) return null;
    const k = renews(t) ? firstTermFrom(t, day, 0) : 0;
    return { start: k === 0 ? t.termStart : addDays(termEndAt(t, k - 1), 1), end: termEndAt(t, k) };
  }
  const months = period === 'monthly' ? 1 : 12;
  let k = 0;
  while (addMonths(t.termStart, (k + 1) * months) <= day) k++;
  const start = addMonths(t.termStart, k * months);
  const end = addDays(addMonths(t.termStart, (k + 1) * months), -1);
  return { start, end: lastDay !== null && end > lastDay ? lastDay : end };
}

/** Days of the period elapsed by today, today included: 0 before it starts, all of it once over. */
export function elapsedDays(p: Period, today: string): number {
  if (today < p.start) return 0;
  return daysBetween(p.start, today > p.end ? p.end : today) + 1;
}

export const periodDays = (p: Period): number => daysBetween(p.start, p.end) + 1;

const CENT_NANOS = 10_000_000n;

/**
 * Spend extrapolated linearly to the whole period: spend ÷ elapsed days × period days, in exact
 * integer arithmetic, truncated toward zero to the cent: an estimate has no meaningful fraction
 * of a cent, and truncating never rounds a shortfall away.
 */
export function projectSpend(spendNanos: bigint, elapsed: number, total: number): bigint {
  if (elapsed <= 0) return 0n;
  return ((spendNanos * BigInt(total)) / (BigInt(elapsed) * CENT_NANOS)) * CENT_NANOS;
}
