import { IncidentError, IncidentErrorCode } from '../../errors.js';
import type { Incident } from '../../model/incident.js';
import type { Role } from '../../model/role.js';
import type { CommandScope } from '../command-scope.js';

/** Refuses unless the actor holds one of `roles` on the incident or is privileged. */
export function requireRole(
  scope: CommandScope,
  incident: Incident,
  roles: readonly Role[],
  doing: string,
): void {
  if (scope.context.privileged) return;
  if (roles.some((role) => incident.roles[role]?.id === scope.actor.id)) return;
  const who = roles
    .map((role) => (role === 'comms' ? 'the communications lead' : `the ${role}`))
    .join(' or ');
  throw new IncidentError(
    IncidentErrorCode.NotPermitted,
    `Only ${who} of ${incident.ref} can ${doing}.${incident.roles.lead ? '' : ' Nobody leads it yet: take the lead with `lead`.'}`,
  );
}

export function requireNotClosed(incident: Incident, doing: string): void {
  if (incident.status !== 'closed') return;
  throw new IncidentError(
    IncidentErrorCode.IllegalTransition,
    `${incident.ref} is closed; you can no longer ${doing}.`,
  );
}
