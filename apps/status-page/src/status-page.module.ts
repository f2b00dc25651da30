import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Clock, SystemClock, UnitOfWork } from '@firebreak/incident';
import { OperationsModule, operationsOptionsFrom, RateLimitGuard } from '@firebreak/operations';
import { PersistenceModule } from '@firebreak/persistence';
import { PublicStatusReader } from '@firebreak/status';
import { HealthController } from './http/health.controller.js';
import { FeedsController } from './http/feeds.controller.js';
import { statusPageSecurityHeaders } from './http/page-security.js';
import { PagesController } from './http/pages.controller.js';
import { StatuspageApiController } from './http/statuspage-api.controller.js';
import { StatusLiveGateway } from './live/status-live.gateway.js';
import { StatusPageOutbox } from './live/status-page-outbox.js';
import { BRANDING, brandingFrom, type Branding } from './site/branding.js';
import { PageRenderer } from './site/page-renderer.js';
import { StatusSite } from './site/status-site.js';
import { STATUS_PAGE_CONFIG, type StatusPageConfig } from './status-page-config.js';

/** Wires the public read model into pages, JSON, feeds and the live socket; no logic lives here. */
@Module({})
export class StatusPageModule {
  static forRoot(config: StatusPageConfig): DynamicModule {
    return {
      module: StatusPageModule,
      imports: [
        PersistenceModule.forRoot({
          databaseUrl: config.DATABASE_URL,
          outboxPollMs: config.STATUS_PAGE_OUTBOX_POLL_MS,
        }),
        // Last: its shutdown drain must run before the other modules stop.
        OperationsModule.forRoot(
          operationsOptionsFrom(config, {
            service: 'status-page',
            securityHeaders: statusPageSecurityHeaders(brandingFrom(config)),
          }),
        ),
      ],
      controllers: [HealthController, StatuspageApiController, FeedsController, PagesController],
      providers: [
        // The page only reads today; any route that changes something is limited per client address.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: STATUS_PAGE_CONFIG, useValue: config },
        { provide: BRANDING, useValue: brandingFrom(config) },
        { provide: Clock, useClass: SystemClock },
        {
          provide: PublicStatusReader,
          useFactory: (unitOfWork: UnitOfWork, clock: Clock) => new PublicStatusReader(unitOfWork, clock),
          inject: [UnitOfWork, Clock],
        },
        {
          provide: StatusSite,
          useFactory: (reader: PublicStatusReader, clock: Clock) => new StatusSite(reader, clock),
          inject: [PublicStatusReader, Clock],
        },
        {
          provide: PageRenderer,
          useFactory: (branding: Branding) => new PageRenderer(branding),
          inject: [BRANDING],
        },
        StatusLiveGateway,
        StatusPageOutbox,
      ],
    };
  }
}
