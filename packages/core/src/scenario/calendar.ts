/** Day arithmetic on YYYY-MM-DD text, in UTC so the host timezone never moves a date. */

const DAY_MS = 86_400_000;

export const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** YYYY-MM `n` months after `month`. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

export const monthStart = (month: string) => `${month}-01`;
export const monthEnd = (month: string) => addDays(monthStart(addMonths(month, 1)), -1);
export const dayOf = (month: string, day: number) => `${month}-${String(day).padStart(2, '0')}`;
export const compact = (day: string) => day.replaceAll('-', '');
