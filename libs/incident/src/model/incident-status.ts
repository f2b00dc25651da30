export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Statuses a responder may set with `status <state>`; `closed` is reached only through `close`. */
export const SETTABLE_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type SettableStatus = (typeof SETTABLE_STATUSES)[number];

const ACTIVE_STATUSES: readonly IncidentStatus[] = ['investigating', 'identified', 'monitoring'];

export const isSettableStatus = (value: string): value is SettableStatus =>
  (SETTABLE_STATUSES as readonly string[]).includes(value);

export const isActive = (status: IncidentStatus): boolean => ACTIVE_STATUSES.includes(status);

/**
 * Active statuses may move freely among themselves (a fix that did not hold sends monitoring back to
 * investigating); resolved can be reopened; closed is final and only reachable from resolved.
 */
export function canTransition(from: IncidentStatus, to: IncidentStatus): boolean {
  if (from === to) return false;
  if (from === 'closed') return false;
  if (to === 'closed') return from === 'resolved';
  return true;
}
