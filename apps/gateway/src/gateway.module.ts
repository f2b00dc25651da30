import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DiscordModule, discordSettingsFrom } from '@firebreak/discord';
import { OperationsModule, operationsOptionsFrom, RateLimitGuard } from '@firebreak/operations';
import { PersistenceModule } from '@firebreak/persistence';
import { TeamsModule } from '@firebreak/teams';
import { AlertsModule } from './alerts/alerts.module.js';
import { CommunicationsModule } from './communications/communications.module.js';
import { GATEWAY_CONFIG, type GatewayConfig } from './config/gateway-config.js';
import { ActionItemsController } from './http/action-items.controller.js';
import { ApiAuthGuard, apiTokenUser, PublicRoute } from './http/api-auth.guard.js';
import { CommandsController } from './http/commands.controller.js';
import { ComponentsController } from './http/components.controller.js';
import { GATEWAY_SECURITY_HEADERS } from './http/gateway-security.js';
import { HealthController } from './http/health.controller.js';
import { IncidentsController } from './http/incidents.controller.js';
import { ReviewsController } from './http/reviews.controller.js';
import { ScheduledUpdatesController } from './http/scheduled-updates.controller.js';
import { SubscriptionsController } from './http/subscriptions.controller.js';
import { IncidentCoreModule } from './incident-core.module.js';
import { PostIncidentModule } from './post-incident/post-incident.module.js';
import { MaintenanceModule } from './maintenance/maintenance.module.js';
import { SiteModule } from './site/site.module.js';

/** Wires the libraries into the gateway process; no logic lives here. */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        {
          module: class GatewayConfigModule {},
          global: true,
          providers: [{ provide: GATEWAY_CONFIG, useValue: config }],
          exports: [GATEWAY_CONFIG],
        },
        PersistenceModule.forRoot({ databaseUrl: config.DATABASE_URL, outboxPollMs: config.OUTBOX_POLL_MS }),
        IncidentCoreModule,
        PostIncidentModule.forRoot(config),
        MaintenanceModule,
        CommunicationsModule,
        AlertsModule,
        SiteModule.forRoot(config),
        TeamsModule.forRoot({
          appId: config.MICROSOFT_APP_ID ?? null,
          appPassword: config.MICROSOFT_APP_PASSWORD ?? null,
          appTenantId: config.MICROSOFT_APP_TENANT_ID ?? null,
          appType: config.MICROSOFT_APP_TYPE ?? null,
          developmentMode: config.TEAMS_DEVELOPMENT_MODE,
          defaultTeamId: config.MICROSOFT_TEAMS_DEFAULT_TEAM_ID ?? null,
          incidentChannels: config.MICROSOFT_TEAMS_INCIDENT_SPACE === 'channel',
          graph: { graphUrl: config.MICROSOFT_GRAPH_URL, loginUrl: config.MICROSOFT_GRAPH_LOGIN_URL },
          administrators: config.MICROSOFT_TEAMS_ADMIN_USER_IDS,
          statusPageUrl: config.STATUS_PAGE_URL,
          endpoints: {
            channelOpenIdMetadataUrl: config.MICROSOFT_BOT_OPENID_METADATA_URL,
            emulatorOpenIdMetadataUrl: config.MICROSOFT_BOT_OPENID_METADATA_URL,
            channelTokenIssuer: config.MICROSOFT_BOT_TOKEN_ISSUER,
            loginUrl: config.MICROSOFT_BOT_LOGIN_URL,
          },
          publicRoute: PublicRoute(),
        }),
        DiscordModule.forRoot({
          settings: discordSettingsFrom(config),
          interactionRouteDecorators: [PublicRoute()],
        }),
        // Last: its shutdown drain (stop accepting, finish in-flight work) must run before the others stop.
        OperationsModule.forRoot(
          operationsOptionsFrom(config, {
            service: 'gateway',
            commandRoutes: ['POST /api/v1/commands'],
            publicRoutes: [
              'POST /api/v1/subscriptions',
              'POST /api/v1/subscriptions/confirm/:token',
              'POST /api/v1/subscriptions/unsubscribe/:token',
            ],
            chatRoutes: ['POST /discord/interactions', 'POST /api/messages'],
            extraRateLimits: [
              {
                name: 'subscribe',
                routes: ['POST /api/v1/subscriptions'],
                per: 'address',
                limit: config.SUBSCRIBE_RATE_LIMIT,
                windowMs: 3_600_000,
              },
            ],
            callerOf: (request) => apiTokenUser(config.FIREBREAK_API_TOKENS, request.headers.authorization),
            routeDecorators: [PublicRoute()],
            securityHeaders: GATEWAY_SECURITY_HEADERS,
          }),
        ),
      ],
      controllers: [
        HealthController,
        IncidentsController,
        ComponentsController,
        ActionItemsController,
        CommandsController,
        ReviewsController,
        SubscriptionsController,
        ScheduledUpdatesController,
      ],
      // Rate limits first: a call without a valid token is counted against its address before it is refused.
      providers: [
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: ApiAuthGuard },
      ],
    };
  }
}
