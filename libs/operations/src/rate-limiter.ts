import { Inject, Injectable, Logger } from '@nestjs/common';
import { RedisConnection } from './redis-connection.js';

export interface RateDecision {
  readonly allowed: boolean;
  readonly remaining: number;
  /** Milliseconds until the window resets. */
  readonly resetMs: number;
}

/**
 * Fixed-window counters per (limit, client). With Redis every replica counts in the same key, so a client
 * cannot multiply its allowance by the number of replicas; without Redis the count is per process.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly local = new Map<string, { count: number; expiresAt: number }>();

  constructor(@Inject(RedisConnection) private readonly redis: RedisConnection) {}

  async hit(limitName: string, client: string, limit: number, windowMs: number): Promise<RateDecision> {
    const now = Date.now();
    const window = Math.floor(now / windowMs);
    const resetMs = (window + 1) * windowMs - now;
    const key = `${this.redis.keyPrefix}ratelimit:${limitName}:${client}:${window}`;
    const count = await this.count(key, windowMs, now);
    return { allowed: count <= limit, remaining: Math.max(0, limit - count), resetMs };
  }

  private async count(key: string, windowMs: number, now: number): Promise<number> {
    if (this.redis.client) {
      try {
        const replies = await this.redis.client.multi().incr(key).pexpire(key, windowMs, 'NX').exec();
        return Number(replies?.[0]?.[1] ?? 0);
      } catch (error) {
        // Redis away: fall back to counting here rather than refusing everyone or no one.
        this.logger.warn(`Rate limiter falls back to local counts: ${(error as Error).message}`);
      }
    }
    const entry = this.local.get(key);
    if (entry && entry.expiresAt > now) {
      entry.count += 1;
      return entry.count;
    }
    if (this.local.size > 10_000) {
      for (const [each, value] of this.local) if (value.expiresAt <= now) this.local.delete(each);
    }
    this.local.set(key, { count: 1, expiresAt: now + windowMs });
    return 1;
  }
}
