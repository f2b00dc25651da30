export { CommandInstrumentation, instrumentIncidentService } from './command-instrumentation.js';
export { enableGracefulShutdown } from './graceful-shutdown.js';
export { OperationsModule } from './operations.module.js';
export { createOperationsLogger, OperationsLogger } from './operations-logger.js';
export { OperationsMetrics } from './operations-metrics.js';
export {
  OPERATIONS_OPTIONS,
  type CallerOf,
  type OperationsOptions,
  type RateLimitRule,
  type RouteDecorator,
} from './operations-options.js';
export { AddressRanges, addressRangesVariable, parseAddress } from './address-ranges.js';
export { RateLimitGuard } from './rate-limit.guard.js';
export { RateLimitPolicy, type RateLimitBucket, type RateLimitedCall } from './rate-limit-policy.js';
export { RateLimiter, type RateDecision } from './rate-limiter.js';
export { ReadinessProbe, type Readiness, type ReadinessCheck } from './readiness.js';
export { RedisConnection } from './redis-connection.js';
export {
  currentRequestContext,
  noteIncident,
  runInRequestContext,
  type RequestContext,
} from './request-context.js';
export { RequestTracker } from './request-tracker.js';
export { isMutating, routeOf } from './request-route.js';
export { trustedProxyFilter, useTrustedProxies } from './trusted-proxies.js';
export { scrubSecrets } from './secrets.js';
export { SharedWebsocketAdapter, useSharedWebsockets } from './shared-websockets.js';
export { ShutdownState } from './shutdown-state.js';
export {
  OPERATIONS_ENVIRONMENT,
  operationsOptionsFrom,
  type OperationsWiring,
} from './operations-environment.js';
export {
  HttpProblem,
  problem,
  PROBLEM_CONTENT_TYPE,
  ProblemDetailsFilter,
  tooManyRequests,
  unauthorized,
  type ProblemDetails,
  type ProblemMapping,
} from './problem-details.js';
export {
  contentSecurityPolicy,
  SecurityHeaders,
  securityHeaders,
  type PolicyDirectives,
} from './security-headers.js';
