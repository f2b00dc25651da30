import { message, type NeutralMessage, type OutboxEvent, publicUpdateEcho } from '@firebreak/incident';

/**
 * The answer to a successful `setup` on every platform. `channel` is how the platform names the channel (a
 * Discord channel mention, a Teams channel's name); `notes` add what only that platform set up (categories).
 */
export function incidentsChannelChosen(channel: string, notes: readonly string[] = []): NeutralMessage {
  const more = notes.length ? ` ${notes.join(' ')}` : '';
  return message(`${channel} is now the incidents channel: every new incident is announced here.${more}`, {
    title: 'Firebreak is set up',
    tone: 'success',
    visibility: 'private',
  });
}

const STATUS_ECHOES = {
  'incident.resolved': 'resolved',
  'incident.reopened': 'reopened',
  'incident.closed': 'closed',
} as const;

/**
 * What an incident's channel or thread is told about `event`: the public update as customers read it (with
 * its link to the status page), or the incident's new status; null for events that are not echoed.
 */
export function echoOf(event: OutboxEvent, statusPageUrl: string | null): NeutralMessage | null {
  const ref = event.incidentRef;
  if (!ref) return null;
  switch (event.type) {
    case 'status_update.published':
      return event.payload.update.body
        ? publicUpdateEcho(ref, event.payload.update.body, statusPageUrl)
        : null;
    case 'incident.resolved':
    case 'incident.reopened':
    case 'incident.closed':
      return message(`**${ref}** is now ${STATUS_ECHOES[event.type]}.`, { incidentRef: ref });
    default:
      return null;
  }
}
