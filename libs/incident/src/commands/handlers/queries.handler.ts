import { message, type NeutralMessage } from '../../model/neutral-message.js';
import type { Command } from '../command.js';
import { helpText } from '../command-help.js';
import type { CommandScope } from '../command-scope.js';
import { actionItemLine, incidentHeadline, incidentLine, ownerNames } from '../incident-messages.js';
import { namesOf } from '../../model/participant.js';

const OPEN = ['investigating', 'identified', 'monitoring', 'resolved'] as const;

export async function listOpenIncidents(scope: CommandScope): Promise<NeutralMessage> {
  const incidents = scope.settings.access.visible(
    scope.viewer,
    await scope.stores.incidents.list({ statuses: OPEN, limit: 25 }),
  );
  if (incidents.length === 0)
    return message('No open incidents. 🎉', { title: 'Open incidents', visibility: 'private' });
  return message(incidents.map(incidentLine).join('\n'), {
    title: 'Open incidents',
    visibility: 'private',
    people: namesOf(incidents.map((incident) => incident.roles.lead)),
  });
}

export async function showIncident(
  scope: CommandScope,
  command: Extract<Command, { kind: 'show' }>,
): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  const headline = incidentHeadline(
    incident,
    await scope.stores.components.list(),
    scope.settings.links.document(incident.ref),
  );
  const items = await scope.stores.actions.listFor(incident.ref);
  const itemsField = items.length
    ? [{ name: 'Actions and follow-ups', value: items.map(actionItemLine).join('\n') }]
    : [];
  return {
    ...headline,
    fields: [...headline.fields, ...itemsField],
    visibility: 'private',
    people: { ...headline.people, ...ownerNames(items) },
  };
}

export function showHelp(scope: CommandScope, command: Extract<Command, { kind: 'help' }>): NeutralMessage {
  return message(helpText(command.topic, scope.settings.permissions), {
    title: 'Firebreak commands',
    visibility: 'private',
  });
}
