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

const STATUS_ECHOES: Readonly<Record<string, string>> = {
  'incident.resolved': 'resolved',
  'incident.reopened': 'reopened',
  'incident.closed': 'closed',
};

/** The outbox events whose echo goes into the incident's space, on every platform that keeps one. */
export const ECHOED_EVENTS: ReadonlySet<string> = new Set([
  'status_update.published',
  ...Object.keys(STATUS_ECHOES),
]);

/**
 * What an incident's channel or thread is told about `event`: the public update as customers read it (with
 * its link to the status page), or the incident's new status; null for events that are not echoed.
 */
export function echoOf(event: OutboxEvent, statusPageUrl: string | null): NeutralMessage | null {
  const ref = event.incidentRef;
  if (!ref) return null;
  if (event.type === 'status_update.published') {
    const body = (event.payload['update'] as { body?: unknown } | undefined)?.body;
    return typeof body === 'string' && body ? publicUpdateEcho(ref, body, statusPageUrl) : null;
  }
  const status = STATUS_ECHOES[event.type];
  return status ? message(`**${ref}** is now ${status}.`, { incidentRef: ref }) : null;
}
