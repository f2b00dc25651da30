import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import type { AddressRanges } from './address-ranges.js';

/** A decorator the host app wants on the operations routes (the gateway's `PublicRoute()`). */
export type RouteDecorator = ClassDecorator & MethodDecorator;

/**
 * A fixed-window limit, shared through Redis when configured. `per: 'caller'` counts each authenticated caller
 * (the gateway: each API token) wherever it calls from; `per: 'address'` counts each client address.
 */
export interface RateLimitRule {
  readonly name: string;
  /**
   * The matched routes it covers, as `METHOD /pattern` (`POST /api/v1/incidents/:ref/status`). None: every
   * mutating route (not GET, HEAD or OPTIONS) that no rule names.
   */
  readonly routes?: readonly string[];
  readonly per: 'caller' | 'address';
  /** 0 turns the limit off (its routes stay its own: they do not fall to the catch-all rule). */
  readonly limit: number;
  readonly windowMs: number;
}

/** Who calls, when the request proves it (the gateway: the API token's name); null for anyone else. */
export type CallerOf = (request: IncomingMessage) => string | null;

export interface OperationsOptions {
  /** `service` label on every metric and log line. */
  readonly service: string;
  /** REDIS_URL: readiness pings it, the rate limiter and socket.io fan-out use it. Unset = single replica. */
  readonly redisUrl?: string;
  /** Prefix of every Redis key this app writes (default `firebreak:`). */
  readonly redisKeyPrefix?: string;
  /** /readyz fails when a consumer is more than this many events behind (default 1000). */
  readonly maxOutboxLag?: number;
  /** How long shutdown waits for in-flight requests and commands (default 10 s). */
  readonly shutdownTimeoutMs?: number;
  /** pino level (default `info`). */
  readonly logLevel?: string;
  /** Where JSON logs go (default stdout); tests pass a stream to read them. */
  readonly logStream?: Writable;
  readonly rateLimits?: readonly RateLimitRule[];
  /**
   * What a `per: 'caller'` rule spends when the request proves no caller: a per-address allowance of its own,
   * so traffic without a valid token never spends a token's budget. Unset: such requests are not counted.
   */
  readonly anonymousRateLimit?: RateLimitRule;
  readonly callerOf?: CallerOf;
  /** Proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES). */
  readonly trustedProxies?: AddressRanges;
  readonly routeDecorators?: readonly RouteDecorator[];
  /** Set on every answer of the app's HTTP server (see SecurityHeaders). */
  readonly securityHeaders?: Readonly<Record<string, string>>;
}

export const OPERATIONS_OPTIONS = Symbol('OPERATIONS_OPTIONS');
