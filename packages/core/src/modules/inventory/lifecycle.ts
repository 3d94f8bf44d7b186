import type { ServiceTable } from '../../db/schema.ts';

export const SERVICE_STATES = [
  'ordered',
  'active',
  'suspended',
  'disconnect_requested',
  'disconnected',
] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

/** Which moves the lifecycle allows; `disconnected` is final. */
export const TRANSITIONS: Readonly<Record<ServiceState, readonly ServiceState[]>> = {
  // an order can be cancelled before it is ever active
  ordered: ['active', 'disconnected'],
  active: ['suspended', 'disconnect_requested', 'disconnected'],
  suspended: ['active', 'disconnect_requested', 'disconnected'],
  // a disconnect order that is cancelled puts the service back in service
  disconnect_requested: ['active', 'disconnected'],
  disconnected: [],
};

export const isServiceState = (s: string): s is ServiceState =>
  (SERVICE_STATES as readonly string[]).includes(s);

export const canTransition = (from: ServiceState, to: ServiceState) => TRANSITIONS[from].includes(to);

/** The column holding the date a service entered each state. */
export const DATE_COLUMN = {
  ordered: 'ordered_on',
  active: 'activated_on',
  suspended: 'suspended_on',
  disconnect_requested: 'disconnect_requested_on',
  disconnected: 'disconnected_on',
} as const satisfies Record<ServiceState, keyof ServiceTable>;

/**
 * Dates to write when a service moves to `to` on `on`. Going back to active clears the dates of
 * the suspension or pending disconnect it leaves, so a set `suspended_on` always means "suspended
 * now"; the full path stays in service_transitions. The first activation date is kept.
 */
export function transitionDates(
  current: Pick<ServiceTable, 'activated_on'>,
  to: ServiceState,
  on: string,
): Partial<Pick<ServiceTable, (typeof DATE_COLUMN)[ServiceState]>> {
  if (to === 'active')
    return { activated_on: current.activated_on ?? on, suspended_on: null, disconnect_requested_on: null };
  return { [DATE_COLUMN[to]]: on };
}
