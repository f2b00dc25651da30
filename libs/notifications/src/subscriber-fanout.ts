import {
  interestedIn,
  subscriberNotice,
  type NotificationQueue,
  type OutboxConsumer,
  type OutboxEvent,
  type SubscriberRepository,
} from '@firebreak/incident';
import type { ShownComponents } from '@firebreak/status';
import { statuspagePayload, type PageIdentity } from './statuspage-payload.js';

const PAGE = 1000;

/**
 * Outbox consumer: turns each public update and component change into one queued delivery per interested
 * subscriber. Keys are `event:<position>:<subscriber>`, so a redelivered event (after a crash half-way through
 * the fan-out) queues only what is missing: none lost, none twice.
 */
export class SubscriberFanout implements OutboxConsumer {
  readonly name = 'subscriber-notifications';
  /** Subscribers hear about what happens after notifications were switched on, not the history. */
  readonly startAt = 'head' as const;

  constructor(
    private readonly subscribers: SubscriberRepository,
    private readonly queue: NotificationQueue,
    private readonly page: PageIdentity,
    private readonly components: { read(): Promise<ShownComponents> },
    private readonly clock: { now(): Date },
    private readonly onQueued: () => void = () => undefined,
  ) {}

  async handle(event: OutboxEvent): Promise<void> {
    const notice = subscriberNotice(event);
    if (!notice) return;
    const payload = statuspagePayload(event, this.page, await this.components.read());
    if (!payload) return;
    const now = this.clock.now();
    let afterId = 0;
    for (;;) {
      const page = await this.subscribers.listActive(afterId, PAGE);
      if (page.length === 0) break;
      afterId = page[page.length - 1]!.id;
      const deliveries = page
        .filter((subscriber) => interestedIn(subscriber, notice.componentIds))
        .map((subscriber) => ({
          dedupeKey: `event:${event.position}:${subscriber.id}`,
          subscriberId: subscriber.id,
          purpose: 'event' as const,
          payload,
        }));
      if (deliveries.length) await this.queue.enqueue(deliveries, now);
    }
    this.onQueued();
  }
}
