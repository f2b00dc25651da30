import { describe, expect, it } from 'vitest';
import type { OutboxEvent } from '@firebreak/incident';
import { DeliveryRefusals, isRefusedForGood } from './delivery-refusals.js';

class PlatformError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

const event: OutboxEvent = {
  position: 7,
  type: 'review.edited',
  incidentRef: 'INC-2',
  occurredAt: new Date('2026-03-01T10:00:00.000Z'),
  payload: { revision: 2, section: null },
};

function policy(): { sut: DeliveryRefusals; reports: string[] } {
  const reports: string[] = [];
  const statusOf = (error: unknown) => (error instanceof PlatformError ? error.status : null);
  return { sut: new DeliveryRefusals(statusOf, (problem) => reports.push(problem)), reports };
}

describe(isRefusedForGood.name, () => {
  it('calls a bad body, no access and a gone channel refused for good', () => {
    expect([400, 403, 404, 410].map(isRefusedForGood)).toEqual([true, true, true, true]);
  });

  it('leaves credentials, timeouts, throttling, outages and errors without a status to the retries', () => {
    expect([401, 408, 429, 500, 502, 503, null].map(isRefusedForGood)).toEqual(Array(7).fill(false));
  });
});

describe(DeliveryRefusals.name, () => {
  it('reports and skips a step the platform refused for good', async () => {
    const { sut, reports } = policy();
    await sut.deliverOrSkip(event, () => Promise.reject(new PlatformError(404)));
    expect(reports).toEqual([
      'review.edited of INC-2 (position 7) skipped, refused for good: Error: HTTP 404',
    ]);
  });

  it('throws an outage on, unreported, so the relay retries the event', async () => {
    const { sut, reports } = policy();
    await expect(sut.deliverOrSkip(event, () => Promise.reject(new PlatformError(503)))).rejects.toThrow(
      'HTTP 503',
    );
    await expect(sut.deliverOrSkip(event, () => Promise.reject(new Error('ECONNRESET')))).rejects.toThrow(
      'ECONNRESET',
    );
    expect(reports).toEqual([]);
  });

  it('runs a step that succeeds once, reporting nothing', async () => {
    const { sut, reports } = policy();
    let runs = 0;
    await sut.deliverOrSkip(event, async () => {
      runs += 1;
    });
    expect(runs).toBe(1);
    expect(reports).toEqual([]);
  });
});
