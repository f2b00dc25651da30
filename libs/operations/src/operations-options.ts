import type { Writable } from 'node:stream';

/** A decorator the host app wants on the operations routes (the gateway's `PublicRoute()`). */
export type RouteDecorator = ClassDecorator & MethodDecorator;

/** A fixed-window limit on one route prefix, per client address, shared through Redis when configured. */
export interface RateLimitRule {
  readonly name: string;
  /** Path prefix, e.g. `/api/v1/commands`. */
  readonly path: string;
  /** Only this method (default: every method). */
  readonly method?: string;
  readonly limit: number;
  readonly windowMs: number;
}

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
  readonly routeDecorators?: readonly RouteDecorator[];
  /** Set on every answer of the app's HTTP server (see SecurityHeaders). */
  readonly securityHeaders?: Readonly<Record<string, string>>;
}

export const OPERATIONS_OPTIONS = Symbol('OPERATIONS_OPTIONS');
