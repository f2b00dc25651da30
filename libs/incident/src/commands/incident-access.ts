import { IncidentError, IncidentErrorCode } from '../errors.js';
import type { Incident } from '../model/incident.js';
import type { Participant } from '../model/participant.js';
import type { CommandContext } from './command-context.js';

/**
 * Who may see an incident at all, decided once for chat, the API and every reader: anyone may see an ordinary
 * incident; a private one only its invited people and administrators. The permission policy then decides what
 * someone who can see it may do.
 */
export function maySee(incident: Incident, viewer: Participant, administrator: boolean): boolean {
  if (!incident.private || administrator) return true;
  return incident.invitees.some((invitee) => invitee.id === viewer.id);
}

/**
 * Refuses exactly as for an incident that does not exist, so a private incident's reference tells someone
 * without access nothing, not even that it exists.
 */
export function requireVisible(incident: Incident, viewer: Participant, administrator: boolean): Incident {
  if (maySee(incident, viewer, administrator)) return incident;
  throw notFound(incident.ref);
}

export const notFound = (ref: string): IncidentError =>
  new IncidentError(IncidentErrorCode.IncidentNotFound, `There is no incident ${ref}.`, 'ref');

/** Whether the one running a command sees every incident, private ones included. */
export const seesEveryIncident = (context: CommandContext): boolean =>
  context.privileged === true && context.privateAccess !== false;

/** The incidents among `incidents` the viewer may see, in the same order. */
export const visibleTo = (
  incidents: readonly Incident[],
  viewer: Participant,
  administrator: boolean,
): Incident[] => incidents.filter((incident) => maySee(incident, viewer, administrator));
