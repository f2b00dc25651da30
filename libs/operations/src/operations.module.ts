import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { CommandInstrumentation } from './command-instrumentation.js';
import { OperationsController } from './operations.controller.js';
import { OperationsLogger } from './operations-logger.js';
import { OperationsMetrics } from './operations-metrics.js';
import { OPERATIONS_OPTIONS, type OperationsOptions } from './operations-options.js';
import { RateLimitPolicy } from './rate-limit-policy.js';
import { RateLimiter } from './rate-limiter.js';
import { ReadinessProbe } from './readiness.js';
import { RedisConnection } from './redis-connection.js';
import { RequestMiddleware } from './request.middleware.js';
import { RequestTracker } from './request-tracker.js';
import { SecurityHeaders } from './security-headers.js';
import { ShutdownDrain } from './shutdown-drain.js';
import { ShutdownState } from './shutdown-state.js';

/**
 * What any module may inject: metrics (connectors count errors), the logger, Redis, the rate limiter and its
 * policy (what the apps' `RateLimitGuard` needs).
 */
@Module({})
class OperationsCoreModule {}

/**
 * Health, readiness, Prometheus metrics, JSON request logs, rate limits, security headers and graceful
 * shutdown for one app. The rate limits apply through `RateLimitGuard`, which each app registers as its first
 * guard.
 * Import it LAST in the app's root module: its shutdown drain must run before the other modules stop.
 */
@Module({})
export class OperationsModule implements NestModule {
  static forRoot(options: OperationsOptions): DynamicModule {
    for (const decorate of options.routeDecorators ?? []) decorate(OperationsController);
    const shared = [
      OperationsMetrics,
      OperationsLogger,
      RedisConnection,
      RateLimiter,
      ShutdownState,
      RequestTracker,
    ];
    return {
      module: OperationsModule,
      imports: [
        {
          module: OperationsCoreModule,
          global: true,
          providers: [
            { provide: OPERATIONS_OPTIONS, useValue: options },
            {
              provide: RateLimitPolicy,
              useValue: new RateLimitPolicy(options.rateLimits ?? [], options.anonymousRateLimit ?? null),
            },
            ...shared,
          ],
          exports: [OPERATIONS_OPTIONS, RateLimitPolicy, ...shared],
        },
      ],
      controllers: [OperationsController],
      providers: [ReadinessProbe, CommandInstrumentation, ShutdownDrain, SecurityHeaders],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestMiddleware).forRoutes('{*splat}');
  }
}
