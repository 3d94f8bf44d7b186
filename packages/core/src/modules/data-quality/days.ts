import type { Clock } from '../../shared/clock.ts';

const DAY_MS = 86_400_000;

/** The day (UTC, YYYY-MM-DD) the context's clock says it is. */
export const todayOf = (clock: Clock): string => clock.now().toISOString().slice(0, 10);

export const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
