import {
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  type APIInteraction,
  type APIMessage,
  type APIUser,
  type RESTPostAPIInteractionCallbackWithResponseResult,
} from 'discord-api-types/v10';
import { DiscordErrors } from './discord-api-error.js';
import { type DiscordState, type MessageDraft } from './discord-state.js';

export interface InteractionResponseRecord {
  interactionId: string;
  interactionType: InteractionType;
  type: InteractionResponseType;
  data: unknown;
  at: number;
}

export interface InteractionCallbackBody {
  type: InteractionResponseType;
  data?: MessageDraft & Record<string, unknown>;
}

interface IssuedInteraction {
  payload: APIInteraction;
  channelId: string;
  issuedAt: number;
  acknowledged: boolean;
  originalMessageId?: string;
}

/**
 * The interactions the fake has dispatched, keyed by id and token, and what the bot answered.
 * Enforces Discord's rules: one callback per interaction, within the acknowledgement deadline.
 */
export class InteractionLedger {
  private readonly byId = new Map<string, IssuedInteraction>();
  private readonly byToken = new Map<string, IssuedInteraction>();
  private readonly recorded: InteractionResponseRecord[] = [];

  constructor(
    private readonly state: DiscordState,
    private readonly ackDeadlineMs: number,
  ) {}

  register(payload: APIInteraction): void {
    const issued = {
      payload,
      channelId: payload.channel_id ?? '',
      issuedAt: Date.now(),
      acknowledged: false,
    };
    this.byId.set(payload.id, issued);
    this.byToken.set(payload.token, issued);
  }

  responses(): readonly InteractionResponseRecord[] {
    return this.recorded;
  }

  respond(
    interactionId: string,
    token: string,
    body: InteractionCallbackBody,
  ): RESTPostAPIInteractionCallbackWithResponseResult {
    const issued = this.byId.get(interactionId);
    if (!issued || issued.payload.token !== token) throw DiscordErrors.unknownInteraction();
    if (Date.now() - issued.issuedAt > this.ackDeadlineMs) throw DiscordErrors.unknownInteraction();
    if (issued.acknowledged) throw DiscordErrors.alreadyAcknowledged();
    issued.acknowledged = true;
    this.recorded.push({
      interactionId,
      interactionType: issued.payload.type,
      type: body.type,
      data: body.data,
      at: Date.now(),
    });
    const message = this.applyCallback(issued, body);
    return callbackResponse(issued, body.type, message);
  }

  originalMessage(applicationId: string, token: string): APIMessage {
    const issued = this.forWebhook(applicationId, token);
    if (!issued.originalMessageId) throw DiscordErrors.unknownMessage();
    return this.state.message(issued.channelId, issued.originalMessageId);
  }

  webhookMessage(applicationId: string, token: string, messageId: string): APIMessage {
    if (messageId === '@original') return this.originalMessage(applicationId, token);
    const issued = this.forWebhook(applicationId, token);
    return this.state.message(issued.channelId, messageId);
  }

  editWebhookMessage(
    applicationId: string,
    token: string,
    messageId: string,
    draft: MessageDraft,
  ): APIMessage {
    const message = this.webhookMessage(applicationId, token, messageId);
    const flags = (message.flags ?? 0) & ~MessageFlags.Loading;
    return this.state.editMessage(message.channel_id, message.id, { ...draft, flags }, this.bot());
  }

  deleteWebhookMessage(applicationId: string, token: string, messageId: string): void {
    const message = this.webhookMessage(applicationId, token, messageId);
    this.state.deleteMessage(message.channel_id, message.id);
  }

  channelIdOf(applicationId: string, token: string): string {
    return this.forWebhook(applicationId, token).channelId;
  }

  followUp(applicationId: string, token: string, draft: MessageDraft): APIMessage {
    const issued = this.forWebhook(applicationId, token);
    if (!issued.acknowledged) throw DiscordErrors.unknownWebhook();
    const original = issued.originalMessageId
      ? this.state.message(issued.channelId, issued.originalMessageId)
      : undefined;
    // Discord quirk: the first follow-up after a deferred reply replaces the "thinking..." message.
    if (original && ((original.flags ?? 0) & MessageFlags.Loading) !== 0) {
      return this.editWebhookMessage(applicationId, token, original.id, draft);
    }
    return this.createResponseMessage(issued, draft);
  }

  private applyCallback(issued: IssuedInteraction, body: InteractionCallbackBody): APIMessage | undefined {
    const draft = body.data ?? {};
    switch (body.type) {
      case InteractionResponseType.ChannelMessageWithSource:
        return this.createOriginal(issued, draft);
      case InteractionResponseType.DeferredChannelMessageWithSource:
        return this.createOriginal(issued, { flags: (draft.flags ?? 0) | MessageFlags.Loading });
      case InteractionResponseType.DeferredMessageUpdate:
        return this.adoptComponentMessage(issued);
      case InteractionResponseType.UpdateMessage: {
        const message = this.adoptComponentMessage(issued);
        return message && this.state.editMessage(message.channel_id, message.id, draft, this.bot());
      }
      default:
        return undefined;
    }
  }

  private createOriginal(issued: IssuedInteraction, draft: MessageDraft): APIMessage {
    const message = this.createResponseMessage(issued, draft);
    issued.originalMessageId = message.id;
    return message;
  }

  private createResponseMessage(issued: IssuedInteraction, draft: MessageDraft): APIMessage {
    const { payload } = issued;
    const user = payload.member?.user ?? payload.user;
    if (!user) throw new Error('FakeDiscord: interaction without a user');
    return this.state.createMessage(issued.channelId, this.bot(), draft, {
      type:
        payload.type === InteractionType.ApplicationCommand
          ? MessageType.ChatInputCommand
          : MessageType.Default,
      webhook_id: payload.application_id,
      application_id: payload.application_id,
      interaction_metadata: interactionMetadata(payload, user),
    });
  }

  private adoptComponentMessage(issued: IssuedInteraction): APIMessage | undefined {
    const message = issued.payload.message;
    if (message) issued.originalMessageId = message.id;
    return message;
  }

  private forWebhook(applicationId: string, token: string): IssuedInteraction {
    const issued = this.byToken.get(token);
    if (!issued || applicationId !== issued.payload.application_id) throw DiscordErrors.unknownWebhook();
    return issued;
  }

  private bot() {
    return this.state.fixture.users.bot;
  }
}

function interactionMetadata(payload: APIInteraction, user: APIUser): APIMessage['interaction_metadata'] {
  const metadata = {
    id: payload.id,
    type: payload.type,
    user,
    authorizing_integration_owners: payload.authorizing_integration_owners,
    ...(payload.message ? { interacted_message_id: payload.message.id } : {}),
  };
  // A modal submit's metadata also names the interaction that opened the modal; the fake does not track that.
  return metadata as APIMessage['interaction_metadata'];
}

function callbackResponse(
  issued: IssuedInteraction,
  type: InteractionResponseType,
  message: APIMessage | undefined,
): RESTPostAPIInteractionCallbackWithResponseResult {
  const flags = message?.flags ?? 0;
  return {
    interaction: {
      id: issued.payload.id,
      type: issued.payload.type,
      ...(message
        ? {
            response_message_id: message.id,
            response_message_loading: (flags & MessageFlags.Loading) !== 0,
            response_message_ephemeral: (flags & MessageFlags.Ephemeral) !== 0,
          }
        : {}),
    },
    ...(message ? { resource: { type, message } } : {}),
  };
}
