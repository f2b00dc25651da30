import {
  MessageFlags,
  type APIApplication,
  type APIAttachment,
  type RESTGetAPIGatewayBotResult,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { CommandRegistry } from './command-registry.js';
import { DiscordErrors } from './discord-api-error.js';
import { type DiscordOAuth2 } from './discord-oauth2.js';
import {
  type ChannelPositionEntry,
  type DiscordState,
  type MessageDraft,
  type NewChannelRequest,
} from './discord-state.js';
import {
  type RestReply,
  type RestRequest,
  type RouteDefinition,
  type UploadedFile,
} from './fake-rest-api.js';
import { APPLICATION_FLAGS } from './guild-fixture.js';
import { type InteractionCallbackBody, type InteractionLedger } from './interaction-ledger.js';
import { nextSnowflake } from './snowflake.js';

export interface RouteContext {
  state: DiscordState;
  oauth2: DiscordOAuth2;
  interactions: InteractionLedger;
  commands: CommandRegistry;
  gatewayUrl(): string;
  /** The application's public key (hex), what Discord shows as DISCORD_PUBLIC_KEY. */
  verifyKey: string;
}

const DEFAULT_PINS_PAGE_SIZE = 50;

export function discordRoutes(context: RouteContext): RouteDefinition[] {
  return [
    ...gatewayAndIdentityRoutes(context),
    ...context.oauth2.routes(),
    ...commandRoutes(context),
    // Before channelRoutes: `/messages/pins` would otherwise match `/messages/:messageId`.
    ...pinRoutes(context),
    ...channelRoutes(context),
    ...interactionRoutes(context),
  ];
}

function gatewayAndIdentityRoutes(context: RouteContext): RouteDefinition[] {
  const { fixture } = context.state;
  return [
    { method: 'GET', path: '/gateway', auth: 'none', handle: () => ok({ url: context.gatewayUrl() }) },
    { method: 'GET', path: '/gateway/bot', auth: 'bot', handle: () => ok(gatewayBot(context.gatewayUrl())) },
    { method: 'GET', path: '/users/@me', auth: 'bot', handle: () => ok(fixture.users.bot) },
    { method: 'GET', path: '/applications/@me', auth: 'bot', handle: () => ok(application(context)) },
  ];
}

function commandRoutes({ state, commands }: RouteContext): RouteDefinition[] {
  const guarded = (request: RestRequest) => {
    if (request.params.applicationId !== state.fixture.applicationId)
      throw DiscordErrors.unknownApplication();
    if (request.params.guildId !== undefined && request.params.guildId !== state.fixture.guildId) {
      throw DiscordErrors.unknownGuild();
    }
    return request.params.guildId;
  };
  const overwrite = (request: RestRequest) =>
    ok(commands.overwrite(request.body as RESTPostAPIApplicationCommandsJSONBody[], guarded(request)));
  const list = (request: RestRequest) => ok(commands.list(guarded(request)));
  return [
    { method: 'GET', path: '/applications/:applicationId/commands', auth: 'bot', handle: list },
    { method: 'PUT', path: '/applications/:applicationId/commands', auth: 'bot', handle: overwrite },
    {
      method: 'GET',
      path: '/applications/:applicationId/guilds/:guildId/commands',
      auth: 'bot',
      handle: list,
    },
    {
      method: 'PUT',
      path: '/applications/:applicationId/guilds/:guildId/commands',
      auth: 'bot',
      handle: overwrite,
    },
  ];
}

function channelRoutes({ state }: RouteContext): RouteDefinition[] {
  const bot = state.fixture.users.bot;
  const inGuild =
    (handle: (request: RestRequest) => RestReply) =>
    (request: RestRequest): RestReply => {
      if (request.params.guildId !== state.fixture.guildId) throw DiscordErrors.unknownGuild();
      return handle(request);
    };
  const message = '/channels/:channelId/messages/:messageId';
  return [
    {
      method: 'GET',
      path: '/guilds/:guildId/members/:userId',
      auth: 'bot',
      handle: inGuild(({ params }) => {
        const member = state.fixture.members.find((each) => each.user.id === params.userId);
        if (!member) throw DiscordErrors.unknownMember();
        return ok(member);
      }),
    },
    {
      method: 'GET',
      path: '/guilds/:guildId/channels',
      auth: 'bot',
      handle: inGuild(() => ok(state.channels())),
    },
    {
      // Modify Guild Channel Positions: the only endpoint that moves a channel with `lock_permissions`.
      method: 'PATCH',
      path: '/guilds/:guildId/channels',
      auth: 'bot',
      handle: inGuild(({ body }) => {
        if (!Array.isArray(body))
          throw DiscordErrors.invalidFormBody('_errors', 'BASE_TYPE_ARRAY', 'Must be an array of channels.');
        state.moveChannels(body as ChannelPositionEntry[]);
        return noContent();
      }),
    },
    {
      method: 'POST',
      path: '/guilds/:guildId/channels',
      auth: 'bot',
      handle: inGuild(({ body }) => created(state.createChannel(body as NewChannelRequest))),
    },
    {
      method: 'GET',
      path: '/channels/:channelId',
      auth: 'bot',
      handle: ({ params }) => ok(state.channel(params.channelId)),
    },
    {
      method: 'PATCH',
      path: '/channels/:channelId',
      auth: 'bot',
      handle: ({ params, body }) =>
        ok(state.modifyChannel(params.channelId, body as Parameters<DiscordState['modifyChannel']>[1])),
    },
    {
      // Newest first, like Discord; `before`/`after` are message ids; ephemeral replies are nobody's history.
      method: 'GET',
      path: '/channels/:channelId/messages',
      auth: 'bot',
      handle: ({ params, query }) => ok(messageHistory(state, params.channelId, query)),
    },
    {
      method: 'POST',
      path: '/channels/:channelId/messages',
      auth: 'bot',
      handle: ({ params, body, files }) =>
        ok(state.createMessage(params.channelId, bot, messageDraft(body, files, params.channelId))),
    },
    {
      method: 'GET',
      path: message,
      auth: 'bot',
      handle: ({ params }) => ok(state.message(params.channelId, params.messageId)),
    },
    {
      method: 'PATCH',
      path: message,
      auth: 'bot',
      handle: ({ params, body, files }) =>
        ok(
          state.editMessage(
            params.channelId,
            params.messageId,
            messageDraft(body, files, params.channelId),
            bot,
          ),
        ),
    },
    {
      method: 'DELETE',
      path: message,
      auth: 'bot',
      handle: ({ params }) => {
        state.deleteMessage(params.channelId, params.messageId);
        return noContent();
      },
    },
    {
      method: 'POST',
      path: '/channels/:channelId/typing',
      auth: 'bot',
      handle: ({ params }) => {
        state.textChannel(params.channelId);
        return noContent();
      },
    },
  ];
}

/** discord.js 14.28 pins through `/messages/pins`; the older `/pins` routes stay for other clients. */
function pinRoutes({ state }: RouteContext): RouteDefinition[] {
  const bot = state.fixture.users.bot;
  const pin = ({ params }: RestRequest) => {
    state.pin(params.channelId, params.messageId, bot);
    return noContent();
  };
  const unpin = ({ params }: RestRequest) => {
    state.unpin(params.channelId, params.messageId);
    return noContent();
  };
  return [
    {
      method: 'GET',
      path: '/channels/:channelId/messages/pins',
      auth: 'bot',
      handle: ({ params, query }) =>
        ok(state.pinsPage(params.channelId, pageSize(query), query.get('before') ?? undefined)),
    },
    { method: 'PUT', path: '/channels/:channelId/messages/pins/:messageId', auth: 'bot', handle: pin },
    { method: 'DELETE', path: '/channels/:channelId/messages/pins/:messageId', auth: 'bot', handle: unpin },
    {
      method: 'GET',
      path: '/channels/:channelId/pins',
      auth: 'bot',
      handle: ({ params }) => ok(state.pinnedMessages(params.channelId)),
    },
    { method: 'PUT', path: '/channels/:channelId/pins/:messageId', auth: 'bot', handle: pin },
    { method: 'DELETE', path: '/channels/:channelId/pins/:messageId', auth: 'bot', handle: unpin },
  ];
}

function interactionRoutes({ interactions }: RouteContext): RouteDefinition[] {
  const webhookMessage = '/webhooks/:applicationId/:token/messages/:messageId';
  const draftFor = ({ params, body, files }: RestRequest) =>
    messageDraft(body, files, interactions.channelIdOf(params.applicationId, params.token));
  return [
    {
      method: 'POST',
      path: '/interactions/:interactionId/:token/callback',
      auth: 'none',
      handle: ({ params, query, body }) => {
        const result = interactions.respond(
          params.interactionId,
          params.token,
          body as InteractionCallbackBody,
        );
        return query.get('with_response') === 'true' ? ok(result) : noContent();
      },
    },
    {
      method: 'POST',
      path: '/webhooks/:applicationId/:token',
      auth: 'none',
      handle: (request) => {
        const { params, query } = request;
        const message = interactions.followUp(params.applicationId, params.token, draftFor(request));
        return query.get('wait') === 'true' ? ok(message) : noContent();
      },
    },
    {
      method: 'GET',
      path: webhookMessage,
      auth: 'none',
      handle: ({ params }) =>
        ok(interactions.webhookMessage(params.applicationId, params.token, params.messageId)),
    },
    {
      method: 'PATCH',
      path: webhookMessage,
      auth: 'none',
      handle: (request) => {
        const { applicationId, token, messageId } = request.params;
        return ok(interactions.editWebhookMessage(applicationId, token, messageId, draftFor(request)));
      },
    },
    {
      method: 'DELETE',
      path: webhookMessage,
      auth: 'none',
      handle: ({ params }) => {
        interactions.deleteWebhookMessage(params.applicationId, params.token, params.messageId);
        return noContent();
      },
    },
  ];
}

function messageDraft(body: unknown, files: UploadedFile[], channelId: string): MessageDraft {
  const { content, embeds, components, flags, message_reference, tts, allowed_mentions } = (body ??
    {}) as MessageDraft;
  const attachments = files.map((file) => toAttachment(file, channelId));
  return {
    content,
    embeds,
    components,
    flags,
    message_reference,
    tts,
    allowed_mentions,
    ...(files.length ? { attachments } : {}),
  };
}

function toAttachment(file: UploadedFile, channelId: string): APIAttachment {
  const id = nextSnowflake();
  return {
    id,
    filename: file.filename,
    size: file.size,
    content_type: file.contentType,
    url: `https://cdn.discordapp.com/attachments/${channelId}/${id}/${file.filename}`,
    proxy_url: `https://media.discordapp.net/attachments/${channelId}/${id}/${file.filename}`,
  };
}

function gatewayBot(url: string): RESTGetAPIGatewayBotResult {
  return {
    url,
    shards: 1,
    session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
  };
}

function application({ state, verifyKey }: RouteContext): APIApplication {
  const { fixture } = state;
  return {
    id: fixture.applicationId,
    name: fixture.users.bot.username,
    icon: null,
    description: 'Chat-ops incident gateway',
    summary: '',
    bot_public: false,
    bot_require_code_grant: false,
    bot: fixture.users.bot,
    owner: fixture.users.alice,
    verify_key: verifyKey,
    team: null,
    flags: APPLICATION_FLAGS,
    flags_new: String(APPLICATION_FLAGS),
    approximate_guild_count: 1,
    interactions_endpoint_url: null,
    redirect_uris: [],
  };
}

function messageHistory(state: DiscordState, channelId: string, query: URLSearchParams) {
  const requested = Number(query.get('limit') ?? 50);
  const limit = Number.isInteger(requested) && requested > 0 ? Math.min(requested, 100) : 50;
  const before = query.get('before');
  const after = query.get('after');
  return state
    .messagesIn(channelId)
    .filter((message) => ((message.flags ?? 0) & MessageFlags.Ephemeral) === 0)
    .filter((message) => !before || BigInt(message.id) < BigInt(before))
    .filter((message) => !after || BigInt(message.id) > BigInt(after))
    .reverse()
    .slice(0, limit);
}

function pageSize(query: URLSearchParams): number {
  const limit = Number(query.get('limit') ?? DEFAULT_PINS_PAGE_SIZE);
  return Number.isInteger(limit) && limit > 0
    ? Math.min(limit, DEFAULT_PINS_PAGE_SIZE)
    : DEFAULT_PINS_PAGE_SIZE;
}

function ok(body: unknown): RestReply {
  return { status: 200, body };
}

function created(body: unknown): RestReply {
  return { status: 201, body };
}

function noContent(): RestReply {
  return { status: 204 };
}
