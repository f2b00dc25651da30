import { Injectable } from '@nestjs/common';

/**
 * Work in flight (HTTP requests and incident commands) and whether the replica is draining. Shutdown waits
 * for `idle()` before the outbox relay and the database close.
 */
@Injectable()
export class ShutdownState {
  draining = false;
  /** The listener is closing: requests still arriving on open connections are refused (503). */
  closing = false;
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  /** Counts one unit of work; call the returned function exactly once when it ends. */
  begin(): () => void {
    this.inFlight += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.inFlight -= 1;
      if (this.inFlight === 0) this.waiters.splice(0).forEach((resolve) => resolve());
    };
  }

  get pending(): number {
    return this.inFlight;
  }

  /** Resolves true when nothing is in flight, or false after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
