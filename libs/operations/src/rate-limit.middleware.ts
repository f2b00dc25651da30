import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { OperationsMetrics } from './operations-metrics.js';
import { OPERATIONS_OPTIONS, type OperationsOptions, type RateLimitRule } from './operations-options.js';
import { tooManyRequests } from './problem-details.js';
import { RateLimiter } from './rate-limiter.js';

/** Applies the configured rate limits; a refused request is a 429 problem (with Retry-After) for the app's filter. */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  private readonly rules: readonly RateLimitRule[];

  constructor(
    @Inject(OPERATIONS_OPTIONS) options: OperationsOptions,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(OperationsMetrics) private readonly metrics: OperationsMetrics,
  ) {
    this.rules = options.rateLimits ?? [];
  }

  async use(request: Request, response: Response, next: NextFunction): Promise<void> {
    const path = request.originalUrl.split('?')[0] ?? '/';
    const rule = this.rules.find(
      (each) =>
        (path === each.path || path.startsWith(`${each.path}/`)) &&
        (!each.method || each.method.toUpperCase() === request.method),
    );
    if (!rule) return next();
    try {
      const client = request.ip ?? request.socket.remoteAddress ?? 'unknown';
      const decision = await this.limiter.hit(rule.name, client, rule.limit, rule.windowMs);
      response.setHeader('RateLimit-Limit', String(rule.limit));
      response.setHeader('RateLimit-Remaining', String(decision.remaining));
      response.setHeader('RateLimit-Reset', String(Math.ceil(decision.resetMs / 1000)));
      if (decision.allowed) return next();
      this.metrics.rateLimited.inc({ limit: rule.name });
      throw tooManyRequests(
        `Rate limit "${rule.name}" allows ${rule.limit} requests per ${rule.windowMs / 1000} s; retry later.`,
        decision.resetMs,
      );
    } catch (error) {
      next(error);
    }
  }
}
