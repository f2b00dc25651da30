import { z } from 'zod';
import type { OperationsOptions, RateLimitRule, RouteDecorator } from './operations-options.js';

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
  /** Per client address, across all replicas when REDIS_URL is set; 0 turns the limit off. */
  RATE_LIMIT_COMMANDS_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  RATE_LIMIT_PUBLIC_PER_MINUTE: z.coerce.number().int().min(0).default(60),
};

type OperationsEnvironment = {
  readonly REDIS_URL?: string | undefined;
  readonly REDIS_KEY_PREFIX: string;
  readonly LOG_LEVEL: string;
  readonly READY_MAX_OUTBOX_LAG: number;
  readonly SHUTDOWN_TIMEOUT_MS: number;
  readonly SHUTDOWN_GRACE_MS: number;
  readonly RATE_LIMIT_COMMANDS_PER_MINUTE: number;
  readonly RATE_LIMIT_PUBLIC_PER_MINUTE: number;
};

export interface OperationsWiring {
  readonly service: string;
  /** Route prefixes (and method) for each limit; the per-minute numbers come from the environment. */
  readonly commandRoutes?: readonly Omit<RateLimitRule, 'limit' | 'windowMs' | 'name'>[];
  readonly publicRoutes?: readonly Omit<RateLimitRule, 'limit' | 'windowMs' | 'name'>[];
  readonly routeDecorators?: readonly RouteDecorator[];
  readonly securityHeaders?: Readonly<Record<string, string>>;
}

/** OperationsModule options from an app's validated config. */
export function operationsOptionsFrom(
  config: OperationsEnvironment,
  wiring: OperationsWiring,
): OperationsOptions {
  const minute = 60_000;
  const rules = (name: string, perMinute: number, routes: OperationsWiring['commandRoutes']) =>
    perMinute > 0
      ? (routes ?? []).map((route) => ({ ...route, name, limit: perMinute, windowMs: minute }))
      : [];
  return {
    service: wiring.service,
    redisUrl: config.REDIS_URL,
    redisKeyPrefix: config.REDIS_KEY_PREFIX,
    logLevel: config.LOG_LEVEL,
    maxOutboxLag: config.READY_MAX_OUTBOX_LAG,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    rateLimits: [
      ...rules('commands', config.RATE_LIMIT_COMMANDS_PER_MINUTE, wiring.commandRoutes),
      ...rules('public', config.RATE_LIMIT_PUBLIC_PER_MINUTE, wiring.publicRoutes),
    ],
    routeDecorators: wiring.routeDecorators,
    securityHeaders: wiring.securityHeaders,
  };
}
