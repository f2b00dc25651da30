import type { OutboxEvent } from '@firebreak/incident';

/**
 * What a platform answers the same to every retry: a bad body (400), no access (403), a channel, thread or
 * message that is gone (404, 410). Rejected credentials (401), timeouts (408), throttling (429) and outages
 * (5xx) are not: the operator or time fixes them, so those posts wait and are retried.
 */
const REFUSED_FOR_GOOD = new Set([400, 403, 404, 410]);

export function isRefusedForGood(status: number | null): boolean {
  return status !== null && REFUSED_FOR_GOOD.has(status);
}

/**
 * The one refusal policy of every chat delivery consumer. The relay retries a consumer's events in order, so
 * retrying a post the platform refused for good would hold up every later post of every incident: such a post
 * is reported and skipped. Anything else throws, and the relay retries with backoff. Each platform says only
 * how to read the HTTP status of its SDK's errors.
 */
export class DeliveryRefusals {
  constructor(
    private readonly statusOf: (error: unknown) => number | null,
    private readonly report: (problem: string) => void,
  ) {}

  isRefusedForGood(error: unknown): boolean {
    return isRefusedForGood(this.statusOf(error));
  }

  /** Runs one delivery step of `event`, skipping it when the platform refused it for good. */
  async deliverOrSkip(event: OutboxEvent, step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      if (!this.isRefusedForGood(error)) throw error;
      const about = event.incidentRef ? ` of ${event.incidentRef}` : '';
      this.report(
        `${event.type}${about} (position ${event.position}) skipped, refused for good: ${String(error)}`,
      );
    }
  }
}
