import type { INestApplication } from '@nestjs/common';
import { ShutdownSignal } from '@nestjs/common';
import { ShutdownState } from './shutdown-state.js';

/**
 * Shutdown for a process entry point. Nest's own SIGTERM handling starts closing at once (new requests get
 * 503). With a grace period (SHUTDOWN_GRACE_MS) SIGTERM first only marks the replica not ready while it keeps
 * serving, so a load balancer probing /readyz moves traffic away before the listener closes and no
 * connection is refused or reset; then the usual drain runs and the process exits 0.
 */
export function enableGracefulShutdown(app: INestApplication, graceMs: number): void {
  if (graceMs <= 0) {
    app.enableShutdownHooks([], { useProcessExit: true });
    return;
  }
  const others = Object.values(ShutdownSignal).filter((signal) => signal !== ShutdownSignal.SIGTERM);
  app.enableShutdownHooks(others, { useProcessExit: true });
  process.once('SIGTERM', () => {
    app.get(ShutdownState).draining = true;
    setTimeout(() => {
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    }, graceMs);
  });
}
