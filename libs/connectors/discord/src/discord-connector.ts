import {
  Client,
  Events,
  GatewayIntentBits,
  Partials,
  REST,
  Routes,
  type APIInteraction,
  type GatewayDispatchPayload,
  type RESTOptions,
} from 'discord.js';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { ChatWorkspaceRepository, Clock, DeliveryLog, IncidentService } from '@firebreak/incident';
import { OutboxRelay } from '@firebreak/persistence';
import { DiscordDeliveryConsumer } from './discord-delivery.consumer.js';
import { DiscordInteractionHandler, type InteractionResponder } from './discord-interaction-handler.js';
import { DiscordSignatureVerifier, type SignatureVerdict } from './discord-signature.js';
import type { DiscordSettings } from './discord-settings.js';
import { DiscordTimelineCapture } from './discord-timeline-capture.js';

export const DISCORD_SETTINGS = Symbol('DISCORD_SETTINGS');
/** Effectively unthrottled: interaction endpoints have no global limit, only their per-route buckets. */
const INTERACTION_REQUESTS_PER_SECOND = 10_000;

/** The REST options every Discord call uses: `DISCORD_API_URL` when set. */
export function discordRestOptions(
  settings: Pick<DiscordSettings, 'apiUrl'>,
  extra: Partial<RESTOptions> = {},
): Partial<RESTOptions> {
  return { ...extra, ...(settings.apiUrl ? { api: settings.apiUrl } : {}) };
}

/**
 * The Discord connector in the gateway process: the discord.js gateway connection (interactions, pins,
 * reactions), the HTTP interactions handler and the outbox delivery consumer.
 */
@Injectable()
export class DiscordConnector implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  readonly client: Client;
  readonly delivery: DiscordDeliveryConsumer;
  private readonly logger = new Logger('Discord');
  private readonly interactions: DiscordInteractionHandler;
  private readonly timeline: DiscordTimelineCapture;
  private readonly verifier: DiscordSignatureVerifier | null;
  private readonly interactionRest: REST;
  private readyPromise: Promise<void> | null = null;

  constructor(
    @Inject(DISCORD_SETTINGS) private readonly settings: DiscordSettings,
    @Inject(IncidentService) incidents: IncidentService,
    @Inject(ChatWorkspaceRepository) workspaces: ChatWorkspaceRepository,
    @Inject(DeliveryLog) deliveries: DeliveryLog,
    @Inject(Clock) clock: Clock,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {
    this.client = new Client({
      intents: [
        GatewayIntentBits.Guilds,
        GatewayIntentBits.GuildMessages,
        GatewayIntentBits.GuildMessageReactions,
        GatewayIntentBits.MessageContent,
      ],
      partials: [Partials.Message, Partials.Reaction],
      rest: discordRestOptions(settings),
    });
    this.client.rest.setToken(settings.token);
    // Outbox posts are retried by the relay with backoff (and looked up in the delivery log first), so
    // discord.js must not retry them itself; it still waits out 429s using retry_after.
    const deliveryRest = new REST(discordRestOptions(settings, { retries: 0, timeout: 10_000 })).setToken(
      settings.token,
    );
    // Interaction callbacks and webhook follow-ups are not bound by Discord's global limit of 50 requests/s,
    // which discord.js otherwise enforces client-side per REST instance (a burst of interactions would queue).
    this.interactionRest = new REST(
      discordRestOptions(settings, { globalRequestsPerSecond: INTERACTION_REQUESTS_PER_SECOND }),
    ).setToken(settings.token);
    this.interactions = new DiscordInteractionHandler(
      incidents,
      workspaces,
      clock,
      this.interactionRest,
      settings,
    );
    this.timeline = new DiscordTimelineCapture(this.client.rest, incidents);
    this.delivery = new DiscordDeliveryConsumer(
      deliveryRest,
      incidents,
      workspaces,
      deliveries,
      clock,
      settings,
    );
    this.verifier = settings.publicKey ? new DiscordSignatureVerifier(settings.publicKey) : null;
    this.client.on(Events.Raw, (packet: GatewayDispatchPayload) => this.onDispatch(packet));
  }

  onModuleInit(): void {
    this.relay.register(this.delivery);
  }

  /** Logs in without holding up the app: Discord being unreachable must not stop the HTTP API. */
  onApplicationBootstrap(): void {
    this.readyPromise = new Promise<void>((resolve) => this.client.once(Events.ClientReady, () => resolve()));
    this.client.login(this.settings.token).catch((error: unknown) => {
      this.logger.error(`Could not connect to the Discord gateway: ${String(error)}`);
    });
  }

  /** Resolves once the gateway session is ready (tests wait on it before dispatching). */
  ready(): Promise<void> {
    return this.readyPromise ?? Promise.reject(new Error('The Discord connector has not started.'));
  }

  async onApplicationShutdown(): Promise<void> {
    this.timeline.stop();
    await this.client.destroy();
  }

  verifySignature(
    signature: string | undefined,
    timestamp: string | undefined,
    body: Buffer | undefined,
  ): SignatureVerdict {
    return this.verifier ? this.verifier.check(signature, timestamp, body) : 'missing';
  }

  handleInteraction(interaction: APIInteraction, respond: InteractionResponder): Promise<void> {
    return this.interactions.handle(interaction, respond);
  }

  private onDispatch(packet: GatewayDispatchPayload): void {
    switch (packet.t) {
      case 'INTERACTION_CREATE': {
        const interaction = packet.d;
        void this.interactions
          .handle(interaction, async (initial) => {
            await this.interactionRest.post(Routes.interactionCallback(interaction.id, interaction.token), {
              body: initial,
              auth: false,
            });
          })
          .catch((error: unknown) =>
            this.logger.error(`Interaction ${interaction.id} failed: ${String(error)}`),
          );
        return;
      }
      case 'GUILD_CREATE':
        void this.timeline
          .catchUp(packet.d.id)
          .catch((error: unknown) =>
            this.logger.error(`Pins of guild ${packet.d.id} not caught up: ${String(error)}`),
          );
        return;
      case 'CHANNEL_PINS_UPDATE':
        void this.timeline.pinsChanged(packet.d.guild_id, packet.d.channel_id);
        return;
      case 'MESSAGE_REACTION_ADD': {
        const reaction = packet.d;
        const user = reaction.member?.user;
        void this.timeline.reactionAdded({
          guildId: reaction.guild_id,
          channelId: reaction.channel_id,
          messageId: reaction.message_id,
          userId: reaction.user_id,
          userName: reaction.member?.nick || user?.global_name || user?.username || null,
          emoji: reaction.emoji.name,
        });
        return;
      }
      default:
        return;
    }
  }
}
