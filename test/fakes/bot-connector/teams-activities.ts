/**
 * Builders for inbound Microsoft Teams activities, in the wire (JSON) shape Teams POSTs to `/api/messages`
 * (see learn.microsoft.com "Conversation basics", "Channel and group chat conversations with a bot",
 * "Universal Actions for Adaptive Cards", "Task modules", "Message extensions: respond to action command",
 * "Message reactions"). Every builder returns a fresh object with a unique `id` and a current `timestamp`.
 */
import { randomUUID } from 'node:crypto';
import { type ConversationReference } from 'botbuilder';
import { nextMessageId } from './fake-bot-connector.js';

export interface TeamsUser {
  /** Bot Framework user id, `29:...`. */
  id: string;
  name: string;
  aadObjectId: string;
}

export interface TeamsChannelAccount {
  id: string;
  name: string;
  aadObjectId?: string;
  role?: string;
}

export interface TeamsConversation {
  id: string;
  conversationType: 'channel' | 'personal' | 'groupChat';
  isGroup?: boolean;
  tenantId: string;
  name?: string;
}

export interface MentionEntity {
  type: 'mention';
  mentioned: { id: string; name: string };
  text: string;
}

/** An inbound activity as serialized JSON (timestamps are ISO strings). */
export interface InboundActivity {
  type: 'message' | 'invoke' | 'messageReaction' | 'conversationUpdate';
  id: string;
  timestamp: string;
  localTimestamp: string;
  localTimezone: string;
  serviceUrl: string;
  channelId: 'msteams';
  from: TeamsChannelAccount;
  conversation: TeamsConversation;
  recipient: TeamsChannelAccount;
  locale: string;
  channelData: Record<string, unknown>;
  text?: string;
  textFormat?: 'plain' | 'markdown' | 'xml';
  attachments?: Array<{ contentType: string; content: unknown }>;
  entities?: Array<MentionEntity | Record<string, unknown>>;
  name?: string;
  value?: unknown;
  replyToId?: string;
  reactionsAdded?: Array<{ type: string }>;
  reactionsRemoved?: Array<{ type: string }>;
}

export interface TeamsFixtureOptions {
  serviceUrl: string;
  /** The bot's Microsoft App id; the bot account is `28:<appId>`. */
  appId: string;
  botName?: string;
  tenantId?: string;
  teamId?: string;
  teamName?: string;
  teamAadGroupId?: string;
  /** Channel the messages are posted in; defaults to the team's General channel (same id as the team). */
  channelId?: string;
  channelName?: string;
  /** Default sender. */
  user?: TeamsUser;
}

export const MEGAN: TeamsUser = {
  id: '29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB39ATiQWA85gQtHieVkKilBZ9XHoq9j7Zaqt7CZ-NJWi7me2kHTL3Bw',
  name: 'Megan Bowen',
  aadObjectId: '7faf4a48-8b34-4a63-a9c4-5dbd0a1a3f5e',
};

export const ALICE: TeamsUser = {
  id: '29:1pKz8Qa3wuYQ0Wz4uZ2ZpAlice6dFh2kQxjk9F2y3s8P0r1YbJgH6tE5mN4cL7vB',
  name: 'Alice Smith',
  aadObjectId: '3c7e25b1-6f0c-4d8e-9a51-2b9f4e0d7a66',
};

export const BOB: TeamsUser = {
  id: '29:1Rq7Vx0Bob3nLmK8sT5wYzH2jE4gF6dC9aP1oI0uU7yT2rE3wQ5tY8uI9oP0aS1dF',
  name: 'Bob Jones',
  aadObjectId: '9d2a6c44-1e8b-4f37-8c05-6a1b3d9e2f70',
};

interface ChannelMessageOptions {
  from?: TeamsUser;
  /** Root message id of the thread when replying inside an existing thread. */
  threadRootId?: string;
}

