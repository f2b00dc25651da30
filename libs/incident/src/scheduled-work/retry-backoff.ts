/** One item of clock-driven work (a reminder, a digest, a scheduled update), as it is named in logs. */
export interface ScheduledItem {
  /** What the item is: `review-meeting`, `followup-overdue`, `followup-digest`, `incident-reminder`… */
  readonly kind: string;
  readonly incidentRef: string | null;
  /** Names the item from one tick to the next (the same item always has the same key). */
  readonly key: string;
}

/** A failed attempt, as reported: the item, what went wrong, and when it will be tried again. */
export interface FailedAttempt {
  readonly item: ScheduledItem;
  readonly error: unknown;
  /** Failures in a row, this one included. */
  readonly failures: number;
  readonly retryAt: Date;
}

export interface RetryDelays {
  /** Pause after the first failure; doubled after each further failure in a row. */
  readonly initialMs: number;
  /** The longest pause. */
  readonly maxMs: number;
}

/**
 * Runs each item of scheduled work on its own, so that one which fails cannot hold up the others, and keeps a
 * failed item away for a pause that doubles with each failure in a row, up to `maxMs`.
 *
 * The pauses are kept in memory, per gateway replica, on purpose:
 * - a failed item's unit of work rolled back, so nothing in the database claims it: the database lease (the
 *   conditional update or the stored key that marks it sent) still decides which replica sends it, once;
 * - the failure is often the database itself, where a persisted retry time could not be written either;
 * - each replica pauses on its own, so N replicas try a failing item at most N times per pause, which is
 *   bounded and harmless; and a restart (often a deploy carrying the fix) tries it again at once.
 */
export class RetryBackoff {
  private readonly paused = new Map<string, { failures: number; retryAt: Date }>();

  constructor(
    private readonly delays: RetryDelays,
    private readonly report: (failure: FailedAttempt) => void,
  ) {}

  /**
   * Runs `work` for the item unless it is pausing after a failure. A failure is reported and pauses the item;
   * it never escapes. Returns what `work` returned, or undefined when the item was skipped or failed.
   */
  async attempt<T>(item: ScheduledItem, now: Date, work: () => Promise<T>): Promise<T | undefined> {
    this.forgetAbandoned(now);
    const paused = this.paused.get(item.key);
    if (paused && paused.retryAt > now) return undefined;
    try {
      const result = await work();
      this.paused.delete(item.key);
      return result;
    } catch (error) {
      const failures = (paused?.failures ?? 0) + 1;
      const retryAt = new Date(now.getTime() + this.pauseAfter(failures));
      this.paused.set(item.key, { failures, retryAt });
      this.report({ item, error, failures, retryAt });
      return undefined;
    }
  }

  private pauseAfter(failures: number): number {
    return Math.min(this.delays.maxMs, this.delays.initialMs * 2 ** Math.min(failures - 1, 30));
  }

  /** Items not tried again for a whole longest pause after they were due are no longer due (done, moved on). */
  private forgetAbandoned(now: Date): void {
    for (const [key, paused] of this.paused) {
      if (now.getTime() - paused.retryAt.getTime() > this.delays.maxMs) this.paused.delete(key);
    }
  }
}
