import type {
  Clock,
  NotificationDelivery,
  NotificationQueue,
  Subscriber,
  SubscriberRepository,
} from '@firebreak/incident';
import {
  confirmationEmail,
  notificationEmail,
  webhookDisabledEmail,
  type EmailMessage,
  type SubscriptionLinks,
} from './notification-emails.js';
import type { PageIdentity } from './statuspage-payload.js';
import { queuedWebhookBody, withMeta } from './statuspage-payload.js';

export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
}
export interface WebhookPoster {
  send(url: string, secret: string, deliveryId: string, body: string, now: Date): Promise<void>;
}

export interface NotificationDispatcherOptions {
  readonly page: PageIdentity;
  readonly links: SubscriptionLinks;
  /** Where `meta.documentation` points. */
  readonly documentationUrl: string;
  /** Consecutive failed rounds after which a webhook subscriber is disabled. */
  readonly maxWebhookFailures: number;
  /** Email deliveries are given up after this many attempts. */
  readonly maxEmailAttempts?: number;
  readonly retryBaseMs: number;
  readonly batchSize?: number;
  readonly concurrency?: number;
  readonly leaseMs?: number;
  readonly log?: (message: string) => void;
}

/**
 * Sends what the delivery queue holds: leases due deliveries, sends each subscriber's in order, marks them
 * delivered, or holds the subscriber's queue back with exponential backoff. A webhook that fails
 * `maxWebhookFailures` rounds in a row is disabled and its contact gets a notice. Deliveries are leased, so
 * two dispatchers never send the same one; a crash mid-send re-sends after the lease (receivers dedupe by the
 * delivery header).
 */
export class NotificationDispatcher {
  constructor(
    private readonly subscribers: SubscriberRepository,
    private readonly queue: NotificationQueue,
    private readonly email: EmailSender | null,
    private readonly webhooks: WebhookPoster,
    private readonly clock: Clock,
    private readonly options: NotificationDispatcherOptions,
  ) {}

  /** Sends until nothing is due; returns how many were delivered. */
  async runOnce(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const now = this.clock.now();
      const batch = await this.queue.claimDue(
        now,
        this.options.batchSize ?? 500,
        this.options.leaseMs ?? 120_000,
      );
      if (batch.length === 0) return delivered;
      const bySubscriber = new Map<number, NotificationDelivery[]>();
      for (const delivery of batch) {
        const lane = bySubscriber.get(delivery.subscriberId);
        if (lane) lane.push(delivery);
        else bySubscriber.set(delivery.subscriberId, [delivery]);
      }
      const known = new Map(
        (await this.subscribers.findByIds([...bySubscriber.keys()])).map((subscriber) => [
          subscriber.id,
          subscriber,
        ]),
      );
      const lanes = [...bySubscriber.values()];
      const concurrency = this.options.concurrency ?? 64;
      const sent: number[] = [];
      let next = 0;
      const worker = async () => {
        while (next < lanes.length) {
          const lane = lanes[next++]!;
          sent.push(...(await this.sendLane(known.get(lane[0]!.subscriberId) ?? null, lane, now)));
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(concurrency, lanes.length) }, worker));
      } finally {
        // Marked per batch, not per message: a crash in between re-sends (receivers dedupe by the delivery id).
        await this.queue.delivered(sent, this.clock.now());
      }
      delivered += sent.length;
    }
  }

  /** One subscriber's deliveries of this batch, in order; stops at the first failure. Returns the sent ids. */
  private async sendLane(
    subscriber: Subscriber | null,
    lane: NotificationDelivery[],
    now: Date,
  ): Promise<number[]> {
    const sent: number[] = [];
    for (const delivery of lane) {
      if (!subscriber || !this.stillWanted(subscriber, delivery)) {
        await this.queue.giveUp(delivery.id, `subscriber is ${subscriber?.state ?? 'gone'}`);
        continue;
      }
      try {
        await this.send(subscriber, delivery, now);
      } catch (error) {
        await this.failed(subscriber, delivery, error instanceof Error ? error.message : String(error));
        return sent;
      }
      if (sent.length === 0 && subscriber.consecutiveFailures > 0)
        await this.subscribers.recordSuccess(subscriber.id);
      sent.push(delivery.id);
    }
    return sent;
  }

  private stillWanted(subscriber: Subscriber, delivery: NotificationDelivery): boolean {
    if (delivery.purpose === 'notice') return true;
    if (delivery.purpose === 'confirm') return subscriber.state === 'pending';
    return subscriber.state === 'active';
  }

  private async send(subscriber: Subscriber, delivery: NotificationDelivery, now: Date): Promise<void> {
    const { page, links } = this.options;
    if (delivery.purpose === 'notice') {
      return this.requireEmail().send(
        webhookDisabledEmail(page, subscriber, delivery.payload.to, delivery.payload.failures),
      );
    }
    if (subscriber.channel === 'email') {
      const message =
        delivery.purpose === 'confirm'
          ? confirmationEmail(page, subscriber, links)
          : notificationEmail(page, subscriber, queuedWebhookBody(delivery.payload), links);
      return this.requireEmail().send(message);
    }
    const body = JSON.stringify(
      withMeta(delivery.payload, links.unsubscribe(subscriber), this.options.documentationUrl, now),
    );
    return this.webhooks.send(subscriber.address, subscriber.secret ?? '', delivery.dedupeKey, body, now);
  }

  private requireEmail(): EmailSender {
    if (!this.email) throw new Error('no SMTP server is configured (SMTP_URL)');
    return this.email;
  }

  private async failed(subscriber: Subscriber, delivery: NotificationDelivery, error: string): Promise<void> {
    const now = this.clock.now();
    const retryAt = new Date(
      now.getTime() + Math.min(3_600_000, this.options.retryBaseMs * 2 ** Math.min(delivery.attempts, 20)),
    );
    if (subscriber.channel === 'webhook' && delivery.purpose === 'event') {
      const failures = await this.subscribers.recordFailure(subscriber.id);
      if (failures >= this.options.maxWebhookFailures) return this.disable(subscriber, failures, error);
      await this.queue.retryLater(delivery.id, retryAt, error);
      await this.queue.postponeSubscriber(subscriber.id, retryAt);
      return;
    }
    if (delivery.attempts + 1 >= (this.options.maxEmailAttempts ?? 10))
      return this.queue.giveUp(delivery.id, error);
    await this.queue.retryLater(delivery.id, retryAt, error);
  }

  private async disable(subscriber: Subscriber, failures: number, error: string): Promise<void> {
    const now = this.clock.now();
    await this.subscribers.setState(subscriber.id, 'disabled', now);
    await this.queue.giveUpOnSubscriber(subscriber.id, `disabled after ${failures} failures: ${error}`);
    this.options.log?.(
      `Webhook subscriber ${subscriber.id} disabled after ${failures} consecutive failures (${error}).`,
    );
    if (subscriber.contactEmail) {
      await this.queue.enqueue(
        [
          {
            dedupeKey: `notice:disabled:${subscriber.id}:${now.getTime()}`,
            subscriberId: subscriber.id,
            purpose: 'notice',
            payload: { to: subscriber.contactEmail, failures },
          },
        ],
        now,
      );
    }
  }
}
