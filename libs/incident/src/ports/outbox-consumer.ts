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

/**
 * Runs a chat delivery so that what the platform refuses for good (a deleted channel, a removed bot, a body it
 * will never accept) is reported and skipped: the relay retries a consumer's events in order, so retrying one
 * such post would hold up every later post of every incident. Anything else throws, and the relay retries.
 */
export async function deliverOrSkipRefused(
  event: OutboxEvent,
  deliver: () => Promise<void>,
  isRefusedForGood: (error: unknown) => boolean,
  report: (message: string) => void,
): Promise<void> {
  try {
    await deliver();
  } catch (error) {
    if (!isRefusedForGood(error)) throw error;
    const about = event.incidentRef ? ` of ${event.incidentRef}` : '';
    report(`${event.type}${about} (position ${event.position}) skipped, refused for good: ${String(error)}`);
  }
}
