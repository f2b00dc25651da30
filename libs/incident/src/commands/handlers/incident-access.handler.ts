import { IncidentError, IncidentErrorCode } from '../../errors.js';
import type { Incident } from '../../model/incident.js';
import { message, type NeutralMessage } from '../../model/neutral-message.js';
import { mentionOf, namesOf, type Participant } from '../../model/participant.js';
import { chatNotice } from '../../review/followup-reminders.js';
import type { Command } from '../command.js';
import type { CommandScope } from '../command-scope.js';
import { requireNotClosed } from './closed-incident.js';

/*
 * Who may see a private incident changes only by these commands, each logged in the timeline: the lead (or an
 * administrator) invites and uninvites people, makes an open incident private, or opens it to every responder
 * again, which is never done silently.
 */

/** `invite [INC-n] @person…` / `uninvite [INC-n] @person…`. */
export async function changeInvitees(
  scope: CommandScope,
  command: Extract<Command, { kind: 'invite' | 'uninvite' }>,
): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  scope.require('access', { incident });
  if (!incident.private)
    throw new IncidentError(
      IncidentErrorCode.IllegalTransition,
      `${incident.ref} is not private: every responder sees it already. \`private ${incident.ref}\` makes it private.`,
    );
  const people = await Promise.all(command.users.map((id) => scope.user(id, incident)));
  const invitees =
    command.kind === 'invite' ? withInvited(incident.invitees, people) : withoutUninvited(incident, people);
  if (invitees.length === incident.invitees.length)
    return message(
      `Nothing changed: ${namesText(people)} ${command.kind === 'invite' ? 'can already' : 'cannot'} see ${incident.ref}.`,
      {
        incidentRef: incident.ref,
        visibility: 'private',
      },
    );
  const saved = await scope.saveIncident(incident, { ...incident, invitees }, 'incident.changed', {
    change: 'access',
  });
  const verb = command.kind === 'invite' ? 'invited' : 'uninvited';
  scope.timeline(saved, 'access_changed', `${scope.actor.displayName} ${verb} ${namesText(people)}`, {
    data: { change: command.kind, people: people.map((person) => ({ ...person })) },
  });
  return message(
    `${namesText(people)} ${command.kind === 'invite' ? 'can now see' : 'can no longer see'} ${saved.ref}.`,
    {
      tone: 'success',
      incidentRef: saved.ref,
      people: namesOf(people),
    },
  );
}

/** `private [INC-n]` makes an open incident private; `private [INC-n] --public` opens it again. */
export async function changeAccess(
  scope: CommandScope,
  command: Extract<Command, { kind: 'access' }>,
): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  requireNotClosed(incident, command.private ? 'make it private' : 'make it public');
  scope.require('access', { incident });
  if (incident.private === command.private)
    return message(
      `${incident.ref} is already ${command.private ? 'private' : 'visible to every responder'}.`,
      {
        incidentRef: incident.ref,
      },
    );
  const invitees = command.private
    ? withInvited(incident.invitees, peopleOf(incident, scope.actor))
    : incident.invitees;
  const saved = await scope.saveIncident(
    incident,
    { ...incident, private: command.private, invitees },
    'incident.changed',
    { change: 'access' },
  );
  const text = command.private
    ? `${scope.actor.displayName} made the incident private`
    : `${scope.actor.displayName} made the incident visible to every responder`;
  scope.timeline(saved, 'access_changed', text, { data: { change: command.private ? 'private' : 'public' } });
  return message(
    command.private
      ? `${saved.ref} is private: only ${namesText(saved.invitees)} and administrators can see it. \`invite ${saved.ref} @person\` adds people.`
      : `${saved.ref} is visible to every responder again.`,
    { tone: 'success', incidentRef: saved.ref, people: namesOf(saved.invitees) },
  );
}

/**
 * What the incidents channels are told of a private incident: its reference and lead, nothing else, so the
 * shared channel learns neither what happened nor how bad it is.
 */
export function privateIncidentNotice(scope: CommandScope, incident: Incident): void {
  const lead = incident.roles.lead ?? incident.roles.reporter;
  const notice = message(
    `A private incident was declared (${incident.ref}, lead: ${lead ? mentionOf(lead) : 'nobody yet'}).`,
    { people: namesOf([lead]) },
  );
  const event = chatNotice(
    { kind: 'incidents_channel' },
    notice,
    scope.now,
    `private-declared:${incident.ref}`,
  );
  scope.event(event.type, event.incidentRef, event.payload);
}

/** The people a private incident keeps: whoever holds a role, and the one who made it private. */
function peopleOf(incident: Incident, actor: Participant): Participant[] {
  return [...Object.values(incident.roles), actor];
}

function withInvited(current: readonly Participant[], people: readonly Participant[]): Participant[] {
  const invited = [...current];
  for (const person of people) if (!invited.some((each) => each.id === person.id)) invited.push(person);
  return invited;
}

/** Its reporter always sees the incident they declared, so they are never uninvited. */
function withoutUninvited(incident: Incident, people: readonly Participant[]): Participant[] {
  const reporter = incident.roles.reporter?.id;
  if (people.some((person) => person.id === reporter))
    throw IncidentError.invalid(
      'user',
      `The reporter always sees ${incident.ref}; they cannot be uninvited.`,
    );
  return incident.invitees.filter((invitee) => !people.some((person) => person.id === invitee.id));
}

const namesText = (people: readonly Participant[]): string =>
  people.map((person) => person.displayName).join(', ');
