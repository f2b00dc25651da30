import {
  ChannelType,
  GatewayDispatchEvents,
  MessageFlags,
  MessageType,
  ReactionType,
  type APIAllowedMentions,
  type APIAttachment,
  type APIEmbed,
  type APIMessage,
  type APIPartialEmoji,
  type APIReaction,
  type APIMessageReference,
  type APIOverwrite,
  type APITextChannel,
  type APIUser,
  type GatewayMessageReactionAddDispatchData,
  type RESTGetAPIChannelMessagesPinsResult,
} from 'discord-api-types/v10';
import { DiscordErrors } from './discord-api-error.js';
import {
  buildCategory,
  buildTextChannel,
  type FakeGuildChannel,
  type GuildFixture,
} from './guild-fixture.js';
import { notificationsOf, type DiscordPing } from './mention-notifications.js';
import { nextSnowflake } from './snowflake.js';

export type EmitDispatch = (event: string, data: unknown) => void;

/** The writable fields of a message, as a client sends them (REST JSON body). */
export interface MessageDraft {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIMessage['components'];
  flags?: number;
  attachments?: APIAttachment[];
  message_reference?: APIMessageReference;
  tts?: boolean;
  allowed_mentions?: APIAllowedMentions;
}

export interface NewChannelRequest {
  name?: string;
  type?: number;
  topic?: string | null;
  parent_id?: string | null;
  position?: number;
}

interface Pin {
  messageId: string;
  pinnedAt: string;
}

const MAX_CONTENT_LENGTH = 2000;
const MAX_PINS = 50;

/** The guild's mutable state. Every mutation emits the gateway events real Discord emits for it. */
export class DiscordState {
  private readonly channelsById = new Map<string, FakeGuildChannel>();
  private readonly messagesById = new Map<string, APIMessage>();
  private readonly pinsByChannel = new Map<string, Pin[]>();
  /** Every notification a new message sent, in order: what a test asserts a real ping with. */
  readonly pings: DiscordPing[] = [];

  constructor(
    readonly fixture: GuildFixture,
    private readonly emit: EmitDispatch,
  ) {
    for (const channel of fixture.channels) this.channelsById.set(channel.id, channel);
  }

  channels(): FakeGuildChannel[] {
    return [...this.channelsById.values()];
  }

  channel(channelId: string): FakeGuildChannel {
    const channel = this.channelsById.get(channelId);
    if (!channel) throw DiscordErrors.unknownChannel();
    return channel;
  }

  textChannel(channelId: string): APITextChannel {
    const channel = this.channel(channelId);
    if (channel.type !== ChannelType.GuildText) throw DiscordErrors.unknownChannel();
    return channel;
  }

  createChannel(request: NewChannelRequest): FakeGuildChannel {
    const channel = this.buildChannel(request);
    this.channelsById.set(channel.id, channel);
    this.emit(GatewayDispatchEvents.ChannelCreate, channel);
    return channel;
  }

  /**
   * `PATCH /channels/:id` for a text channel: name, topic, parent category. Like Discord, this endpoint knows
   * no `lock_permissions`: moving keeps the channel's own overwrites (see `moveChannels`).
   */
  modifyChannel(
    channelId: string,
    request: { name?: string; topic?: string | null; parent_id?: string | null },
  ): FakeGuildChannel {
    const channel = this.textChannel(channelId);
    const parentId = request.parent_id === undefined ? channel.parent_id : this.categoryId(request.parent_id);
    return this.replaceChannel({
      ...channel,
      ...(request.name !== undefined ? { name: textChannelName(request.name) } : {}),
      ...(request.topic !== undefined ? { topic: request.topic } : {}),
      parent_id: parentId ?? null,
    });
  }

  /**
   * `PATCH /guilds/:id/channels` (Modify Guild Channel Positions): moves channels between categories;
   * `lock_permissions` replaces a moved channel's overwrites with its new category's.
   */
  moveChannels(entries: readonly ChannelPositionEntry[]): void {
    for (const entry of entries) {
      const channel = this.textChannel(entry.id);
      const parentId = entry.parent_id === undefined ? channel.parent_id : this.categoryId(entry.parent_id);
      const parent = parentId ? this.channelsById.get(parentId) : undefined;
      this.replaceChannel({
        ...channel,
        parent_id: parentId ?? null,
        ...(entry.position !== undefined && entry.position !== null ? { position: entry.position } : {}),
        ...(entry.lock_permissions && parent
          ? { permission_overwrites: parent.permission_overwrites ?? [] }
          : {}),
      });
    }
  }

