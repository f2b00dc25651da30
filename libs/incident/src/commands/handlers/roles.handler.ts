import { IncidentError, IncidentErrorCode } from '../../errors.js';
import type { Incident } from '../../model/incident.js';
import { message, notifying, type NeutralMessage } from '../../model/neutral-message.js';
import { mentionOf, type Participant } from '../../model/participant.js';
import { ROLE_TITLES, type AssignableRole } from '../../model/role.js';
import type { ButtonIntent } from '../button-intent.js';
import type { Command } from '../command.js';
import type { CommandScope } from '../command-scope.js';
import { requireNotClosed } from './closed-incident.js';

type RoleCommand = Extract<Command, { kind: 'role' }>;

/**
 * Assign, take (no user) or transfer a role: one holder per role, every change in the timeline. A role nobody
 * holds is taken at once. A role someone holds moves when its holder hands it over; someone the policy trusts
 * with it (the lead, an administrator) moves it after confirming, so a stray button press never does; anyone
 * else asks the holder to hand it over.
 */
export async function assignRole(scope: CommandScope, command: RoleCommand): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  requireNotClosed(incident, 'change its roles');
  const holder = command.user ? await scope.user(command.user, incident) : scope.actor;
  const previous = incident.roles[command.role] ?? null;
  if (previous?.id === holder.id) {
    return message(`${mentionOf(holder)} is already ${ROLE_TITLES[command.role]} of ${incident.ref}.`, {
      incidentRef: incident.ref,
      ...notifying([], [holder]),
    });
  }
  if (!previous) {
    scope.require('role_take', { incident });
  } else if (!scope.may('role_transfer', { incident, holder: previous })) {
    return askFirst(scope, incident, command, holder, previous, false);
  } else if (previous.id !== scope.actor.id && !command.confirm) {
    return askFirst(scope, incident, command, holder, previous, true);
  }
  const saved = await saveRole(scope, incident, command.role, holder, previous);
  return message(roleLine(command.role, holder, previous), {
    tone: 'success',
    incidentRef: saved.ref,
    // The new holder learns of it, and whoever it was taken from.
    ...notifying(
      [holder, previous].filter((person) => person?.id !== scope.actor.id),
      [holder, previous],
    ),
  });
}

/** The button that gives `role` to `holder`: to whoever presses it when that is who asked to take over. */
function handOver(
  scope: CommandScope,
  role: AssignableRole,
  holder: Participant,
  confirm: boolean,
): ButtonIntent {
  const to = holder.id === scope.actor.id && confirm ? null : holder;
  return { kind: 'hand_over_role', role, to, confirm };
}

/**
 * The answer when a held role does not move yet. Someone the policy trusts with moving it is asked, privately,
 * to confirm; anyone else's request goes to the holder, in public so they see it, with a button to hand over.
 */
function askFirst(
  scope: CommandScope,
  incident: Incident,
  command: RoleCommand,
  holder: Participant,
  previous: Participant,
  trusted: boolean,
): NeutralMessage {
  const title = ROLE_TITLES[command.role];
  const self = holder.id === scope.actor.id;
  const [text, label] = trusted
    ? [
        `${mentionOf(previous)} is ${title} of ${incident.ref}. ` +
          (self
            ? `Take over from ${mentionOf(previous)}?`
            : `Transfer it from ${mentionOf(previous)} to ${mentionOf(holder)}?`),
        self ? 'Take over' : `Transfer to ${holder.displayName}`,
      ]
    : [
        `${mentionOf(previous)}, ${mentionOf(scope.actor)} ` +
          (self ? `asks to take over as ${title}` : `proposes ${mentionOf(holder)} as ${title}`) +
          ` of ${incident.ref}. Hand it over?`,
        `Hand over to ${holder.displayName}`,
      ];
  return message(text, {
    title: trusted ? `Replace the ${title} of ${incident.ref}?` : `${title} of ${incident.ref}`,
    visibility: trusted ? 'private' : 'public',
    incidentRef: incident.ref,
    // A request goes to the holder it asks; a confirmation is for the asker alone.
    ...(trusted
      ? notifying([], [holder, previous])
      : notifying(self ? [previous] : [previous, holder], [holder, scope.actor])),
    buttons: [
      {
        label,
        intent: handOver(scope, command.role, holder, trusted),
        style: trusted ? 'danger' : 'primary',
      },
    ],
  });
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
  scope.require('role_transfer', { incident, holder: previous });
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
