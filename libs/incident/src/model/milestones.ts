import type { Incident } from './incident.js';
import type { IncidentStatus } from './incident-status.js';

/**
 * Statuses at which an incident counts as mitigated: the fix is in (monitoring) or over (resolved, closed). An
 * incident resolved straight from investigating was mitigated when it was resolved.
 */
const MITIGATED_STATUSES: readonly IncidentStatus[] = ['monitoring', 'resolved', 'closed'];

const isMitigated = (status: IncidentStatus): boolean => MITIGATED_STATUSES.includes(status);

/**
 * `after` with the milestones the change from `before` (null when declaring) reaches for the first time,
 * stamped `at`: an Incident Lead assigned where there was none (acknowledged), the status reaching a mitigated
 * one (mitigated). A milestone is never moved once reached, so a lead handed over, left and taken again, or an
 * incident reopened and mitigated again, keeps the first time.
 */
export function withMilestones(before: Incident | null, after: Incident, at: Date): Incident {
  const acknowledged = after.roles.lead !== undefined && before?.roles.lead === undefined;
  const mitigated = isMitigated(after.status) && !(before && isMitigated(before.status));
  return {
    ...after,
    acknowledgedAt: after.acknowledgedAt ?? (acknowledged ? at : null),
    mitigatedAt: after.mitigatedAt ?? (mitigated ? at : null),
  };
}

/** What the insights read of an incident: what it is about and when it reached each milestone. */
export type IncidentMilestones = Pick<
  Incident,
  | 'ref'
  | 'severity'
  | 'componentIds'
  | 'declaredAt'
  | 'startedAt'
  | 'acknowledgedAt'
  | 'mitigatedAt'
  | 'resolvedAt'
>;
