import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import {
  ChannelType,
  type APIOverwrite,
  GatewayDispatchEvents,
  type APIApplicationCommand,
  type APIInteraction,
  type APIMessage,
  type APIPartialEmoji,
  type APIRole,
  type APIUser,
  type GatewayChannelPinsUpdateDispatchData,
  type GatewayGuildMembersChunkDispatchData,
  type GatewayMessageReactionAddDispatchData,
  type GatewayReadyDispatchData,
  type GatewayRequestGuildMembersData,
} from 'discord-api-types/v10';
import { GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import { CommandRegistry } from './command-registry.js';
import { DiscordState } from './discord-state.js';
import { DiscordOAuth2, type DiscordOAuth2Options } from './discord-oauth2.js';
import { discordRoutes } from './discord-routes.js';
import { FakeGateway, type GatewayHost, type ReceivedGatewayPayload } from './fake-gateway.js';
import {
  FakeRestApi,
  type FaultFilter,
  type FaultKind,
  type OutageMode,
  type RecordedRequest,
} from './fake-rest-api.js';
import {
  APPLICATION_FLAGS,
  buildGuildCreate,
  buildRole,
  createGuildFixture,
  type FakeGuildChannel,
  type FakeUsers,
  type GuildFixture,
  type GuildFixtureOptions,
} from './guild-fixture.js';
import {
  InteractionLedger,
  type InteractionCallbackBody,
  type InteractionResponseRecord,
} from './interaction-ledger.js';
import {
  buildAutocomplete,
  buildButtonClick,
  buildModalSubmit,
  buildSlashCommand,
  type AutocompleteInput,
  type InvocationContext,
  type ModalSubmitInput,
  type SlashCommandInput,
} from './interaction-payloads.js';
import { publicKeyHex } from './interaction-signer.js';
import type { DiscordPing } from './mention-notifications.js';
import { nextSnowflake } from './snowflake.js';

export type { FaultFilter, FaultKind, OutageMode, RecordedRequest } from './fake-rest-api.js';
export type { FakeGuildChannel, FakeUsers, SeedChannel } from './guild-fixture.js';
export type { InteractionResponseRecord } from './interaction-ledger.js';

export interface FakeDiscordOptions extends GuildFixtureOptions, DiscordOAuth2Options {
  /** Bot token the fake accepts on REST and in IDENTIFY. Defaults to a random, real-looking one. */
  token?: string;
  /** Discord uses 41 250 ms; lower it to exercise heartbeats in a short test. */
  heartbeatIntervalMs?: number;
  /** Discord rejects interaction callbacks later than 3 s after the interaction with 10062 Unknown interaction. */
  interactionAckDeadlineMs?: number;
}

/** Who invokes an interaction and where. Defaults: `users.alice` in the `incidents` channel (or the first text one). */
export interface Invoker {
  user?: APIUser;
  channelId?: string;
}

export interface ReactionInput {
  channelId: string;
  messageId: string;
  user?: APIUser;
  emoji?: APIPartialEmoji;
}

const DISCORD_HEARTBEAT_INTERVAL_MS = 41_250;
const DISCORD_ACK_DEADLINE_MS = 3_000;

/**
 * A fake Discord on one loopback port, speaking the real REST (v10) and gateway protocols, so the real discord.js
 * `Client` runs against it. See `discordClientOptions()` for how to point a client at it.
 */
export class FakeDiscord {
  readonly token: string;
  readonly guildId: string;
  readonly applicationId: string;
  readonly users: FakeUsers;
  /** The application's OAuth2 (sign-in with Discord): who approves, outsiders, redirect URIs. */
  readonly oauth2: DiscordOAuth2;
  private readonly state: DiscordState;
  private readonly interactions: InteractionLedger;
  private readonly commandRegistry: CommandRegistry;
  private readonly gateway: FakeGateway;
  private readonly rest: FakeRestApi;
  private readonly server: Server;
  private stopped = false;

  private constructor(
    private readonly fixture: GuildFixture,
    options: FakeDiscordOptions,
  ) {
    this.token = options.token ?? realLookingToken(fixture.users.bot.id);
    this.guildId = fixture.guildId;
    this.applicationId = fixture.applicationId;
    this.users = fixture.users;
    this.gateway = new FakeGateway(
      this.gatewayHost(options.heartbeatIntervalMs ?? DISCORD_HEARTBEAT_INTERVAL_MS),
    );
    this.state = new DiscordState(fixture, (event, data) => this.gateway.dispatch(event, data));
    this.interactions = new InteractionLedger(
      this.state,
      options.interactionAckDeadlineMs ?? DISCORD_ACK_DEADLINE_MS,
    );
    this.commandRegistry = new CommandRegistry(fixture.applicationId);
    this.oauth2 = new DiscordOAuth2(fixture, options);
    this.rest = new FakeRestApi(this.routes(), this.token);
    this.server = createServer((request, response) => void this.rest.handle(request, response));
    this.server.on('upgrade', (request, socket, head) => this.gateway.handleUpgrade(request, socket, head));
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(createGuildFixture(options), options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(0, '127.0.0.1', resolve);
    });
    return fake;
  }

  /** Pass as `rest: { api: fake.restUrl }`; discord.js appends `/v10/...` itself. */
  get restUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Every REST call received, in order, including those answered with an injected fault. */
  get requests(): readonly RecordedRequest[] {
    return this.rest.requests;
  }

  /** Every payload clients sent over the gateway (IDENTIFY, heartbeats, ...). */
  get gatewayPayloads(): readonly ReceivedGatewayPayload[] {
    return this.gateway.received;
  }

  get connectedClients(): number {
    return this.gateway.connectedSessions;
  }

  /** The guild's roles: `@everyone`, the bot's managed role, and `Incident Commander` (held by alice). */
  get roles(): readonly APIRole[] {
    return this.fixture.roles;
  }

  get commanderRoleId(): string {
    const role = this.fixture.roles.find((each) => each.name === 'Incident Commander');
    if (!role) throw new Error('FakeDiscord: the fixture has no Incident Commander role');
    return role.id;
  }

  /**
   * An interaction Discord would deliver over HTTP instead of the gateway: built and registered (so its
   * webhook token works) but not dispatched. Pass the endpoint's HTTP answer to `acceptHttpResponse`.
   */
  httpSlashCommand(input: SlashCommandInput & Invoker): APIInteraction {
    const commandId = input.commandId ?? this.commandRegistry.idOf(input.name, this.guildId);
    const payload = buildSlashCommand(this.invocation(input), { ...input, commandId });
    this.interactions.register(payload);
    return payload;
  }

  /** Discord reads the HTTP response of an interaction as its callback; this applies it the same way. */
  acceptHttpResponse(interaction: APIInteraction, body: InteractionCallbackBody): void {
    this.interactions.respond(interaction.id, interaction.token, body);
  }

  /** An administrator adds a role to the guild (above the others). */
  createRole(name: string, permissions: bigint): APIRole {
    const role = buildRole(nextSnowflake(), name, this.fixture.roles.length, permissions);
    this.fixture.roles.push(role);
    return role;
  }

  /** A moderator gives a member a role. (Discord would also send GUILD_MEMBER_UPDATE; the fake does not.) */
  grantRole(userId: string, roleId: string): void {
    const member = this.fixture.members.find((each) => each.user.id === userId);
    if (!member) throw new Error(`FakeDiscord: ${userId} is not a member of the guild`);
    if (!this.fixture.roles.some((role) => role.id === roleId))
      throw new Error(`FakeDiscord: no role ${roleId}`);
    if (!member.roles.includes(roleId)) member.roles.push(roleId);
  }

  channels(): FakeGuildChannel[] {
    return this.state.channels();
  }

  /** A moderator deletes a message (e.g. the bot's headline). */
  deleteMessage(channelId: string, messageId: string): void {
    this.state.deleteMessage(channelId, messageId);
  }

  /** An admin deletes a channel from the guild. */
  deleteChannel(channelId: string): void {
    this.state.deleteChannel(channelId);
  }

  /** A category an admin made in the guild (e.g. for archived incident channels), with its overwrites. */
  createCategory(name: string, permissionOverwrites: APIOverwrite[] = []): FakeGuildChannel {
    const category = this.state.createChannel({ name, type: ChannelType.GuildCategory });
    this.state.setPermissionOverwrites(category.id, permissionOverwrites);
    return this.state.channel(category.id);
  }

  /** An admin adds a text channel (under `parentId` when given). */
  createTextChannel(name: string, parentId: string | null = null): FakeGuildChannel {
    return this.state.createChannel({ name, type: ChannelType.GuildText, parent_id: parentId });
  }

  findChannelByName(name: string): FakeGuildChannel | undefined {
    return this.state.channels().find((channel) => channel.name === name);
  }

  /** Messages in a channel, oldest first, including ephemeral interaction replies (flag 64) and system messages. */
  messagesIn(channelId: string): APIMessage[] {
    return this.state.messagesIn(channelId);
  }

  /** The notifications new messages sent (content mentions that `allowed_mentions` let through). */
  pings(): readonly DiscordPing[] {
    return this.state.pings;
  }

  interactionResponses(): readonly InteractionResponseRecord[] {
    return this.interactions.responses();
  }

  /** Commands registered by bulk overwrite: global ones, or a guild's when `guildId` is given. */
  commands(guildId?: string): APIApplicationCommand[] {
    return this.commandRegistry.list(guildId);
  }

  /** Sends a dispatch (op 0, next `s`) to every connected client whose intents cover the event. */
  dispatch<T>(event: string, data: T): T {
    this.gateway.dispatch(event, data);
    return data;
  }

  dispatchSlashCommand(input: SlashCommandInput & Invoker): APIInteraction {
    const commandId = input.commandId ?? this.commandRegistry.idOf(input.name, this.guildId);
    return this.dispatchInteraction(buildSlashCommand(this.invocation(input), { ...input, commandId }));
  }

  dispatchAutocomplete(input: AutocompleteInput & Invoker): APIInteraction {
    const commandId = input.commandId ?? this.commandRegistry.idOf(input.name, this.guildId);
    return this.dispatchInteraction(buildAutocomplete(this.invocation(input), { ...input, commandId }));
  }

  /** A click on a button of a message the fake already holds (e.g. one the bot posted). */
  dispatchButtonClick(input: { customId: string; messageId: string } & Invoker): APIInteraction {
    const context = this.invocation(input);
    const message = this.state.message(context.channel.id, input.messageId);
    return this.dispatchInteraction(buildButtonClick(context, { customId: input.customId, message }));
  }

  dispatchModalSubmit(input: ModalSubmitInput & Invoker): APIInteraction {
    return this.dispatchInteraction(buildModalSubmit(this.invocation(input), input));
  }

  dispatchChannelPinsUpdate(
    channelId: string,
    lastPinTimestamp: string | null = new Date().toISOString(),
  ): GatewayChannelPinsUpdateDispatchData {
    return this.dispatch(GatewayDispatchEvents.ChannelPinsUpdate, {
      guild_id: this.guildId,
      channel_id: channelId,
      last_pin_timestamp: lastPinTimestamp,
    });
  }

  /** A guild member reacts (default: alice, 📌) to a message the fake holds. */
  dispatchReactionAdd(input: ReactionInput): GatewayMessageReactionAddDispatchData {
    const emoji = input.emoji ?? { id: null, name: '📌' };
    return this.state.addReaction(input.channelId, input.messageId, input.user ?? this.users.alice, emoji);
  }

  /** A human posts in a channel: stored, and MESSAGE_CREATE goes out as Discord would send it. */
  postAsUser(channelId: string, user: APIUser, content: string): APIMessage {
    return this.state.createMessage(channelId, user, { content });
  }

  /** A user pins a message from their Discord client: the pin, the "pinned a message" notice, CHANNEL_PINS_UPDATE. */
  pinAsUser(channelId: string, user: APIUser, messageId: string): void {
    this.state.pin(channelId, messageId, user);
  }

  /** Sends op 7 RECONNECT; discord.js closes, reconnects to `resume_gateway_url` and RESUMEs. */
  requestReconnect(): void {
    this.gateway.requestReconnect();
  }

  /** The next `count` REST calls (matching `filter`, if given) get this failure instead of their answer. */
  failNext(count: number, kind: FaultKind, filter?: FaultFilter): void {
    this.rest.failNext(count, kind, filter);
  }

  /** REST outage until `resume()`. The gateway stays up. */
  pause(mode: OutageMode = 'unavailable'): void {
    this.rest.pause(mode);
  }

  resume(): void {
    this.rest.resume();
  }

  /** Closes every socket and the server. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.rest.releaseHeldResponses();
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  private get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  private dispatchInteraction<T extends APIInteraction>(payload: T): T {
    this.interactions.register(payload);
    return this.dispatch(GatewayDispatchEvents.InteractionCreate, payload);
  }

  private invocation(invoker: Invoker): InvocationContext {
    const channelId = invoker.channelId ?? this.defaultChannel().id;
    return {
      fixture: this.fixture,
      channel: this.state.channel(channelId),
      user: invoker.user ?? this.users.alice,
    };
  }

  private defaultChannel(): FakeGuildChannel {
    const textChannels = this.state.channels().filter((channel) => channel.type === ChannelType.GuildText);
    const channel = textChannels.find((candidate) => candidate.name === 'incidents') ?? textChannels[0];
    if (!channel) throw new Error('FakeDiscord: the guild has no text channel to invoke interactions in');
    return channel;
  }

  private routes() {
    return discordRoutes({
      state: this.state,
      oauth2: this.oauth2,
      interactions: this.interactions,
      commands: this.commandRegistry,
      gatewayUrl: () => this.gatewayUrl,
      verifyKey: publicKeyHex,
    });
  }

  private gatewayHost(heartbeatIntervalMs: number): GatewayHost {
    return {
      token: this.token,
      botUserId: this.fixture.users.bot.id,
      heartbeatIntervalMs,
      readyPayload: (sessionId) => this.readyPayload(sessionId),
      guildCreatePayload: () => buildGuildCreate(this.fixture, this.state.channels()),
      membersChunk: (request) => this.membersChunk(request),
    };
  }

  private readyPayload(sessionId: string): GatewayReadyDispatchData {
    return {
      v: 10,
      user: { ...this.users.bot, verified: true, mfa_enabled: false, flags: 0 as APIUser['flags'] },
      guilds: [{ id: this.guildId, unavailable: true }],
      session_id: sessionId,
      resume_gateway_url: this.gatewayUrl,
      shard: [0, 1],
      application: { id: this.applicationId, flags: APPLICATION_FLAGS, flags_new: String(APPLICATION_FLAGS) },
    };
  }

  private membersChunk(data: GatewayRequestGuildMembersData): GatewayGuildMembersChunkDispatchData {
    // The type is a union (by query or by user_ids); both shapes fit this reading.
    const request = data as { query?: string; limit?: number; user_ids?: string | string[]; nonce?: string };
    const wanted = new Set(request.user_ids === undefined ? [] : [request.user_ids].flat());
    const query = (request.query ?? '').toLowerCase();
    const members = this.fixture.members.filter((member) =>
      wanted.size > 0 ? wanted.has(member.user.id) : member.user.username.toLowerCase().startsWith(query),
    );
    return {
      guild_id: this.guildId,
      members: request.limit ? members.slice(0, request.limit) : members,
      chunk_index: 0,
      chunk_count: 1,
      not_found: [...wanted].filter((id) => !members.some((member) => member.user.id === id)),
      ...(request.nonce ? { nonce: request.nonce } : {}),
    };
  }
}

/**
 * The real discord.js `Client` options for the fake. Only `rest.api` is fake-specific: discord.js asks
 * `GET /gateway/bot` for the gateway URL, so the gateway follows. Intents and partials are what the e2e
 * needs (Partials.Message + Reaction to hear reactions on messages the client never cached).
 */
export function discordClientOptions(
  fake: FakeDiscord,
  overrides: Partial<ClientOptions> = {},
): ClientOptions {
  return {
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.GuildMessageReactions,
    ],
    partials: [Partials.Message, Partials.Reaction],
    ...overrides,
    rest: { ...overrides.rest, api: fake.restUrl },
  };
}

/** Shaped like a real bot token: base64(user id), timestamp part, HMAC part. */
function realLookingToken(botUserId: string): string {
  const id = Buffer.from(botUserId).toString('base64url');
  return `${id}.${randomBytes(4).toString('base64url')}.${randomBytes(27).toString('base64url')}`;
}
