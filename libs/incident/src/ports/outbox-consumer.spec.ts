import { describe, expect, it } from 'vitest';
import type { OutboxEvent } from '../model/domain-event.js';
import { deliverOrSkipRefused } from './outbox-consumer.js';

const event: OutboxEvent = {
  position: 7,
  type: 'review.edited',
  incidentRef: 'INC-2',
  occurredAt: new Date('2026-03-01T10:00:00.000Z'),
  payload: { revision: 2, section: null },
};
const refusedForGood = (error: unknown) => error instanceof Error && error.message === 'gone';

describe(deliverOrSkipRefused.name, () => {
  it('reports and skips a delivery the platform refuses for good', async () => {
    const reports: string[] = [];
    await deliverOrSkipRefused(
      event,
      () => Promise.reject(new Error('gone')),
      refusedForGood,
      (message) => reports.push(message),
    );
    expect(reports).toEqual(['review.edited of INC-2 (position 7) skipped, refused for good: Error: gone']);
  });

  it('throws anything else, so the relay retries the event', async () => {
    const reports: string[] = [];
    const outage = deliverOrSkipRefused(
      event,
      () => Promise.reject(new Error('503')),
      refusedForGood,
      (message) => reports.push(message),
    );
    await expect(outage).rejects.toThrow('503');
    expect(reports).toEqual([]);
  });
});