  /** An admin sets a channel's (or category's) permission overwrites. */
  setPermissionOverwrites(channelId: string, overwrites: APIOverwrite[]): void {
    this.replaceChannel({ ...this.channel(channelId), permission_overwrites: overwrites });
  }

  private replaceChannel(channel: FakeGuildChannel): FakeGuildChannel {
    this.channelsById.set(channel.id, channel);
    this.emit(GatewayDispatchEvents.ChannelUpdate, channel);
    return channel;
  }

  /** An admin deletes a channel: it and its messages are gone (later calls answer 10003 Unknown Channel). */
  deleteChannel(channelId: string): void {
    const channel = this.channel(channelId);
    this.channelsById.delete(channelId);
    for (const message of this.messagesIn(channelId)) this.messagesById.delete(message.id);
    this.emit(GatewayDispatchEvents.ChannelDelete, channel);
  }

  messagesIn(channelId: string): APIMessage[] {
    return [...this.messagesById.values()].filter((message) => message.channel_id === channelId);
  }

  message(channelId: string, messageId: string): APIMessage {
    const message = this.messagesById.get(messageId);
    if (!message || message.channel_id !== channelId) throw DiscordErrors.unknownMessage();
    return message;
  }

  createMessage(
    channelId: string,
    author: APIUser,
    draft: MessageDraft,
    extra: Partial<APIMessage> = {},
  ): APIMessage {
    const channel = this.textChannel(channelId);
    assertSendable(draft, extra.type);
    const notified = notificationsOf(draft.content, draft.allowed_mentions);
    const message = buildMessage(channelId, author, draft, {
      mentions: this.mentionedUsers(draft.content),
      ...extra,
    });
    if (!isEphemeral(message) && !isLoading(message.flags)) {
      const members = new Set(this.fixture.members.map((member) => member.user.id));
      const users = notified.users.filter((id) => members.has(id));
      if (users.length || notified.roles.length || notified.everyone)
        this.pings.push({ messageId: message.id, channelId, ...notified, users });
    }
    this.messagesById.set(message.id, message);
    channel.last_message_id = message.id;
    if (!isEphemeral(message)) this.emit(GatewayDispatchEvents.MessageCreate, this.withGuildFields(message));
    return message;
  }

  editMessage(channelId: string, messageId: string, draft: MessageDraft, editor: APIUser): APIMessage {
    const message = this.message(channelId, messageId);
    if (message.author.id !== editor.id) throw DiscordErrors.editOthersMessage();
    assertContentLength(draft.content);
    // Validated like a new message's, but an edit notifies no one (a deferred reply's edit included).
    const { allowed_mentions: allowed, ...fields } = draft;
    notificationsOf(draft.content, allowed);
    return this.replaceMessage(message, {
      ...definedFields(fields),
      embeds: draft.embeds?.map(asRichEmbed) ?? message.embeds,
      edited_timestamp: new Date().toISOString(),
    });
  }

  deleteMessage(channelId: string, messageId: string): void {
    this.message(channelId, messageId);
    this.messagesById.delete(messageId);
    this.emit(GatewayDispatchEvents.MessageDelete, {
      id: messageId,
      channel_id: channelId,
      guild_id: this.fixture.guildId,
    });
  }

  pin(channelId: string, messageId: string, pinnedBy: APIUser): void {
    const message = this.message(channelId, messageId);
    const pins = this.pinsOf(channelId);
    if (message.pinned) return;
    if (pins.length >= MAX_PINS) throw DiscordErrors.tooManyPins();
    pins.unshift({ messageId, pinnedAt: new Date().toISOString() });
    this.replaceMessage(message, { pinned: true });
    // Discord posts a "pinned a message" system message in the channel, like the client shows.
    this.createMessage(
      channelId,
      pinnedBy,
      {},
      {
        type: MessageType.ChannelPinnedMessage,
        message_reference: {
          message_id: messageId,
          channel_id: channelId,
          guild_id: this.fixture.guildId,
        },
      },
    );
    this.emitPinsUpdate(channelId);
  }