/** Activity builders bound to one tenant / team / channel / bot. */
export class TeamsActivities {
  readonly tenantId: string;
  readonly teamId: string;
  readonly teamName: string;
  readonly teamAadGroupId: string;
  readonly channelId: string;
  readonly channelName: string;
  readonly bot: TeamsChannelAccount;
  readonly user: TeamsUser;
  readonly serviceUrl: string;

  constructor(options: TeamsFixtureOptions) {
    this.serviceUrl = options.serviceUrl;
    this.tenantId = options.tenantId ?? '72f988bf-86f1-41af-91ab-2d7cd011db47';
    this.teamId = options.teamId ?? '19:c7a45b0f0b1b4a5c8f2f6e8a9d1c3b5e@thread.tacv2';
    this.teamName = options.teamName ?? 'SRE';
    this.teamAadGroupId = options.teamAadGroupId ?? 'b6a8f1e2-4c3d-4e5f-8a9b-0c1d2e3f4a5b';
    this.channelId = options.channelId ?? this.teamId;
    this.channelName = options.channelName ?? 'General';
    this.bot = { id: `28:${options.appId}`, name: options.botName ?? 'Firebreak' };
    this.user = options.user ?? MEGAN;
  }

  /** `<channel id>;messageid=<root id>`: the conversation of a channel thread. */
  threadConversationId(rootMessageId: string): string {
    return `${this.channelId};messageid=${rootMessageId}`;
  }

  /** `channelData` Teams sends for channel conversations. */
  channelData(): Record<string, unknown> {
    return {
      teamsChannelId: this.channelId,
      teamsTeamId: this.teamId,
      channel: { id: this.channelId, name: this.channelName },
      team: { id: this.teamId, name: this.teamName, aadGroupId: this.teamAadGroupId },
      tenant: { id: this.tenantId },
    };
  }

  /** Mention entity for `user` (or the bot) whose `text` is `<at>name</at>`. */
  mention(who: TeamsChannelAccount & { name: string }): MentionEntity {
    return { type: 'mention', mentioned: { id: who.id, name: who.name }, text: `<at>${who.name}</at>` };
  }

  /**
   * A channel post that @mentions the bot: text `<at>Firebreak</at> <command>`, e.g.
   * `channelMention('incident declare DB is down')`. Starts a new thread unless `threadRootId` is given.
   */
  channelMention(command: string, options: ChannelMessageOptions = {}): InboundActivity {
    return this.channelMessageMentioning(command, [], options);
  }

  /**
   * A channel post mentioning the bot and other users; `{}` placeholders in `command` are replaced in order by
   * `<at>Name</at>`: `channelMessageMentioning('incident lead {}', [ALICE])`.
   */
  channelMessageMentioning(
    command: string,
    users: TeamsUser[],
    options: ChannelMessageOptions = {},
  ): InboundActivity {
    const id = nextMessageId();
    const rootId = options.threadRootId ?? id;
    const botName = this.bot.name ?? 'Firebreak';
    let rest = command;
    for (const user of users)
      rest = rest.includes('{}')
        ? rest.replace('{}', `<at>${user.name}</at>`)
        : `${rest} <at>${user.name}</at>`;
    const text = `<at>${botName}</at> ${rest}`;
    return {
      ...this.envelope('message', id, this.channelConversation(rootId), options.from),
      text,
      textFormat: 'plain',
      attachments: [{ contentType: 'text/html', content: `<div><div>${htmlMentions(text)}</div></div>` }],
      entities: [
        this.mention({ id: this.bot.id, name: botName }),
        ...users.map((u) => this.mention(u)),
        clientInfo(),
      ],
      channelData: this.channelData(),
      ...(options.threadRootId ? { replyToId: options.threadRootId } : {}),
    };
  }

