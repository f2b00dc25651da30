import { message, type NeutralMessage } from '../../model/neutral-message.js';
import type { Command } from '../command.js';
import type { CommandScope } from '../command-scope.js';

/** A message pinned (or reacted to with a pin) in the incident channel enters the timeline as it stood. */
export async function capturePinnedMessage(
  scope: CommandScope,
  command: Extract<Command, { kind: 'pin' | 'unpin' }>,
): Promise<NeutralMessage> {
  const incident = await scope.incident(command.ref);
  scope.require('timeline', { incident });
  const pinned = command.kind === 'pin';
  const text = pinned
    ? `Pinned message from ${command.message.author.displayName}: ${command.message.text}`
    : `Unpinned message from ${command.message.author.displayName}`;
  scope.timeline(incident, pinned ? 'message_pinned' : 'message_unpinned', text, {
    message: command.message,
  });
  return message(
    pinned ? `Added to the timeline of ${incident.ref}.` : `Unpin recorded on ${incident.ref}.`,
    {
      tone: 'success',
      visibility: 'private',
      incidentRef: incident.ref,
    },
  );
}