  unpin(channelId: string, messageId: string): void {
    const message = this.message(channelId, messageId);
    const pins = this.pinsOf(channelId);
    const index = pins.findIndex((pin) => pin.messageId === messageId);
    if (index === -1) return;
    pins.splice(index, 1);
    this.replaceMessage(message, { pinned: false });
    this.emitPinsUpdate(channelId);
  }

  /** A user reacts to a message: updates its `reactions` and emits MESSAGE_REACTION_ADD (returned). */
  addReaction(
    channelId: string,
    messageId: string,
    user: APIUser,
    emoji: APIPartialEmoji,
  ): GatewayMessageReactionAddDispatchData {
    const message = this.message(channelId, messageId);
    this.messagesById.set(messageId, {
      ...message,
      reactions: withReaction(message.reactions ?? [], emoji, user.id === this.fixture.users.bot.id),
    });
    const member = this.fixture.members.find((candidate) => candidate.user.id === user.id);
    const event: GatewayMessageReactionAddDispatchData = {
      type: ReactionType.Normal,
      user_id: user.id,
      channel_id: channelId,
      message_id: messageId,
      guild_id: this.fixture.guildId,
      emoji,
      burst: false,
      burst_colors: [],
      message_author_id: message.author.id,
      ...(member ? { member } : {}),
    };
    this.emit(GatewayDispatchEvents.MessageReactionAdd, event);
    return event;
  }

  /** `GET /channels/:id/pins` (deprecated route): the pinned messages, newest pin first. */
  pinnedMessages(channelId: string): APIMessage[] {
    this.textChannel(channelId);
    return this.pinsOf(channelId).map((pin) => this.message(channelId, pin.messageId));
  }

  /** `GET /channels/:id/messages/pins`: the paginated shape that `fetchPins()` reads. */
  pinsPage(channelId: string, limit: number, before?: string): RESTGetAPIChannelMessagesPinsResult {
    this.textChannel(channelId);
    const older = this.pinsOf(channelId).filter((pin) => !before || pin.pinnedAt < before);
    return {
      items: older.slice(0, limit).map((pin) => ({
        pinned_at: pin.pinnedAt,
        message: this.message(channelId, pin.messageId),
      })),
      has_more: older.length > limit,
    };
  }

  /** The gateway form of a message: `guild_id` and the author's `member` (without its `user`). */
  withGuildFields(message: APIMessage): APIMessage & { guild_id: string; member?: object } {
    const member = this.fixture.members.find((candidate) => candidate.user.id === message.author.id);
    if (!member) return { ...message, guild_id: this.fixture.guildId };
    const { user: _user, ...memberWithoutUser } = member;
    return { ...message, guild_id: this.fixture.guildId, member: memberWithoutUser };
  }

  private mentionedUsers(content: string | undefined): APIUser[] {
    const ids = new Set([...(content ?? '').matchAll(/<@!?(\d+)>/g)].map((match) => match[1]));
    return this.fixture.members.filter((member) => ids.has(member.user.id)).map((member) => member.user);
  }

  private replaceMessage(message: APIMessage, changes: Partial<APIMessage>): APIMessage {
    const updated = { ...message, ...changes };
    this.messagesById.set(message.id, updated);
    if (!isEphemeral(updated)) this.emit(GatewayDispatchEvents.MessageUpdate, this.withGuildFields(updated));
    return updated;
  }

  private pinsOf(channelId: string): Pin[] {
    let pins = this.pinsByChannel.get(channelId);
    if (!pins) this.pinsByChannel.set(channelId, (pins = []));
    return pins;
  }

  private emitPinsUpdate(channelId: string): void {
    const channel = this.textChannel(channelId);
    channel.last_pin_timestamp = this.pinsOf(channelId)[0]?.pinnedAt ?? null;
    this.emit(GatewayDispatchEvents.ChannelPinsUpdate, {
      guild_id: this.fixture.guildId,
      channel_id: channelId,
      last_pin_timestamp: channel.last_pin_timestamp,
    });
  }

