import { Logger } from '@nestjs/common';
import { RetryBackoff, type FailedAttempt } from '@firebreak/incident';

/** The longest pause between two attempts of a failing reminder, digest or scheduled update. */
const LONGEST_PAUSE_MS = 30 * 60_000;

/**
 * The retry backoff of one scheduler's items: a failed item is tried again one tick later, then after a pause
 * that doubles up to 30 minutes; every failure is logged with the item's kind and incident.
 */
export function scheduledWorkBackoff(loggerName: string, tickMs: number): RetryBackoff {
  const logger = new Logger(loggerName);
  const delays = { initialMs: tickMs, maxMs: Math.max(tickMs, LONGEST_PAUSE_MS) };
  return new RetryBackoff(delays, (failure) => logger.error(failedAttemptLog(failure)));
}

/** One JSON log line per failure: the sentence, and the incident and kind as fields to filter on. */
function failedAttemptLog({ item, error, failures, retryAt }: FailedAttempt): Record<string, unknown> {
  const about = item.incidentRef ? ` of ${item.incidentRef}` : '';
  const reason = error instanceof Error ? error.message : String(error);
  return {
    msg: `${item.kind}${about} failed (${failures} in a row), next attempt at ${retryAt.toISOString()}: ${reason}`,
    kind: item.kind,
    incident: item.incidentRef,
    failures,
    retryAt: retryAt.toISOString(),
    err: error,
  };
}
