import { type DynamicModule, Module } from '@nestjs/common';
import {
  ChatWorkspaceRepository,
  Clock,
  CommandSettings,
  CommunicationsQueries,
  IncidentService,
  SiteSessionStore,
  ReviewService,
  UnitOfWork,
  WriteUpService,
} from '@firebreak/incident';
import { InsightsReader } from '@firebreak/insights';
import { CommunicationsModule } from '../communications/communications.module.js';
import type { GatewayConfig } from '../config/gateway-config.js';
import { SiteErrorFilter, SiteSessionGuard } from './site-access.js';
import { SiteAuthController } from './site-auth.controller.js';
import { SITE_SETTINGS, siteSettingsFrom, type SiteSettings } from './site-config.js';
import { SiteLiveGateway, SiteLiveOutbox } from './site-live.js';
import { SitePages } from './site-pages.js';
import { SitePagesController } from './site-pages.controller.js';
import { SIGN_IN_PROVIDERS, siteSignInProviders } from './site-providers.js';
import { SiteInsightsController } from './site-insights.controller.js';
import { SiteReadCache } from './site-read-cache.js';
import { SiteRenderer } from './site-renderer.js';
import { SiteReviewController } from './site-review.controller.js';
import { SiteReviewPages } from './site-review.js';
import { SiteSessions } from './site-sessions.js';

/** The responders' site under /site: sessions, sign-in, pages and their live feed. */
@Module({})
export class SiteModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: SiteModule,
      imports: [CommunicationsModule],
      controllers: [SiteAuthController, SitePagesController, SiteInsightsController, SiteReviewController],
      providers: [
        { provide: SITE_SETTINGS, useValue: siteSettingsFrom(config) },
        { provide: SiteRenderer, useFactory: () => new SiteRenderer() },
        {
          provide: SiteSessions,
          useFactory: (store: SiteSessionStore, clock: Clock, settings: SiteSettings) =>
            new SiteSessions(store, clock, settings),
          inject: [SiteSessionStore, Clock, SITE_SETTINGS],
        },
        {
          provide: SIGN_IN_PROVIDERS,
          useFactory: (workspaces: ChatWorkspaceRepository) => siteSignInProviders(config, workspaces),
          inject: [ChatWorkspaceRepository],
        },
        {
          provide: SitePages,
          useFactory: (
            incidents: IncidentService,
            communications: CommunicationsQueries,
            settings: CommandSettings,
            clock: Clock,
            renderer: SiteRenderer,
            cache: SiteReadCache,
          ) => new SitePages(incidents, communications, settings, clock, renderer, cache),
          inject: [
            IncidentService,
            CommunicationsQueries,
            CommandSettings,
            Clock,
            SiteRenderer,
            SiteReadCache,
          ],
        },
        {
          provide: InsightsReader,
          useFactory: (unitOfWork: UnitOfWork, clock: Clock) => new InsightsReader(unitOfWork, clock),
          inject: [UnitOfWork, Clock],
        },
        {
          provide: SiteReviewPages,
          useFactory: (
            incidents: IncidentService,
            reviews: ReviewService,
            unitOfWork: UnitOfWork,
            clock: Clock,
            settings: CommandSettings,
            renderer: SiteRenderer,
          ) =>
            new SiteReviewPages(
              incidents,
              reviews,
              new WriteUpService(unitOfWork, clock, settings),
              settings,
              renderer,
            ),
          inject: [IncidentService, ReviewService, UnitOfWork, Clock, CommandSettings, SiteRenderer],
        },
        {
          provide: SiteReadCache,
          useFactory: (incidents: IncidentService) => new SiteReadCache(() => incidents.listIncidents()),
          inject: [IncidentService],
        },
        SiteSessionGuard,
        SiteErrorFilter,
        SiteLiveGateway,
        SiteLiveOutbox,
      ],
      exports: [SiteSessions],
    };
  }
}
