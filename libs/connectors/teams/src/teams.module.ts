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
import { TeamsDeliveryConsumer } from './teams-delivery.consumer.js';
import { TeamsEndpointGuard } from './teams-endpoint.guard.js';
import { TeamsGraphChannels } from './teams-graph-channels.js';
import { TeamsGraphClient } from './teams-graph-client.js';
import { TeamsGraphMembers } from './teams-graph-members.js';
import { LoopbackOnlyBotFrameworkAuthentication } from './teams-loopback.js';
import { TeamsMessagesController } from './teams-messages.controller.js';
import {
  botFrameworkConfiguration,
  TEAMS_BOT_AUTHENTICATION,
  TEAMS_OPTIONS,
  type TeamsConnectorOptions,
  teamsEndpointMode,
} from './teams-options.js';
import { TeamsStanding } from './teams-standing.js';
import { TeamsWorkspaces } from './teams-workspaces.js';

export interface TeamsModuleOptions extends TeamsConnectorOptions {
  /**
   * The host app's decorator that exempts a controller from its API authentication (the gateway's
   * `PublicRoute()`): `/api/messages` checks Bot Framework tokens itself.
   */
  readonly publicRoute?: ClassDecorator;
}

/**
 * Registers the outbox consumer (not when the connector is off: nothing may be posted then) and says once, at
 * start, how the endpoint treats requests when that is anything but token-checked.
 */
@Injectable()
class TeamsLifecycle implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Teams');

  constructor(
    private readonly relay: OutboxRelay,
    private readonly delivery: TeamsDeliveryConsumer,
    @Inject(TEAMS_OPTIONS) private readonly options: TeamsConnectorOptions,
  ) {}

  onModuleInit(): void {
    if (teamsEndpointMode(this.options) !== 'off') this.relay.register(this.delivery);
  }

  onApplicationBootstrap(): void {
    const mode = teamsEndpointMode(this.options);
    if (mode === 'off') {
      this.logger.log(
        'Teams connector off: MICROSOFT_APP_ID is not set, so /api/messages refuses every request ' +
          '(TEAMS_DEVELOPMENT_MODE=true on a loopback GATEWAY_HOST runs it for the Bot Framework Emulator).',
      );
    } else if (mode === 'development') {
      this.logger.warn(
        'Teams development mode (TEAMS_DEVELOPMENT_MODE): /api/messages accepts activities WITHOUT ' +
          'authentication from callers on this machine, and the bot sends only to loopback service URLs.',
      );
    }
  }
}

/** Microsoft Teams connector: the Bot Framework endpoint and the outbox consumer posting to Teams. */
@Module({})
export class TeamsModule {
  static forRoot(options: TeamsModuleOptions): DynamicModule {
    if (options.publicRoute) options.publicRoute(TeamsMessagesController);
    // One Graph client (one token cache) for incident channels and team owners.
    const graph = graphClientFrom(options);
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
          useFactory: (authentication: BotFrameworkAuthentication) =>
            new TeamsCloudAdapter(
              teamsEndpointMode(options) === 'development'
                ? new LoopbackOnlyBotFrameworkAuthentication(authentication)
                : authentication,
            ),
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
            new FirebreakTeamsBot(incidents, workspaces, standingFrom(options, graph), new Logger('Teams')),
          inject: [IncidentService, TeamsWorkspaces],
        },
        {
          provide: TeamsDeliveryConsumer,
          useFactory: (
            adapter: TeamsCloudAdapter,
            incidents: IncidentService,
            workspaces: TeamsWorkspaces,
            deliveries: DeliveryLog,
            clock: Clock,
          ) =>
            new TeamsDeliveryConsumer(
              adapter,
              options.appId ?? '',
              incidents,
              workspaces,
              deliveries,
              clock,
              options.incidentChannels && graph ? new TeamsGraphChannels(graph) : null,
              options.statusPageUrl ?? null,
            ),
          inject: [TeamsCloudAdapter, IncidentService, TeamsWorkspaces, DeliveryLog, Clock],
        },
        TeamsLifecycle,
        TeamsEndpointGuard,
      ],
    };
  }
}

/** Graph, called as the app: only with an app id and a client secret to ask tokens with. */
function graphClientFrom(options: TeamsConnectorOptions): TeamsGraphClient | null {
  if (!options.graph || !options.appId || !options.appPassword) return null;
  return new TeamsGraphClient({
    ...options.graph,
    clientId: options.appId,
    clientSecret: options.appPassword,
    defaultTenantId: options.appTenantId,
  });
}

/** Configured administrators, and team owners through Graph when the app can ask it. */
function standingFrom(options: TeamsConnectorOptions, graph: TeamsGraphClient | null): TeamsStanding {
  return new TeamsStanding(
    options.administrators,
    graph ? new TeamsGraphMembers(graph) : null,
    new Logger('Teams'),
  );
}