  /**
   * A channel post that does NOT mention the bot (delivered only to bots granted the `ChannelMessage.Read.Group`
   * resource-specific permission). Starts a new thread unless `threadRootId` is given.
   */
  channelMessage(text: string, options: ChannelMessageOptions = {}): InboundActivity {
    const id = nextMessageId();
    const rootId = options.threadRootId ?? id;
    return {
      ...this.envelope('message', id, this.channelConversation(rootId), options.from),
      text,
      textFormat: 'plain',
      attachments: [{ contentType: 'text/html', content: `<div><div>${text}</div></div>` }],
      entities: [clientInfo()],
      channelData: this.channelData(),
      ...(options.threadRootId ? { replyToId: options.threadRootId } : {}),
    };
  }

  /** A 1:1 (personal scope) message: no mention, conversation `a:1...`, `conversationType: 'personal'`. */
  personalMessage(text: string, options: { from?: TeamsUser } = {}): InboundActivity {
    const from = options.from ?? this.user;
    return {
      ...this.envelope('message', nextMessageId(), this.personalConversation(from), from),
      text,
      textFormat: 'plain',
      entities: [clientInfo()],
      channelData: { tenant: { id: this.tenantId } },
    };
  }

  /** `conversation` of the personal chat between `user` and the bot (stable per user). */
  personalConversation(user: TeamsUser = this.user): TeamsConversation {
    return {
      conversationType: 'personal',
      tenantId: this.tenantId,
      id: `a:1${Buffer.from(`${user.aadObjectId}|${this.bot.id}`).toString('base64url')}`,
    };
  }

