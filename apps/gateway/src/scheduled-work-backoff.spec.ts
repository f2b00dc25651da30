import { Logger } from '@nestjs/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scheduledWorkBackoff } from './scheduled-work-backoff.js';

describe(scheduledWorkBackoff.name, () => {
  afterEach(() => vi.restoreAllMocks());

  it('logs each failure as an error naming the kind and the incident, with the next attempt one tick later', async () => {
    const errors = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const sut = scheduledWorkBackoff('FollowupReminders', 60_000);
    const failure = new Error('SQLITE_CORRUPT: database disk image is malformed');
    const item = { kind: 'review-meeting', incidentRef: 'INC-12', key: 'review-meeting:INC-12:2026-03-09' };

    await sut.attempt(item, new Date('2026-03-09T09:00:00.000Z'), () => Promise.reject(failure));

    expect(errors).toHaveBeenCalledWith({
      msg: 'review-meeting of INC-12 failed (1 in a row), next attempt at 2026-03-09T09:01:00.000Z: SQLITE_CORRUPT: database disk image is malformed',
      kind: 'review-meeting',
      incident: 'INC-12',
      failures: 1,
      retryAt: '2026-03-09T09:01:00.000Z',
      err: failure,
    });
  });
});
