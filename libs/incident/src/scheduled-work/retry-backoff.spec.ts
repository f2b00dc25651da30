import { describe, expect, it } from 'vitest';
import { RecordingRetryBackoff } from '../testing/recording-retry-backoff.js';
import { RetryBackoff, type ScheduledItem } from './retry-backoff.js';

const SECOND = 1_000;
const meeting: ScheduledItem = {
  kind: 'review-meeting',
  incidentRef: 'INC-7',
  key: 'review-meeting:INC-7:x',
};
const start = new Date('2026-03-09T09:00:00.000Z');
const after = (milliseconds: number) => new Date(start.getTime() + milliseconds);
const failing = () => Promise.reject(new Error('SQLITE_FULL: database or disk is full'));

describe(RetryBackoff.name, () => {
  it('answers what the work returned, and undefined for a failure, which never escapes', async () => {
    const sut = new RecordingRetryBackoff();
    expect(await sut.attempt(meeting, start, async () => 'sent')).toBe('sent');
    expect(await sut.attempt(meeting, start, failing)).toBeUndefined();
    expect(sut.failures).toEqual([
      {
        item: meeting,
        error: new Error('SQLITE_FULL: database or disk is full'),
        failures: 1,
        retryAt: after(60 * SECOND),
      },
    ]);
  });

  it('doubles the pause after each failure in a row, up to the longest pause', async () => {
    const sut = new RecordingRetryBackoff({ initialMs: 10 * SECOND, maxMs: 60 * SECOND });
    let now = start;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await sut.attempt(meeting, now, failing);
      now = sut.failures.at(-1)!.retryAt;
    }
    const pauses = sut.failures.map(
      (failure, index) =>
        (failure.retryAt.getTime() - (index ? sut.failures[index - 1]!.retryAt : start).getTime()) / SECOND,
    );
    expect(pauses).toEqual([10, 20, 40, 60, 60]);
  });

  it('skips the item while it pauses, and starts counting afresh after a success', async () => {
    const sut = new RecordingRetryBackoff({ initialMs: 10 * SECOND, maxMs: 60 * SECOND });
    let runs = 0;
    const counted = async () => (runs += 1);
    await sut.attempt(meeting, start, failing);
    expect(await sut.attempt(meeting, after(9_999), counted)).toBeUndefined();
    expect(runs).toBe(0);
    await sut.attempt(meeting, after(10 * SECOND), counted);
    await sut.attempt(meeting, after(11 * SECOND), failing);
    expect(sut.failures.map((failure) => failure.failures)).toEqual([1, 1]);
  });

  it('pauses each item on its own', async () => {
    const sut = new RecordingRetryBackoff();
    const overdue: ScheduledItem = {
      kind: 'followup-overdue',
      incidentRef: 'INC-8',
      key: 'followup-overdue:3',
    };
    await sut.attempt(meeting, start, failing);
    expect(await sut.attempt(overdue, start, async () => true)).toBe(true);
  });

  it('forgets an item not tried again for a whole longest pause after it was due (it is no longer due)', async () => {
    const sut = new RecordingRetryBackoff({ initialMs: 10 * SECOND, maxMs: 60 * SECOND });
    await sut.attempt(meeting, start, failing);
    await sut.attempt(meeting, after(10 * SECOND), failing);
    await sut.attempt(meeting, after(30 * SECOND + 60 * SECOND + 1), failing);
    expect(sut.failures.map((failure) => failure.failures)).toEqual([1, 2, 1]);
  });
});