  /**
   * Universal Action (`Action.Execute`) from an Adaptive Card the bot posted: invoke `adaptiveCard/action`.
   * The bot must answer with an invoke response (`status: 200`, `type: application/vnd.microsoft.card.adaptive`).
   */
  adaptiveCardAction(
    verb: string,
    data: Record<string, unknown> = {},
    options: { cardMessageId?: string; threadRootId?: string; from?: TeamsUser } = {},
  ): InboundActivity {
    const cardMessageId = options.cardMessageId ?? nextMessageId();
    const rootId = options.threadRootId ?? cardMessageId;
    return {
      ...this.envelope('invoke', invokeId(), this.channelConversation(rootId), options.from),
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger: 'manual' },
      replyToId: cardMessageId,
      channelData: {
        ...this.channelData(),
        source: { name: 'message' },
        legacy: { replyToId: cardMessageId },
      },
    };
  }

  /** `task/fetch` invoke (Action.Submit with `msteams: { type: 'task/fetch' }`) asking for a task module. */
  taskFetch(
    data: Record<string, unknown> = {},
    options: { cardMessageId?: string; from?: TeamsUser } = {},
  ): InboundActivity {
    return this.taskInvoke('task/fetch', { ...data, msteams: { type: 'task/fetch' } }, options);
  }

  /** `task/submit` invoke carrying the task module's form values. */
  taskSubmit(
    data: Record<string, unknown>,
    options: { cardMessageId?: string; from?: TeamsUser } = {},
  ): InboundActivity {
    return this.taskInvoke('task/submit', data, options);
  }

  /**
   * Message action (e.g. "Add to incident timeline") on an existing channel message: invoke
   * `composeExtension/submitAction` with `commandContext: 'message'` and the target in `value.messagePayload`.
   */
  messageAction(
    commandId: string,
    message: {
      id?: string;
      html: string;
      author?: TeamsUser;
      threadRootId?: string;
      data?: Record<string, unknown>;
    },
    options: { from?: TeamsUser } = {},
  ): InboundActivity {
    const messageId = message.id ?? nextMessageId();
    const author = message.author ?? this.user;
    const rootId = message.threadRootId ?? messageId;
    const linkToMessage =
      `https://teams.microsoft.com/l/message/${encodeURIComponent(this.channelId)}/${messageId}` +
      `?groupId=${this.teamAadGroupId}&tenantId=${this.tenantId}&createdTime=${messageId}` +
      `&parentMessageId=${rootId}`;
    return {
      ...this.envelope('invoke', invokeId(), this.channelConversation(rootId), options.from),
      name: 'composeExtension/submitAction',
      value: {
        commandId,
        commandContext: 'message',
        context: { theme: 'default' },
        data: message.data ?? {},
        messagePayload: {
          id: messageId,
          replyToId: message.threadRootId ?? null,
          createdDateTime: new Date().toISOString(),
          lastModifiedDateTime: null,
          deleted: false,
          subject: null,
          summary: null,
          importance: 'normal',
          locale: 'en-us',
          linkToMessage,
          from: {
            user: { id: author.aadObjectId, displayName: author.name, userIdentityType: 'aadUser' },
            application: null,
            device: null,
            conversation: null,
          },
          body: { contentType: 'html', content: message.html },
          attachmentLayout: 'list',
          attachments: [],
          mentions: [],
          reactions: [],
        },
      },
      channelData: { ...this.channelData(), source: { name: 'message' } },
    };
  }

  /** `messageReaction` with `reactionsAdded: [{ type }]` on the message `replyToId`. */
  reaction(
    replyToId: string,
    type = 'like',
    options: { threadRootId?: string; from?: TeamsUser; removed?: boolean } = {},
  ): InboundActivity {
    const rootId = options.threadRootId ?? replyToId;
    return {
      ...this.envelope(
        'messageReaction',
        `f:${randomUUID()}`,
        this.channelConversation(rootId),
        options.from,
      ),
      ...(options.removed ? { reactionsRemoved: [{ type }] } : { reactionsAdded: [{ type }] }),
      replyToId,
      channelData: { ...this.channelData(), legacy: { replyToId } },
    };
  }

  private taskInvoke(
    name: 'task/fetch' | 'task/submit',
    data: Record<string, unknown>,
    options: { cardMessageId?: string; from?: TeamsUser },
  ): InboundActivity {
    const cardMessageId = options.cardMessageId ?? nextMessageId();
    return {
      ...this.envelope('invoke', invokeId(), this.channelConversation(cardMessageId), options.from),
      name,
      value: { type: name, data, context: { theme: 'default' } },
      replyToId: cardMessageId,
      channelData: { ...this.channelData(), source: { name: 'message' } },
    };
  }

  private channelConversation(rootId: string): TeamsConversation {
    return {
      isGroup: true,
      conversationType: 'channel',
      tenantId: this.tenantId,
      id: this.threadConversationId(rootId),
    };
  }

  private envelope(
    type: InboundActivity['type'],
    id: string,
    conversation: TeamsConversation,
    from: TeamsUser = this.user,
  ): Omit<InboundActivity, 'channelData'> {
    const now = new Date();
    return {
      type,
      id,
      timestamp: now.toISOString(),
      localTimestamp: now.toISOString(),
      localTimezone: 'Europe/Paris',
      serviceUrl: this.serviceUrl,
      channelId: 'msteams',
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      conversation,
      recipient: { ...this.bot },
      locale: 'en-US',
    };
  }
}

/**
 * The `ConversationReference` a bot would store from this activity (what `TurnContext.getConversationReference`
 * returns), e.g. for `adapter.continueConversationAsync(appId, reference, logic)`. Without `activityId` the SDK
 * makes up a random continuation id and proactive sends still use the reply route with it.
 */
export function toConversationReference(
  activity: InboundActivity,
  options: { withActivityId?: boolean } = {},
): ConversationReference {
  return {
    ...(options.withActivityId ? { activityId: activity.id } : {}),
    user: activity.from,
    bot: activity.recipient,
    conversation: { isGroup: false, name: '', ...activity.conversation },
    channelId: activity.channelId,
    locale: activity.locale,
    serviceUrl: activity.serviceUrl,
  };
}

function invokeId(): string {
  return `f:${randomUUID()}`;
}

function clientInfo(): Record<string, unknown> {
  return { type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'Europe/Paris' };
}

function htmlMentions(text: string): string {
  let index = 0;
  return text.replace(/<at>(.*?)<\/at>/g, (_m, name: string) => {
    const span = `<span itemscope="" itemtype="http://schema.skype.com/Mention" itemid="${index}">${name}</span>`;
    index += 1;
    return span;
  });
}
