import { IncidentError, IncidentErrorCode } from '../../errors.js';
import type { Incident } from '../../model/incident.js';
import { message, type NeutralMessage } from '../../model/neutral-message.js';
import { mentionOf, type Participant } from '../../model/participant.js';
import { ROLE_TITLES, type AssignableRole } from '../../model/role.js';
import type { Command } from '../command.js';
import type { CommandScope } from '../command-scope.js';
import { requireNotClosed } from './permissions.js';

/** Assign, take (no user) or transfer a role: one holder per role, every change in the timeline. */
export async function assignRole(
  scope: CommandScope,
  command: Extract<Command, { kind: 'role' }>,
): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  requireNotClosed(incident, 'change its roles');
  const holder = command.user ? scope.user(command.user) : scope.actor;
  const previous = incident.roles[command.role] ?? null;
  if (previous?.id === holder.id) {
    return message(`${mentionOf(holder)} is already ${ROLE_TITLES[command.role]} of ${incident.ref}.`, {
      incidentRef: incident.ref,
    });
  }
  const saved = await saveRole(scope, incident, command.role, holder, previous);
  return message(roleLine(command.role, holder, previous), { tone: 'success', incidentRef: saved.ref });
}

export async function unassignRole(
  scope: CommandScope,
  command: Extract<Command, { kind: 'unassign' }>,
): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  requireNotClosed(incident, 'change its roles');
  const previous = incident.roles[command.role];
  if (!previous) {
    throw new IncidentError(
      IncidentErrorCode.InvalidArgument,
      `Nobody is ${ROLE_TITLES[command.role]} of ${incident.ref}.`,
      'role',
    );
  }
  const saved = await saveRole(scope, incident, command.role, null, previous);
  return message(`${ROLE_TITLES[command.role]} of ${saved.ref} is now unassigned.`, {
    tone: 'success',
    incidentRef: saved.ref,
  });
}

async function saveRole(
  scope: CommandScope,
  incident: Incident,
  role: AssignableRole,
  holder: Participant | null,
  previous: Participant | null,
): Promise<Incident> {
  const roles = { ...incident.roles };
  if (holder) roles[role] = holder;
  else delete roles[role];
  const saved = await scope.saveIncident(incident, { ...incident, roles }, 'incident.changed', {
    change: 'role',
    role,
    from: previous,
    to: holder,
  });
  const text = holder
    ? roleLine(role, holder, previous, (person) => person.displayName)
    : `${previous?.displayName ?? 'Nobody'} left ${ROLE_TITLES[role]}`;
  scope.timeline(saved, 'role_changed', text, { data: { role, from: previous, to: holder } });
  return saved;
}

/** `who` writes a person: a mention in replies, the display name in the timeline. */
function roleLine(
  role: AssignableRole,
  holder: Participant,
  previous: Participant | null,
  who: (person: Participant) => string = mentionOf,
): string {
  if (previous) return `${ROLE_TITLES[role]} transferred from ${who(previous)} to ${who(holder)}.`;
  return `${who(holder)} is now ${ROLE_TITLES[role]}.`;
}
