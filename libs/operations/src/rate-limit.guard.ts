import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { OperationsMetrics } from './operations-metrics.js';
import { tooManyRequests } from './problem-details.js';
import { OPERATIONS_OPTIONS, type CallerOf, type OperationsOptions } from './operations-options.js';
import { type RateLimitBucket, RateLimitPolicy } from './rate-limit-policy.js';
import { type RateDecision, RateLimiter } from './rate-limiter.js';
import { routeOf } from './request-route.js';

/**
 * Applies the rate limits once the router has matched, so a limit follows the route whatever the case or
 * trailing slash of the path. Register it as the app's FIRST guard: a call without a valid token is counted
 * (against its address) before the token check refuses it.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly callerOf: CallerOf;

  constructor(
    @Inject(OPERATIONS_OPTIONS) options: OperationsOptions,
    @Inject(RateLimitPolicy) private readonly policy: RateLimitPolicy,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(OperationsMetrics) private readonly metrics: OperationsMetrics,
  ) {
    this.callerOf = options.callerOf ?? (() => null);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const buckets = this.policy.bucketsFor({
      method: request.method,
      route: routeOf(request),
      caller: this.callerOf(request),
      address: request.ip ?? request.socket.remoteAddress ?? 'unknown',
    });
    if (buckets.length === 0) return true;
    const spent = await Promise.all(
      buckets.map(async (bucket) => ({ bucket, decision: await this.spend(bucket) })),
    );
    const tightest = spent.reduce((low, each) =>
      each.decision.remaining < low.decision.remaining ? each : low,
    );
    const response = context.switchToHttp().getResponse<Response>();
    response.setHeader('RateLimit-Limit', String(tightest.bucket.rule.limit));
    response.setHeader('RateLimit-Remaining', String(tightest.decision.remaining));
    response.setHeader('RateLimit-Reset', String(Math.ceil(tightest.decision.resetMs / 1000)));
    const refused = spent.filter((each) => !each.decision.allowed);
    if (refused.length === 0) return true;
    const last = refused.reduce((late, each) =>
      each.decision.resetMs > late.decision.resetMs ? each : late,
    );
    const { name, limit, windowMs } = last.bucket.rule;
    this.metrics.rateLimited.inc({ limit: name });
    const retryInMs = last.decision.resetMs;
    throw tooManyRequests(
      `Rate limit "${name}" allows ${limit} requests per ${windowMs / 1000} s; retry in ${Math.max(1, Math.ceil(retryInMs / 1000))} s.`,
      retryInMs,
    );
  }

  private spend({ rule, subject }: RateLimitBucket): Promise<RateDecision> {
    return this.limiter.hit(rule.name, subject, rule.limit, rule.windowMs);
  }
}
