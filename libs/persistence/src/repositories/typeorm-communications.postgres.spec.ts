import {
  DEFAULT_UPDATE_TEMPLATES,
  IncidentService,
  UpdateScheduler,
  type CommandContext,
} from '@firebreak/incident';
import { FixedClock, RecordingRetryBackoff } from '@firebreak/incident/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { dataSourceOptionsFromUrl } from '../data-source-options.js';
import { StatusUpdateRow } from '../entities/status-update.entity.js';
import { SubscriberRow } from '../entities/communications.entity.js';
import { createPostgresSchema, dropPostgresSchema, postgresAvailability } from '../testing/test-postgres.js';
import { TypeOrmUnitOfWork } from '../typeorm-unit-of-work.js';
import { TypeOrmNotificationQueue } from './typeorm-subscribers.js';

const ada: CommandContext = { actor: { id: 'discord:1', displayName: 'Ada' }, location: null };

const postgres = postgresAvailability('the communications stores specs on PostgreSQL');

/** Two gateway instances on one PostgreSQL database, racing for real on separate connections. */
describe.skipIf(!postgres.run)('communications stores on PostgreSQL', () => {
  let url: string;
  const opened: DataSource[] = [];
  const open = async () => {
    const dataSource = new DataSource(dataSourceOptionsFromUrl(url));
    opened.push(dataSource);
    return dataSource.initialize();
  };
  let first: DataSource;
  let second: DataSource;
  const clock = new FixedClock(new Date('2026-03-01T10:00:00.000Z'));

  beforeAll(async () => {
    url = createPostgresSchema('firebreak_comms');
    first = await open();
    second = await open();
  });
  afterAll(async () => {
    for (const each of opened) if (each.isInitialized) await each.destroy();
    if (url) dropPostgresSchema(url);
  });

  it('lets two instances write the configured templates at the same moment', async () => {
    const configured = { ...DEFAULT_UPDATE_TEMPLATES, custom: 'Custom body' };
    const write = (dataSource: DataSource) =>
      new TypeOrmUnitOfWork(dataSource).run((stores) =>
        stores.communications.templates.replaceAll(configured),
      );
    await Promise.all([write(first), write(second), write(first), write(second)]);
    const listed = await new TypeOrmUnitOfWork(second).read((stores) =>
      stores.communications.templates.list(),
    );
    expect(listed).toEqual(
      Object.fromEntries(Object.entries(configured).sort(([a], [b]) => a.localeCompare(b))),
    );
  });

  it('publishes each due scheduled update once when two instances tick at the same moment', async () => {
    const unitOfWork = new TypeOrmUnitOfWork(first);
    await unitOfWork.run((stores) => stores.communications.templates.replaceAll(DEFAULT_UPDATE_TEMPLATES));
    const service = new IncidentService(unitOfWork, clock);
    await service.run('declare Checkout errors', ada);
    await service.run('public-title INC-1 --confirm', ada);
    await service.run('lead INC-1', ada);
    for (let n = 1; n <= 10; n += 1) await service.run(`update INC-1 --in ${n}m Scheduled ${n}`, ada);
    clock.advance(10 * 60_000);
    const a = new UpdateScheduler(new TypeOrmUnitOfWork(first), clock, new RecordingRetryBackoff());
    const b = new UpdateScheduler(new TypeOrmUnitOfWork(second), clock, new RecordingRetryBackoff());
    const counts = await Promise.all([a.publishDue(), b.publishDue(), a.publishDue(), b.publishDue()]);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(10);
    const bodies = (await first.manager.find(StatusUpdateRow)).map((row) => row.body).sort();
    expect(bodies).toHaveLength(10);
    expect(new Set(bodies).size).toBe(10);
  });

  it('leases each queued delivery to one of two dispatchers', async () => {
    const now = clock.now();
    const inserted = await first.manager.insert(SubscriberRow, {
      channel: 'webhook',
      address: 'https://hooks.example.com/x',
      componentIdsJson: '[]',
      state: 'active',
      token: 'token-postgres-0123456789',
      secret: 's',
      contactEmail: null,
      consecutiveFailures: 0,
      createdAt: now,
      confirmedAt: now,
      disabledAt: null,
    });
    const subscriberId = Number(inserted.identifiers[0]!['id']);
    const queueA = new TypeOrmNotificationQueue(first.manager);
    const queueB = new TypeOrmNotificationQueue(second.manager);
    const deliveries = Array.from({ length: 300 }, (_, n) => ({
      dedupeKey: `event:${n}:${subscriberId}`,
      subscriberId,
      purpose: 'event' as const,
      payload: { n },
    }));
    await queueA.enqueue(deliveries, now);
    await queueB.enqueue(deliveries, now); // a redelivered outbox event queues nothing twice
    const [leasedA, leasedB] = await Promise.all([
      queueA.claimDue(now, 200, 60_000),
      queueB.claimDue(now, 200, 60_000),
    ]);
    const ids = [...leasedA, ...leasedB].map((delivery) => delivery.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await queueA.pendingCount()).toBe(300);
  });
});
