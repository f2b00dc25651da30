import { tooManyRequests } from '@firebreak/operations';

/**
 * A per-client fixed window for the public subscription endpoint: enough to stop a script from signing up
 * thousands of addresses (each one gets a confirmation email) without a shared store. Per process.
 */
export class SubscriptionRateLimit {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 3_600_000,
  ) {}

  take(client: string, now = Date.now()): void {
    const window = this.windows.get(client);
    if (!window || now - window.start >= this.windowMs) {
      if (this.windows.size > 50_000) this.prune(now);
      this.windows.set(client, { start: now, count: 1 });
      return;
    }
    window.count += 1;
    if (window.count > this.limit) {
      const retryAfterMs = window.start + this.windowMs - now;
      throw tooManyRequests(
        `Too many subscription requests; try again in ${Math.ceil(retryAfterMs / 1000)} seconds.`,
        retryAfterMs,
      );
    }
  }

  private prune(now: number): void {
    for (const [client, window] of this.windows)
      if (now - window.start >= this.windowMs) this.windows.delete(client);
  }
}
