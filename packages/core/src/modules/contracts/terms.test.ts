import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, isDate } from './dates.ts';
import {
  commitmentPeriod,
  currentTermEnd,
  effectiveStatus,
  elapsedDays,
  noticeDeadline,
  periodDays,
  projectSpend,
  type Terms,
  termAlerts,
} from './terms.ts';

const TODAY = '2026-11-27';
const terms = (over: Partial<Terms> = {}): Terms => ({
  termStart: '2024-01-01',
  termEnd: null,
  autoRenew: false,
  renewalMonths: null,
  noticeDays: 0,
  status: 'active',
  ...over,
});
/** A contract ending `days` from today. */
const endingIn = (days: number, over: Partial<Terms> = {}) =>
  terms({ termEnd: addDays(TODAY, days), ...over });

describe('dates', () => {
  it('adds months clamping to the month end, and counts days', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-02-27', '2026-03-01')).toBe(2);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(isDate('2026-02-29')).toBe(false);
    expect(isDate('2028-02-29')).toBe(true);
  });
});

describe('expiry alerts', () => {
  const alert = (days: number) => termAlerts(endingIn(days), TODAY);
  it.each([
    [121, null],
    [120, 120],
    [91, 120],
    [90, 90],
    [46, 90],
    [45, 45],
    [1, 45],
    [0, 45],
  ])('%i days before the end: threshold %s', (days, threshold) => {
    const found = alert(days);
    if (threshold === null) expect(found).toEqual([]);
    else expect(found).toEqual([{ kind: 'expiry', date: addDays(TODAY, days), daysLeft: days, threshold }]);
  });

  it('stops alerting the day after the end, when the contract has expired', () => {
    expect(alert(-1)).toEqual([]);
    expect(effectiveStatus(endingIn(-1), TODAY)).toBe('expired');
    expect(effectiveStatus(endingIn(0), TODAY)).toBe('active');
    expect(effectiveStatus(endingIn(-1, { status: 'terminated' }), TODAY)).toBe('terminated');
  });

  it('alerts only active contracts with an end date', () => {
    expect(termAlerts(endingIn(30, { status: 'draft' }), TODAY)).toEqual([]);
    expect(termAlerts(endingIn(30, { status: 'terminated' }), TODAY)).toEqual([]);
    expect(termAlerts(terms(), TODAY)).toEqual([]);
  });
});

describe('notice alerts', () => {
  it('count down to the end minus the notice period, alongside the expiry alert', () => {
    // ends in 150 days with 60 days' notice: the notice deadline is in 90 days
    expect(termAlerts(endingIn(150, { noticeDays: 60 }), TODAY)).toEqual([
      { kind: 'notice', date: addDays(TODAY, 90), daysLeft: 90, threshold: 90 },
    ]);
    expect(termAlerts(endingIn(105, { noticeDays: 60 }), TODAY)).toEqual([
      { kind: 'expiry', date: addDays(TODAY, 105), daysLeft: 105, threshold: 120 },
      { kind: 'notice', date: addDays(TODAY, 45), daysLeft: 45, threshold: 45 },
    ]);
  });

  it.each([
    [121, null],
    [120, 120],
    [90, 90],
    [46, 90],
    [45, 45],
    [0, 45],
    [-1, null],
  ])('%i days before the notice deadline: threshold %s', (days, threshold) => {
    const found = termAlerts(endingIn(days + 30, { noticeDays: 30 }), TODAY).filter(
      (a) => a.kind === 'notice',
    );
    if (threshold === null) expect(found).toEqual([]);
    else expect(found).toEqual([{ kind: 'notice', date: addDays(TODAY, days), daysLeft: days, threshold }]);
  });
});

