import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { DomainEventType, OutboxConsumer, OutboxEvent } from '@firebreak/incident';
import { OutboxRelay } from '@firebreak/persistence';
import { PageRenderer, type LiveSection } from '../site/page-renderer.js';
import { StatusSite } from '../site/status-site.js';
import { STATUS_PAGE_CONFIG, type StatusPageConfig } from '../status-page-config.js';
import { StatusLiveGateway } from './status-live.gateway.js';

/** Events that can change what the public page shows; the rest (timeline, roles, reviews…) never do. */
const PUBLIC_EVENTS: ReadonlySet<DomainEventType> = new Set<DomainEventType>([
  'incident.changed',
  'incident.resolved',
  'incident.reopened',
  'incident.closed',
  'status_update.published',
  'component.created',
  'component.status_changed',
  'maintenance.scheduled',
  'maintenance.cancelled',
  'write_up.published',
  'write_up.unpublished',
]);

const affectsPublicPage = (event: OutboxEvent): boolean => PUBLIC_EVENTS.has(event.type);

/**
 * The home page sections an event can change. Components are re-sent only for component and maintenance
 * events: their uptime bars move with the clock, which is not worth pushing to every open page.
 */
function sectionsFor(type: DomainEventType): LiveSection[] {
  if (type.startsWith('component.')) return ['components', 'incidents'];
  if (type.startsWith('maintenance.')) return ['maintenances', 'components'];
  return ['incidents'];
}

/**
 * The status page's two outbox consumers, both starting at the head (history is already in the database):
 * `status-page-cache@<replica>` drops this replica's rendered cache when something public changes; `status-page-live` pushes the
 * re-rendered regions to open pages. Both are idempotent: a redelivered event re-renders the same content.
 */
@Injectable()
export class StatusPageOutbox implements OnModuleInit {
  private readonly logger = new Logger('StatusPageOutbox');
  private lastPushed = 0;
  /** What open pages were last sent, per region: a push carries only the regions that changed. */
  private readonly sentRegions = new Map<string, string>();

  constructor(
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(StatusSite) private readonly site: StatusSite,
    @Inject(PageRenderer) private readonly renderer: PageRenderer,
    @Inject(StatusLiveGateway) private readonly live: StatusLiveGateway,
    @Inject(STATUS_PAGE_CONFIG) private readonly config: Pick<StatusPageConfig, 'STATUS_PAGE_REPLICA_ID'>,
  ) {}

  onModuleInit(): void {
    this.relay.register(this.cacheConsumer());
    this.relay.register(this.liveConsumer());
  }

  cacheConsumer(): OutboxConsumer {
    return {
      // One per replica: each replica has its own render cache to drop.
      name: `status-page-cache@${this.config.STATUS_PAGE_REPLICA_ID}`,
      startAt: 'head',
      handle: async (event) => {
        if (affectsPublicPage(event)) this.site.invalidate();
      },
    };
  }

  liveConsumer(): OutboxConsumer {
    return {
      name: 'status-page-live',
      startAt: 'head',
      handle: async (event) => {
        if (!affectsPublicPage(event) || event.position <= this.lastPushed) return;
        this.site.invalidate();
        const snapshot = await this.site.snapshot();
        const refs = event.incidentRef ? [event.incidentRef] : [];
        const regions = this.renderer.liveRegions(snapshot, refs, sectionsFor(event.type));
        const changed = Object.fromEntries(
          Object.entries(regions).filter(([name, html]) => this.sentRegions.get(name) !== html),
        );
        for (const [name, html] of Object.entries(changed)) this.sentRegions.set(name, html);
        // Nothing visible changed (an internal fact of an incident, say): open pages need no push.
        if (Object.keys(changed).length > 0)
          this.live.broadcast({
            type: event.type,
            position: event.position,
            ref: event.incidentRef,
            regions: changed,
          });
        this.lastPushed = event.position;
        this.logger.debug(`pushed ${event.type} #${event.position}`);
      },
    };
  }
}
