import { createHash, randomBytes } from 'node:crypto';
import {
  checkEmailAddress,
  IncidentError,
  IncidentErrorCode,
  type Clock,
  type ComponentRepository,
  type NotificationQueue,
  type Subscriber,
  type SubscriberRepository,
} from '@firebreak/incident';
import type { WebhookAddressPolicy } from './webhook-address-policy.js';

export interface SubscribeRequest {
  readonly email?: string;
  readonly webhook?: string;
  /** Webhooks: who hears when the webhook gets disabled. */
  readonly contactEmail?: string;
  /** Component ids or names; none means everything. */
  readonly components?: readonly string[];
}

/**
 * The answer to a subscription. An email subscription's answer is the same whether the address is new, still
 * pending or already confirmed (no id, no state of its own), so it tells nobody who subscribed.
 */
export interface SubscribeResult {
  /** Webhooks only. */
  readonly id?: number;
  readonly channel: Subscriber['channel'];
  readonly state: Subscriber['state'];
  readonly componentIds: readonly string[];
  /** Webhooks only, shown once: the HMAC key to verify deliveries with. */
  readonly secret?: string;
  /** Webhooks only: the link that ends the subscription. */
  readonly unsubscribeToken?: string;
}

export interface SubscriptionOptions {
  readonly emailEnabled: boolean;
  /** Where webhooks may point (public hosts, and any networks the operator allowed). */
  readonly webhookAddresses: WebhookAddressPolicy;
  /** An address gets at most one confirmation email per this many milliseconds, however often it is given. */
  readonly confirmationWindowMs: number;
}

const token = (bytes: number) => randomBytes(bytes).toString('base64url');

/** Self-service subscriptions: email with double opt-in, webhooks active at once, per-component if wanted. */
export class SubscriptionService {
  constructor(
    private readonly subscribers: SubscriberRepository,
    private readonly queue: NotificationQueue,
    private readonly components: () => Promise<Pick<ComponentRepository, 'list'>>,
    private readonly clock: Clock,
    private readonly options: SubscriptionOptions,
    private readonly onQueued: () => void = () => undefined,
  ) {}

  async subscribe(request: SubscribeRequest): Promise<SubscribeResult> {
    if (Boolean(request.email) === Boolean(request.webhook))
      throw IncidentError.invalid('email', 'Give either an email address or a webhook URL.');
    const componentIds = await this.componentIds(request.components ?? []);
    const now = this.clock.now();
    if (request.email) {
      if (!this.options.emailEnabled)
        throw new IncidentError(
          IncidentErrorCode.NotPermitted,
          'Email subscriptions are not offered here.',
          'email',
        );
      const address = checkEmailAddress(request.email);
      const existing = await this.subscribers.findLive('email', address);
      const subscriber =
        existing ??
        (await this.subscribers.add({
          channel: 'email',
          address,
          componentIds,
          state: 'pending',
          token: token(24),
          secret: null,
          contactEmail: null,
          createdAt: now,
        }));
      if (subscriber.state === 'pending') await this.requestConfirmation(subscriber, now);
      return { channel: 'email', state: 'pending', componentIds };
    }
    const url = this.options.webhookAddresses.checkUrl(request.webhook!);
    const contactEmail = request.contactEmail
      ? checkEmailAddress(request.contactEmail, 'contactEmail')
      : null;
    const subscriber = await this.subscribers.add({
      channel: 'webhook',
      address: url,
      componentIds,
      state: 'active',
      token: token(24),
      secret: token(32),
      contactEmail,
      createdAt: now,
    });
    return {
      id: subscriber.id,
      channel: 'webhook',
      state: subscriber.state,
      componentIds,
      secret: subscriber.secret!,
      unsubscribeToken: subscriber.token,
    };
  }

  /**
   * Queues the confirmation email unless the address had one less than a window ago, so subscribing someone
   * else's address over and over cannot flood their inbox. The dedupe key is the address's window: concurrent
   * requests queue one; the previous window's key, when recent, counts too.
   */
  private async requestConfirmation(subscriber: Subscriber, now: Date): Promise<void> {
    const windowMs = this.options.confirmationWindowMs;
    const window = Math.floor(now.getTime() / windowMs);
    const address = createHash('sha256').update(subscriber.address).digest('hex').slice(0, 32);
    const keyOf = (each: number) => `confirm:${address}:${each}`;
    const previous = await this.queue.queuedAt(keyOf(window - 1));
    if (previous && now.getTime() - previous.getTime() < windowMs) return;
    const delivery = { dedupeKey: keyOf(window), subscriberId: subscriber.id, purpose: 'confirm' as const };
    await this.queue.enqueue([{ ...delivery, payload: {} }], now);
    this.onQueued();
  }

  /** The subscription a confirm or unsubscribe link names; reading it changes nothing. */
  subscriberFor(tokenValue: string): Promise<Subscriber> {
    return this.byToken(tokenValue);
  }

  async confirm(tokenValue: string): Promise<Subscriber> {
    const subscriber = await this.byToken(tokenValue);
    if (subscriber.state === 'pending')
      await this.subscribers.setState(subscriber.id, 'active', this.clock.now());
    else if (subscriber.state !== 'active')
      throw new IncidentError(
        IncidentErrorCode.IllegalTransition,
        `This subscription is ${subscriber.state}; subscribe again.`,
      );
    return (await this.subscribers.findById(subscriber.id))!;
  }

  async unsubscribe(tokenValue: string): Promise<Subscriber> {
    const subscriber = await this.byToken(tokenValue);
    if (subscriber.state !== 'unsubscribed')
      await this.subscribers.setState(subscriber.id, 'unsubscribed', this.clock.now());
    return (await this.subscribers.findById(subscriber.id))!;
  }

  private async byToken(tokenValue: string): Promise<Subscriber> {
    const subscriber = /^[\w-]{16,64}$/.test(tokenValue)
      ? await this.subscribers.findByToken(tokenValue)
      : null;
    if (subscriber) return subscriber;
    throw new IncidentError(IncidentErrorCode.NotFound, 'This link is not valid (any more).', 'token');
  }

  private async componentIds(wanted: readonly string[]): Promise<string[]> {
    if (wanted.length === 0) return [];
    const known = await (await this.components()).list();
    return wanted.map((name) => {
      const found = known.find((c) => c.id === name || c.name.toLowerCase() === name.trim().toLowerCase());
      if (found) return found.id;
      throw new IncidentError(
        IncidentErrorCode.ComponentNotFound,
        `There is no component "${name}". Components: ${known.map((c) => c.name).join(', ') || 'none'}.`,
        'components',
      );
    });
  }
}
