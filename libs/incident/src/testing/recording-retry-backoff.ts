import { RetryBackoff, type FailedAttempt, type RetryDelays } from '../scheduled-work/retry-backoff.js';

/** A retry backoff for specs and benchmarks: failures are kept in `failures` for assertions, not logged. */
export class RecordingRetryBackoff extends RetryBackoff {
  readonly failures: FailedAttempt[];

  constructor(delays: RetryDelays = { initialMs: 60_000, maxMs: 3_600_000 }) {
    const failures: FailedAttempt[] = [];
    super(delays, (failure) => failures.push(failure));
    this.failures = failures;
  }
}
