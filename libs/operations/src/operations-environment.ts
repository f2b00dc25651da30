import { z } from 'zod';
import { type AddressRanges, addressRangesVariable } from './address-ranges.js';
import type { CallerOf, OperationsOptions, RateLimitRule, RouteDecorator } from './operations-options.js';

/** The production-mode variables both apps read (spread into each app's config schema). */
export const OPERATIONS_ENVIRONMENT = {
  /** redis://… enables shared rate limits and socket.io fan-out across replicas. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//i, 'must be a redis:// or rediss:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Prefix of every Redis key (rate limits, socket.io channels): lets deployments share one Redis. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w:.-]{0,64}$/, 'letters, digits, ":", ".", "-" and "_"')
    .default('firebreak:'),
  // In-process apps under the test runner stay quiet unless a test asks for logs.
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default(process.env['VITEST'] ? 'silent' : 'info'),
  /** /readyz answers 503 when an outbox consumer is further behind than this. */
  READY_MAX_OUTBOX_LAG: z.coerce.number().int().min(1).default(1000),
  /** Longest wait for in-flight requests and commands on SIGTERM. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /**
   * On SIGTERM, how long to keep accepting connections while /readyz already answers 503, so a load balancer
   * that probes readiness moves traffic away before the listener closes (no connection is reset). 0: close at once.
   */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(0),
  /**
   * Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR networks, comma-separated): behind
   * them, rate limits and logs see each client's own address. Unset: the socket's peer is the client.
   */
  TRUSTED_PROXIES: addressRangesVariable,
  // Rate limits, across all replicas when REDIS_URL is set; 0 turns a limit off.
  /** `POST /api/v1/commands`, per API token. */
  RATE_LIMIT_COMMANDS_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  /** Every other route that changes something, per API token. */
  RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  /** Public routes that change something (subscriptions), and any call without a valid token, per address. */
  RATE_LIMIT_PUBLIC_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  /** Discord interactions and Teams activities, per address (the platform's, for genuine ones). */
  RATE_LIMIT_CHAT_PER_MINUTE: z.coerce.number().int().min(0).default(3000),
};

type OperationsEnvironment = {
  readonly REDIS_URL?: string | undefined;
  readonly REDIS_KEY_PREFIX: string;
  readonly LOG_LEVEL: string;
  readonly READY_MAX_OUTBOX_LAG: number;
  readonly SHUTDOWN_TIMEOUT_MS: number;
  readonly SHUTDOWN_GRACE_MS: number;
  readonly TRUSTED_PROXIES: AddressRanges;
  readonly RATE_LIMIT_COMMANDS_PER_MINUTE: number;
  readonly RATE_LIMIT_WRITES_PER_MINUTE: number;
  readonly RATE_LIMIT_PUBLIC_PER_MINUTE: number;
  readonly RATE_LIMIT_CHAT_PER_MINUTE: number;
};

export interface OperationsWiring {
  readonly service: string;
  /**
   * The matched routes (`POST /api/v1/commands`) of each limit class. Every other route that changes something
   * is a write; the per-minute numbers come from the environment.
   */
  readonly commandRoutes?: readonly string[];
  readonly publicRoutes?: readonly string[];
  readonly chatRoutes?: readonly string[];
  /** Limits of the app's own (the gateway's hourly subscription limit). */
  readonly extraRateLimits?: readonly RateLimitRule[];
  readonly callerOf?: CallerOf;
  readonly routeDecorators?: readonly RouteDecorator[];
  readonly securityHeaders?: Readonly<Record<string, string>>;
}

const MINUTE = 60_000;

/** OperationsModule options from an app's validated config. */
export function operationsOptionsFrom(
  config: OperationsEnvironment,
  wiring: OperationsWiring,
): OperationsOptions {
  const perMinute = (
    name: string,
    per: RateLimitRule['per'],
    limit: number,
    routes?: readonly string[],
  ): RateLimitRule => ({ name, per, limit, windowMs: MINUTE, ...(routes ? { routes } : {}) });
  return {
    service: wiring.service,
    redisUrl: config.REDIS_URL,
    redisKeyPrefix: config.REDIS_KEY_PREFIX,
    logLevel: config.LOG_LEVEL,
    maxOutboxLag: config.READY_MAX_OUTBOX_LAG,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    trustedProxies: config.TRUSTED_PROXIES,
    rateLimits: [
      perMinute('commands', 'caller', config.RATE_LIMIT_COMMANDS_PER_MINUTE, wiring.commandRoutes ?? []),
      perMinute('public', 'address', config.RATE_LIMIT_PUBLIC_PER_MINUTE, wiring.publicRoutes ?? []),
      perMinute('chat', 'address', config.RATE_LIMIT_CHAT_PER_MINUTE, wiring.chatRoutes ?? []),
      perMinute('writes', 'caller', config.RATE_LIMIT_WRITES_PER_MINUTE),
      ...(wiring.extraRateLimits ?? []),
    ],
    anonymousRateLimit: perMinute('unauthenticated', 'address', config.RATE_LIMIT_PUBLIC_PER_MINUTE),
    ...(wiring.callerOf ? { callerOf: wiring.callerOf } : {}),
    routeDecorators: wiring.routeDecorators,
    securityHeaders: wiring.securityHeaders,
  };
}