  private buildChannel(request: NewChannelRequest): FakeGuildChannel {
    const type = request.type ?? ChannelType.GuildText;
    const name = request.name?.trim() ?? '';
    if (name.length < 1 || name.length > 100) {
      throw DiscordErrors.invalidFormBody(
        'name',
        'BASE_TYPE_BAD_LENGTH',
        'Must be between 1 and 100 in length.',
      );
    }
    const position = request.position ?? this.channelsById.size;
    if (type === ChannelType.GuildCategory) {
      return buildCategory(this.fixture.guildId, name, position);
    }
    if (type !== ChannelType.GuildText) {
      throw DiscordErrors.invalidFormBody(
        'type',
        'BASE_TYPE_CHOICES',
        'FakeDiscord only models text channels and categories.',
      );
    }
    const parentId = this.categoryId(request.parent_id);
    return buildTextChannel(this.fixture.guildId, {
      name: textChannelName(name),
      parentId,
      topic: request.topic,
      position,
    });
  }

  private categoryId(parentId: string | null | undefined): string | null {
    if (!parentId) return null;
    if (this.channelsById.get(parentId)?.type !== ChannelType.GuildCategory) {
      throw DiscordErrors.invalidFormBody('parent_id', 'CHANNEL_PARENT_INVALID_TYPE', 'Not a category');
    }
    return parentId;
  }
}

/** Discord lowercases text channel names and turns whitespace into dashes ("INC 42" -> "inc-42"). */
function withReaction(reactions: APIReaction[], emoji: APIPartialEmoji, byBot: boolean): APIReaction[] {
  const existing = reactions.find(
    (reaction) => reaction.emoji.id === emoji.id && reaction.emoji.name === emoji.name,
  );
  if (!existing) {
    const reaction = {
      emoji,
      count: 1,
      count_details: { normal: 1, burst: 0 },
      me: byBot,
      me_burst: false,
      burst_colors: [],
    };
    return [...reactions, reaction];
  }
  const count = existing.count + 1;
  const updated = {
    ...existing,
    count,
    count_details: { ...existing.count_details, normal: count },
    me: existing.me || byBot,
  };
  return reactions.map((reaction) => (reaction === existing ? updated : reaction));
}

function textChannelName(name: string): string {
  return name.toLowerCase().replace(/\s+/g, '-');
}

function buildMessage(
  channelId: string,
  author: APIUser,
  draft: MessageDraft,
  extra: Partial<APIMessage>,
): APIMessage {
  return {
    id: nextSnowflake(),
    channel_id: channelId,
    author,
    content: draft.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: draft.tts ?? false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: draft.attachments ?? [],
    embeds: (draft.embeds ?? []).map(asRichEmbed),
    components: draft.components ?? [],
    pinned: false,
    type: MessageType.Default,
    flags: draft.flags ?? 0,
    ...(draft.message_reference ? { message_reference: draft.message_reference } : {}),
    ...extra,
  };
}

function assertSendable(draft: MessageDraft, type: MessageType | undefined): void {
  assertContentLength(draft.content);
  const hasPayload =
    Boolean(draft.content) ||
    Boolean(draft.embeds?.length) ||
    Boolean(draft.components?.length) ||
    Boolean(draft.attachments?.length);
  const isSystemMessage = type !== undefined && type !== MessageType.Default;
  if (!hasPayload && !isSystemMessage && !isLoading(draft.flags)) throw DiscordErrors.emptyMessage();
}

function assertContentLength(content: string | undefined): void {
  if (content !== undefined && content.length > MAX_CONTENT_LENGTH) {
    throw DiscordErrors.invalidFormBody(
      'content',
      'BASE_TYPE_MAX_LENGTH',
      'Must be 2000 or fewer in length.',
    );
  }
}

function asRichEmbed(embed: APIEmbed): APIEmbed {
  return { type: 'rich' as APIEmbed['type'], ...embed };
}

function definedFields(draft: MessageDraft): Partial<APIMessage> {
  return Object.fromEntries(
    Object.entries(draft).filter(([, value]) => value !== undefined),
  ) as Partial<APIMessage>;
}

function isLoading(flags: number | undefined): boolean {
  return ((flags ?? 0) & MessageFlags.Loading) !== 0;
}

export function isEphemeral(message: APIMessage): boolean {
  return ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

/** One entry of Modify Guild Channel Positions. */
export interface ChannelPositionEntry {
  readonly id: string;
  readonly position?: number | null;
  readonly parent_id?: string | null;
  readonly lock_permissions?: boolean | null;
}
