import { type DynamicModule, Module } from '@nestjs/common';
import { DISCORD_SETTINGS, DiscordConnector } from './discord-connector.js';
import { DiscordInteractionsController } from './discord-interactions.controller.js';
import type { DiscordSettings } from './discord-settings.js';

export interface DiscordModuleOptions {
  /** Null turns the connector off: no client, no consumer, no route. */
  readonly settings: DiscordSettings | null;
  /**
   * Decorators the host app puts on the interactions controller, e.g. the gateway's `PublicRoute()` so its
   * bearer-token guard lets Discord's signed requests through (the route verifies its own signature).
   */
  readonly interactionRouteDecorators?: readonly ClassDecorator[];
}

/**
 * The Discord connector. Needs IncidentService, Clock, ChatWorkspaceRepository, DeliveryLog and OutboxRelay
 * from global modules (the gateway's IncidentCoreModule and PersistenceModule).
 */
@Module({})
export class DiscordModule {
  static forRoot(options: DiscordModuleOptions): DynamicModule {
    if (!options.settings) return { module: DiscordModule };
    const withEndpoint = options.settings.publicKey !== null;
    if (withEndpoint) {
      for (const decorate of options.interactionRouteDecorators ?? [])
        decorate(DiscordInteractionsController);
    }
    return {
      module: DiscordModule,
      providers: [{ provide: DISCORD_SETTINGS, useValue: options.settings }, DiscordConnector],
      controllers: withEndpoint ? [DiscordInteractionsController] : [],
      exports: [DiscordConnector],
    };
  }
}
