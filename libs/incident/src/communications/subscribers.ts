import { IncidentError } from '../errors.js';
import type { OutboxEvent } from '../model/domain-event.js';

export const SUBSCRIBER_CHANNELS = ['email', 'webhook'] as const;
export type SubscriberChannel = (typeof SUBSCRIBER_CHANNELS)[number];

/**
 * Someone outside who hears about incidents: an email address (active once they confirm) or a webhook URL
 * (active at once; its deliveries are signed with `secret`). No components means every component.
 */
export interface Subscriber {
  readonly id: number;
  readonly channel: SubscriberChannel;
  /** The email address or webhook URL. */
  readonly address: string;
  readonly componentIds: readonly string[];
  readonly state: 'pending' | 'active' | 'unsubscribed' | 'disabled';
  /** Secret, unguessable: confirms and unsubscribes by link. */
  readonly token: string;
  /** Webhook HMAC key. */
  readonly secret: string | null;
  /** Webhooks: where the notice goes when the webhook is disabled. */
  readonly contactEmail: string | null;
  readonly consecutiveFailures: number;
  readonly createdAt: Date;
  readonly confirmedAt: Date | null;
  readonly disabledAt: Date | null;
}
export type NewSubscriber = Omit<Subscriber, 'id' | 'consecutiveFailures' | 'confirmedAt' | 'disabledAt'>;

/** To a webhook's contact address: the webhook was disabled after `failures` failures in a row. */
export interface WebhookDisabledNotice {
  readonly to: string;
  readonly failures: number;
}

/**
 * What a delivery is for, and what it carries: a confirmation (double opt-in), a notification of an outbox event
 * (the subscriber-facing body, built by the notifications library), or a notice to a webhook's contact.
 */
export type DeliveryContent =
  | { readonly purpose: 'confirm'; readonly payload: Readonly<Record<string, never>> }
  | { readonly purpose: 'event'; readonly payload: Readonly<Record<string, unknown>> }
  | { readonly purpose: 'notice'; readonly payload: WebhookDisabledNotice };

interface QueuedDelivery {
  /** Unique: `event:<position>:<subscriber>` and the like, so a redelivered outbox event queues nothing twice. */
  readonly dedupeKey: string;
  readonly subscriberId: number;
}

/** One message to one subscriber, queued in the database so nothing is lost across restarts. */
export type NotificationDelivery = QueuedDelivery &
  DeliveryContent & { readonly id: number; readonly attempts: number };
export type NewNotificationDelivery = QueuedDelivery & DeliveryContent;

/** A stored delivery's purpose and payload, checked; null when this version cannot send it. */
export function readDeliveryContent(purpose: string, payload: unknown): DeliveryContent | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const fields = payload as Readonly<Record<string, unknown>>;
  switch (purpose) {
    case 'confirm':
      return { purpose, payload: {} };
    case 'event':
      return { purpose, payload: fields };
    case 'notice': {
      const { to, failures } = fields;
      return typeof to === 'string' && typeof failures === 'number'
        ? { purpose, payload: { to, failures } }
        : null;
    }
    default:
      return null;
  }
}

export abstract class SubscriberRepository {
  abstract add(subscriber: NewSubscriber): Promise<Subscriber>;
  abstract findById(id: number): Promise<Subscriber | null>;
  abstract findByIds(ids: readonly number[]): Promise<Subscriber[]>;
  abstract findByToken(token: string): Promise<Subscriber | null>;
  /** The newest subscription of an address on a channel that is not unsubscribed. */
  abstract findLive(channel: SubscriberChannel, address: string): Promise<Subscriber | null>;
  /** Active subscribers in id order, after `afterId` (paging through them all). */
  abstract listActive(afterId: number, limit: number): Promise<Subscriber[]>;
  abstract setState(id: number, state: Subscriber['state'], at: Date): Promise<void>;
  /** Resets the failure count after a delivery got through. */
  abstract recordSuccess(id: number): Promise<void>;
  /** Adds one consecutive failure; returns the new count. */
  abstract recordFailure(id: number): Promise<number>;
}

export abstract class NotificationQueue {
  /** Queues deliveries; ones whose dedupe key is already queued are skipped. */
  abstract enqueue(deliveries: readonly NewNotificationDelivery[], now: Date): Promise<void>;
  /** When the delivery with this dedupe key was queued, or null if none was. */
  abstract queuedAt(dedupeKey: string): Promise<Date | null>;
  /** Leases up to `limit` due deliveries for `leaseMs` (a conditional UPDATE: one sender per delivery). */
  abstract claimDue(now: Date, limit: number, leaseMs: number): Promise<NotificationDelivery[]>;
  abstract delivered(ids: readonly number[], at: Date): Promise<void>;
  abstract retryLater(id: number, nextAttemptAt: Date, error: string): Promise<void>;
  /** Holds back everything pending for a subscriber until `until` (its endpoint is failing; keeps order). */
  abstract postponeSubscriber(subscriberId: number, until: Date): Promise<void>;
  /** Gives up: on one delivery, or on everything still queued for a subscriber. */
  abstract giveUp(id: number, error: string): Promise<void>;
  abstract giveUpOnSubscriber(subscriberId: number, error: string): Promise<void>;
  /** Deliveries not yet delivered or given up (for tests and benchmarks). */
  abstract pendingCount(): Promise<number>;
}

/** Outbox events subscribers hear about, and the components each concerns (empty: the whole page). */
export function subscriberNotice(event: OutboxEvent): { componentIds: string[] } | null {
  switch (event.type) {
    case 'status_update.published': {
      const { incident, update } = event.payload;
      const affected = update.affectedComponents.map((each) => each.componentId);
      return { componentIds: [...new Set([...incident.componentIds, ...affected])] };
    }
    case 'component.status_changed':
      return { componentIds: [event.payload.component.id] };
    case 'write_up.published':
      return 'announce' in event.payload ? { componentIds: event.payload.incident.componentIds } : null;
    default:
      return null;
  }
}

/** Subscribers of no particular component hear about everything; others about their components only. */
export function interestedIn(subscriber: Subscriber, componentIds: readonly string[]): boolean {
  if (subscriber.componentIds.length === 0 || componentIds.length === 0) return true;
  return componentIds.some((id) => subscriber.componentIds.includes(id));
}

const EMAIL =
  /^[^\s@<>()[\]\\,;:"]{1,64}@[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?)+$/i;

export function checkEmailAddress(value: string, field = 'email'): string {
  const email = value.trim();
  if (email.length <= 254 && EMAIL.test(email)) return email.toLowerCase();
  throw IncidentError.invalid(field, `"${value}" is not an email address.`);
}
