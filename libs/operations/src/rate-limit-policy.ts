import type { RateLimitRule } from './operations-options.js';
import { isMutating } from './request-route.js';

/** One request as the limiter sees it: the route the router matched, never the path as written. */
export interface RateLimitedCall {
  readonly method: string;
  /** The matched route pattern (`/api/v1/incidents/:ref`). */
  readonly route: string;
  /** The authenticated caller, or null. */
  readonly caller: string | null;
  /** The client address (behind a trusted proxy, the one the proxy saw). */
  readonly address: string;
}

/** A counter one call spends: a rule, and whose allowance under it (`caller:ops`, `address:203.0.113.7`). */
export interface RateLimitBucket {
  readonly rule: RateLimitRule;
  readonly subject: string;
}

/**
 * Which counters a call spends. Rules that name the call's route apply; a mutating route no rule names falls
 * to the catch-all rules, so every route that can change something is limited. A per-caller rule counts the
 * caller when there is one, and otherwise spends the anonymous allowance of the call's address.
 */
export class RateLimitPolicy {
  private readonly named: ReadonlyMap<string, readonly RateLimitRule[]>;
  private readonly catchAll: readonly RateLimitRule[];

  constructor(
    rules: readonly RateLimitRule[],
    private readonly anonymous: RateLimitRule | null,
  ) {
    const named = new Map<string, RateLimitRule[]>();
    for (const rule of rules)
      for (const route of rule.routes ?? []) named.set(route, [...(named.get(route) ?? []), rule]);
    this.named = named;
    this.catchAll = rules.filter((rule) => !rule.routes);
  }

  bucketsFor(call: RateLimitedCall): RateLimitBucket[] {
    const rules = this.named.get(`${call.method.toUpperCase()} ${call.route}`) ?? [];
    const applicable = rules.length > 0 || !isMutating(call.method) ? rules : this.catchAll;
    const buckets = new Map<string, RateLimitBucket>();
    for (const rule of applicable) {
      const bucket = this.bucketOf(rule, call);
      if (bucket) buckets.set(`${bucket.rule.name} ${bucket.subject}`, bucket);
    }
    return [...buckets.values()];
  }

  private bucketOf(rule: RateLimitRule, call: RateLimitedCall): RateLimitBucket | null {
    if (rule.limit === 0) return null;
    if (rule.per === 'address') return { rule, subject: `address:${call.address}` };
    if (call.caller) return { rule, subject: `caller:${call.caller}` };
    if (!this.anonymous || this.anonymous.limit === 0) return null;
    return { rule: this.anonymous, subject: `address:${call.address}` };
  }
}