describe('auto-renewing contracts', () => {
  const renewing = (over: Partial<Terms>) =>
    terms({ termStart: '2025-01-01', termEnd: '2025-12-31', autoRenew: true, renewalMonths: 12, ...over });

  it('roll the term end forward and never expire', () => {
    const t = renewing({});
    expect(currentTermEnd(t, TODAY)).toBe('2026-12-31');
    expect(currentTermEnd(t, '2027-01-01')).toBe('2027-12-31');
    expect(currentTermEnd(t, '2025-12-31')).toBe('2025-12-31');
    expect(effectiveStatus(t, '2030-01-01')).toBe('active');
  });

  it('alert on the notice deadline only, rolling to the next term once it has passed', () => {
    // the 2026 term ends 2026-12-31; 30 days' notice: deadline 2026-12-01, 4 days away
    const t = renewing({ noticeDays: 30 });
    expect(noticeDeadline(t, TODAY)).toBe('2026-12-01');
    expect(termAlerts(t, TODAY)).toEqual([
      { kind: 'notice', date: '2026-12-01', daysLeft: 4, threshold: 45 },
    ]);
    // the day after the deadline the renewal is locked in: the next deadline is a year away
    expect(noticeDeadline(t, '2026-12-02')).toBe('2027-12-01');
    expect(termAlerts(t, '2026-12-02')).toEqual([]);
    expect(termAlerts(t, '2027-08-03')).toEqual([
      { kind: 'notice', date: '2027-12-01', daysLeft: 120, threshold: 120 },
    ]);
  });

  it('without a notice period alert on the renewal date itself', () => {
    expect(termAlerts(renewing({ noticeDays: 0 }), '2026-11-16')).toEqual([
      { kind: 'notice', date: '2026-12-31', daysLeft: 45, threshold: 45 },
    ]);
  });
});

describe('commitment periods', () => {
  const c = terms({ termStart: '2025-03-15', termEnd: '2028-03-14' });

  it('count monthly and annual periods from the term start', () => {
    expect(commitmentPeriod(c, 'monthly', TODAY)).toEqual({ start: '2026-11-15', end: '2026-12-14' });
    expect(commitmentPeriod(c, 'annual', TODAY)).toEqual({ start: '2026-03-15', end: '2027-03-14' });
    expect(commitmentPeriod(c, 'term', TODAY)).toEqual({ start: '2025-03-15', end: '2028-03-14' });
    expect(commitmentPeriod(c, 'annual', '2025-01-01')).toEqual({ start: '2025-03-15', end: '2026-03-14' });
  });

  it('end with a contract that does not renew, and keep its last period afterwards', () => {
    const short = terms({ termStart: '2026-01-01', termEnd: '2026-08-20' });
    expect(commitmentPeriod(short, 'annual', TODAY)).toEqual({ start: '2026-01-01', end: '2026-08-20' });
    expect(commitmentPeriod(short, 'monthly', TODAY)).toEqual({ start: '2026-08-01', end: '2026-08-20' });
  });

  it('measure the current renewal term of an auto-renewing contract', () => {
    const r = terms({ termStart: '2024-01-01', termEnd: '2024-12-31', autoRenew: true, renewalMonths: 12 });
    expect(commitmentPeriod(r, 'term', TODAY)).toEqual({ start: '2026-01-01', end: '2026-12-31' });
    expect(commitmentPeriod(terms(), 'term', TODAY)).toBeNull();
  });

  it('project spend linearly in exact nanos', () => {
    const p = { start: '2026-01-01', end: '2026-12-31' };
    expect(periodDays(p)).toBe(365);
    expect(elapsedDays(p, '2025-12-31')).toBe(0);
    expect(elapsedDays(p, '2026-01-01')).toBe(1);
    expect(elapsedDays(p, '2027-05-01')).toBe(365);
    // 1000.00 over 73 of 365 days → 5000.00 exactly; 0.02 over 2 of 3 days → 0.03; 0.01 over 2 of 3 → 0.01 (truncated to the cent)
    expect(projectSpend(1_000_000_000_000n, 73, 365)).toBe(5_000_000_000_000n);
    expect(projectSpend(20_000_000n, 2, 3)).toBe(30_000_000n);
    expect(projectSpend(10_000_000n, 2, 3)).toBe(10_000_000n);
    expect(projectSpend(-10_000_000n, 2, 3)).toBe(-10_000_000n);
    expect(projectSpend(5n, 0, 3)).toBe(0n);
  });
});
