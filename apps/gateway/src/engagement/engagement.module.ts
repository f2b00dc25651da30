import { Inject, Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import {
  Clock,
  CommandSettings,
  DeliveryLog,
  IncidentService,
  Pager,
  PagerDelivery,
} from '@firebreak/incident';
import { OutboxRelay } from '@firebreak/persistence';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config.js';
import { PagerDutyEventsPager } from './pagerduty-events.pager.js';
import { PagerDutyWebhookController } from './pagerduty-webhook.controller.js';
import { WebhookPager } from './webhook.pager.js';

const PAGERS = Symbol('PAGERS');

/** The pagers the configuration turns on. */
function pagersFrom(config: GatewayConfig): Pager[] {
  const pagers: Pager[] = [];
  if (config.PAGERDUTY_ROUTING_KEY || config.PAGERDUTY_ROUTING_KEYS.size > 0)
    pagers.push(
      new PagerDutyEventsPager({
        eventsUrl: config.PAGERDUTY_EVENTS_URL,
        defaultKey: config.PAGERDUTY_ROUTING_KEY ?? null,
        serviceKeys: config.PAGERDUTY_ROUTING_KEYS,
      }),
    );
  if (config.PAGER_WEBHOOK_URL && config.PAGER_WEBHOOK_SECRET)
    pagers.push(new WebhookPager(config.PAGER_WEBHOOK_URL, config.PAGER_WEBHOOK_SECRET));
  return pagers;
}

/** Registers the pager delivery with the outbox relay when a pager is configured. */
@Injectable()
class PagerRegistration implements OnModuleInit {
  constructor(
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(PAGERS) private readonly pagers: Pager[],
    @Inject(IncidentService) private readonly incidents: IncidentService,
    @Inject(DeliveryLog) private readonly deliveries: DeliveryLog,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CommandSettings) private readonly settings: CommandSettings,
  ) {}

  onModuleInit(): void {
    if (this.pagers.length === 0) return;
    const logger = new Logger('Pagers');
    this.relay.register(
      new PagerDelivery(
        this.pagers,
        this.incidents,
        this.deliveries,
        this.clock,
        this.settings.links,
        (problem) => logger.warn(problem),
      ),
    );
  }
}

/** Paging the on-call lead: the pagers, their outbox consumer, and PagerDuty's acknowledgement webhook. */
@Module({
  controllers: [PagerDutyWebhookController],
  providers: [{ provide: PAGERS, useFactory: pagersFrom, inject: [GATEWAY_CONFIG] }, PagerRegistration],
})
export class EngagementModule {}
