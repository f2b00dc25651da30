import type { OutboxEvent } from '../model/domain-event.js';

/**
 * A reader of the outbox. Delivery is at least once: `handle` may see an event again after a crash,
 * so handlers key their side effects by `event.position`. Throwing leaves the position where it was
 * and the event is retried with backoff.
 */
export interface OutboxConsumer {
  readonly name: string;
  /**
   * Where a consumer seen for the first time starts: `beginning` replays the whole outbox, `head` (for
   * consumers that only care about what happens from now on, like live feeds and chat posts) skips history.
   */
  readonly startAt?: 'beginning' | 'head';
  handle(event: OutboxEvent): Promise<void>;
}
