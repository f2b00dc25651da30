import type { Activity } from 'botbuilder';
import { participant, type PinnedMessage } from '@firebreak/incident';
import { plainText } from './teams-command-text.js';
import { teamsMessageLink, threadRootOf } from './teams-workspaces.js';

/**
 * Channel messages the bot saw recently (it sees those that do not mention it only with the
 * `ChannelMessage.Read.Group` permission), so a reaction can pin a message with its author and text: the Bot
 * Connector has no API to read a message back. Bounded, in memory: after a restart a reaction records what is
 * known instead.
 */
export class RecentThreadMessages {
  private readonly messages = new Map<string, PinnedMessage>();

  constructor(private readonly capacity = 5_000) {}

  remember(activity: Activity): void {
    const key = keyOf(activity.conversation.id, activity.id ?? '');
    this.messages.delete(key);
    this.messages.set(key, {
      platform: 'teams',
      messageId: activity.id ?? '',
      link: messageLink(activity, activity.id ?? ''),
      author: participant(`teams:${activity.from.aadObjectId ?? activity.from.id}`, activity.from.name),
      text: plainText(activity.text ?? ''),
      postedAt: activity.timestamp ? new Date(activity.timestamp) : null,
    });
    if (this.messages.size > this.capacity) {
      const oldest = this.messages.keys().next().value;
      if (oldest !== undefined) this.messages.delete(oldest);
    }
  }

  find(conversationId: string, messageId: string): PinnedMessage | null {
    return this.messages.get(keyOf(conversationId, messageId)) ?? null;
  }
}

/** Teams deep link to a channel message (team group id and tenant from the activity's channelData). */
export function messageLink(activity: Activity, messageId: string): string | null {
  const channelData = (activity.channelData ?? {}) as {
    team?: { aadGroupId?: string };
    tenant?: { id?: string };
  };
  if (activity.conversation.conversationType !== 'channel') return null;
  return teamsMessageLink(activity.conversation.id, messageId, {
    groupId: channelData.team?.aadGroupId,
    tenantId: channelData.tenant?.id,
    parentMessageId: threadRootOf(activity.conversation.id),
  });
}

function keyOf(conversationId: string, messageId: string): string {
  return `${conversationId}|${messageId}`;
}
