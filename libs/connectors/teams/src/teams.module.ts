import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import { ChatWorkspaceRepository, Clock, DeliveryLog, IncidentService } from '@firebreak/incident';
import { OutboxRelay } from '@firebreak/persistence';
import { FirebreakTeamsBot } from './firebreak-teams.bot.js';
import { TeamsCloudAdapter } from './teams-cloud-adapter.js';
import { TeamsDelivery } from './teams-delivery.consumer.js';
import { TeamsGraphChannels } from './teams-graph-channels.js';
import { TeamsMessagesController } from './teams-messages.controller.js';
import {
  botFrameworkConfiguration,
  isDevelopmentMode,
  TEAMS_BOT_AUTHENTICATION,
  TEAMS_OPTIONS,
  type TeamsConnectorOptions,
} from './teams-options.js';
import { TeamsWorkspaces } from './teams-workspaces.js';

export interface TeamsModuleOptions extends TeamsConnectorOptions {
  /**
   * The host app's decorator that exempts a controller from its API authentication (the gateway's
   * `PublicRoute()`): `/api/messages` checks Bot Framework tokens itself.
   */
  readonly publicRoute?: ClassDecorator;
}

/** Registers the outbox consumer and warns, at start, when the endpoint accepts unauthenticated requests. */
@Injectable()
class TeamsLifecycle implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly delivery: TeamsDelivery,
    @Inject(TEAMS_OPTIONS) private readonly options: TeamsConnectorOptions,
  ) {}

  onModuleInit(): void {
    this.relay.register(this.delivery);
  }

  onApplicationBootstrap(): void {
    if (isDevelopmentMode(this.options)) {
      new Logger('Teams').warn(
        'MICROSOFT_APP_ID is not set: /api/messages runs in local development mode (Bot Framework ' +
          'Emulator) and accepts requests WITHOUT authentication. Never expose it like this.',
      );
    }
  }
}

/** Microsoft Teams connector: the Bot Framework endpoint and the outbox consumer posting to Teams. */
@Module({})
export class TeamsModule {
  static forRoot(options: TeamsModuleOptions): DynamicModule {
    if (options.publicRoute) options.publicRoute(TeamsMessagesController);
    return {
      module: TeamsModule,
      controllers: [TeamsMessagesController],
      providers: [
        { provide: TEAMS_OPTIONS, useValue: options },
        {
          provide: TEAMS_BOT_AUTHENTICATION,
          useFactory: (): BotFrameworkAuthentication =>
            new ConfigurationBotFrameworkAuthentication(botFrameworkConfiguration(options)),
        },
        {
          provide: TeamsCloudAdapter,
          useFactory: (authentication: BotFrameworkAuthentication) => new TeamsCloudAdapter(authentication),
          inject: [TEAMS_BOT_AUTHENTICATION],
        },
        {
          provide: TeamsWorkspaces,
          useFactory: (repository: ChatWorkspaceRepository, clock: Clock) =>
            new TeamsWorkspaces(repository, clock, options.defaultTeamId),
          inject: [ChatWorkspaceRepository, Clock],
        },
        {
          provide: FirebreakTeamsBot,
          useFactory: (incidents: IncidentService, workspaces: TeamsWorkspaces) =>
            new FirebreakTeamsBot(incidents, workspaces, options, new Logger('Teams')),
          inject: [IncidentService, TeamsWorkspaces],
        },
        {
          provide: TeamsDelivery,
          useFactory: (
            adapter: TeamsCloudAdapter,
            incidents: IncidentService,
            workspaces: TeamsWorkspaces,
            deliveries: DeliveryLog,
            clock: Clock,
          ) =>
            new TeamsDelivery(
              adapter,
              options.appId ?? '',
              incidents,
              workspaces,
              deliveries,
              clock,
              graphChannelsFrom(options),
              options.statusPageUrl ?? null,
            ),
          inject: [TeamsCloudAdapter, IncidentService, TeamsWorkspaces, DeliveryLog, Clock],
        },
        TeamsLifecycle,
      ],
    };
  }
}

/** The Graph client when incidents get channels of their own; null keeps threads. */
function graphChannelsFrom(options: TeamsConnectorOptions): TeamsGraphChannels | null {
  if (!options.incidentChannels || !options.appId || !options.appPassword) return null;
  return new TeamsGraphChannels({
    ...options.incidentChannels,
    clientId: options.appId,
    clientSecret: options.appPassword,
    defaultTenantId: options.appTenantId,
  });
}
