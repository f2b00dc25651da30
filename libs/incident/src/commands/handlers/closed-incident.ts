import { IncidentError, IncidentErrorCode } from '../../errors.js';
import type { Incident } from '../../model/incident.js';

/** A closed incident is final: its facts, roles, components and updates no longer change. */
export function requireNotClosed(incident: Incident, doing: string): void {
  if (incident.status !== 'closed') return;
  throw new IncidentError(
    IncidentErrorCode.IllegalTransition,
    `${incident.ref} is closed; you can no longer ${doing}.`,
  );
}
