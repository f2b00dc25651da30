import { Global, Module } from '@nestjs/common';
import {
  Clock,
  CommandSettings,
  IncidentService,
  PublicLinks,
  ReviewService,
  SystemClock,
  UnitOfWork,
} from '@firebreak/incident';
import { GATEWAY_CONFIG, type GatewayConfig } from './config/gateway-config.js';
import { siteBaseUrlOf } from './site/site-config.js';

/** Builds the decorator-free domain services for Nest, from the ports persistence provides. */
@Global()
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    {
      provide: CommandSettings,
      useFactory: (config: GatewayConfig) =>
        new CommandSettings(
          new PublicLinks(config.STATUS_PAGE_URL, siteBaseUrlOf(config)),
          config.FIREBREAK_PERMISSIONS,
        ),
      inject: [GATEWAY_CONFIG],
    },
    {
      provide: IncidentService,
      useFactory: (unitOfWork: UnitOfWork, clock: Clock, settings: CommandSettings) =>
        new IncidentService(unitOfWork, clock, settings),
      inject: [UnitOfWork, Clock, CommandSettings],
    },
    {
      provide: ReviewService,
      useFactory: (unitOfWork: UnitOfWork, clock: Clock, settings: CommandSettings) =>
        new ReviewService(unitOfWork, clock, settings),
      inject: [UnitOfWork, Clock, CommandSettings],
    },
  ],
  exports: [Clock, CommandSettings, IncidentService, ReviewService],
})
export class IncidentCoreModule {}
