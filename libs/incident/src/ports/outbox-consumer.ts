import type { OutboxEvent } from '../model/domain-event.js';

/**
 * A reader of the outbox. Delivery is at least once: `handle` may see an event again after a crash,
 * so handlers key their side effects by `event.position`. Throwing leaves the position where it was
 * and the event is retried with backoff.
 */
export interface OutboxConsumer {
  readonly name: string;
  handle(event: OutboxEvent): Promise<void>;
}
