export { enableGracefulShutdown } from './graceful-shutdown.js';
export { OperationsModule } from './operations.module.js';
export { OperationsLogger } from './operations-logger.js';
export { AddressRanges, addressRangesVariable } from './address-ranges.js';
export { RateLimitGuard } from './rate-limit.guard.js';
export { RateLimitPolicy } from './rate-limit-policy.js';
export { noteIncident } from './request-context.js';
export { RequestTracker } from './request-tracker.js';
export { isMutating, routeOf } from './request-route.js';
export { useTrustedProxies } from './trusted-proxies.js';
export { useSharedWebsockets } from './shared-websockets.js';
export { ShutdownState } from './shutdown-state.js';
export { OPERATIONS_ENVIRONMENT, operationsOptionsFrom } from './operations-environment.js';
export {
  HttpProblem,
  problem,
  PROBLEM_CONTENT_TYPE,
  ProblemDetailsFilter,
  unauthorized,
} from './problem-details.js';
export { contentSecurityPolicy, securityHeaders } from './security-headers.js';
