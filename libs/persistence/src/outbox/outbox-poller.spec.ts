import { type OutboxConsumer, type OutboxEvent } from '@firebreak/incident';
import { FixedClock } from '@firebreak/incident/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DataSource } from 'typeorm';
import { anEvent, anIncident } from '../testing/incident-fixtures.js';
import { TemporarySqliteDatabase } from '../testing/temporary-sqlite-database.js';
import { OutboxEventRow } from '../entities/outbox.entity.js';
import { TypeOrmUnitOfWork } from '../typeorm-unit-of-work.js';
import { OutboxPoller, type OutboxPollerOptions } from './outbox-poller.js';
import { TEST_DATABASE } from '../testing/test-postgres.js';

/** Records every delivery; can be told to fail its next few calls. */
class RecordingConsumer implements OutboxConsumer {
  readonly received: OutboxEvent[] = [];
  calls = 0;

  constructor(
    readonly name: string,
    private failuresLeft = 0,
  ) {}

  get positions(): number[] {
    return this.received.map((event) => event.position);
  }

  async handle(event: OutboxEvent): Promise<void> {
    this.calls += 1;
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error(`${this.name} is down`);
    }
    this.received.push(event);
  }
}

const quietLogger = { warn: () => undefined };
const onSqlite = TEST_DATABASE !== 'postgres';

/** Rows this SQLite connection has inserted, updated or deleted since it opened. */
async function totalChanges(dataSource: DataSource): Promise<number> {
  const [row] = (await dataSource.query('SELECT total_changes() AS changes')) as { changes: number }[];
  return row!.changes;
}

async function writeEvents(dataSource: DataSource, count: number, incidentNumber = 1): Promise<void> {
  await new TypeOrmUnitOfWork(dataSource).run(async (stores) => {
    if (!(await stores.incidents.findByRef(`INC-${incidentNumber}`)))
      await stores.incidents.save(anIncident(incidentNumber), null);
    await stores.outbox.append(
      Array.from({ length: count }, (_, index) => anEvent(`INC-${incidentNumber}`, index)),
    );
  });
}

describe(OutboxPoller.name, () => {
  let database: TemporarySqliteDatabase;
  let dataSource: DataSource;
  const pollers: OutboxPoller[] = [];
  const pollerFor = (
    consumers: OutboxConsumer[],
    options: OutboxPollerOptions = {},
    on = dataSource,
  ): OutboxPoller => {
    const poller = new OutboxPoller(on, consumers, { logger: quietLogger, ...options });
    pollers.push(poller);
    return poller;
  };

  beforeEach(async () => {
    database = new TemporarySqliteDatabase();
    dataSource = await database.open();
  });
  afterEach(async () => {
    for (const poller of pollers.splice(0)) await poller.stop();
    await database.remove();
  });

  it('delivers events in position order with their payload and time', async () => {
    await writeEvents(dataSource, 5);
    const consumer = new RecordingConsumer('chat');

    expect(await pollerFor([consumer], { batchSize: 2 }).drainOnce()).toBe(5);

    expect(consumer.positions).toEqual([1, 2, 3, 4, 5]);
    expect(consumer.received[3]).toEqual({ ...anEvent('INC-1', 3), position: 4 });
    expect(consumer.received[3]?.occurredAt).toBeInstanceOf(Date);
  });

  it('keeps a position per consumer: a new consumer starts from the beginning', async () => {
    await writeEvents(dataSource, 3);
    const chat = new RecordingConsumer('chat');
    await pollerFor([chat]).drainOnce();
    await writeEvents(dataSource, 2);

    const statusPage = new RecordingConsumer('status-page');
    const laterChat = new RecordingConsumer('chat');
    await pollerFor([laterChat, statusPage]).drainOnce();

    expect(laterChat.positions).toEqual([4, 5]);
    expect(statusPage.positions).toEqual([1, 2, 3, 4, 5]);
  });

  it('starts a new consumer that skips history at the head, then delivers what comes after', async () => {
    await writeEvents(dataSource, 3);
    const live = Object.assign(new RecordingConsumer('live-feed'), { startAt: 'head' as const });
    expect(await pollerFor([live]).drainOnce()).toBe(0);
    await writeEvents(dataSource, 2);
    await pollerFor([live]).drainOnce();
    expect(live.positions).toEqual([4, 5]);
  });

  it('retries a failing consumer without blocking the others, and delivers to it once it succeeds', async () => {
    await writeEvents(dataSource, 2);
    const flaky = new RecordingConsumer('webhooks', 2);
    const steady = new RecordingConsumer('chat');
    const poller = pollerFor([flaky, steady]);

    expect(await poller.drainOnce()).toBe(2);
    expect(steady.positions).toEqual([1, 2]);
    expect(flaky.positions).toEqual([]);
    expect(await poller.lag()).toEqual([
      { name: 'webhooks', position: 0, head: 2, lag: 2 },
      { name: 'chat', position: 2, head: 2, lag: 0 },
    ]);

    await poller.drainOnce();
    expect(flaky.positions).toEqual([]);
    expect(await poller.drainOnce()).toBe(2);

    expect(flaky.positions).toEqual([1, 2]);
    expect(flaky.calls).toBe(4);
    expect(await poller.drainOnce()).toBe(0);
    expect((await poller.lag()).map((lag) => lag.lag)).toEqual([0, 0]);
  });

  it('skips, with a warning, a stored event this version cannot read, and delivers the ones after it', async () => {
    await writeEvents(dataSource, 1);
    await dataSource.getRepository(OutboxEventRow).insert([
      { type: 'incident.archived', incidentRef: 'INC-1', occurredAt: new Date(), payloadJson: '{}' },
      { type: 'chat.notice', incidentRef: null, occurredAt: new Date(), payloadJson: '{"message":' },
    ]);
    await writeEvents(dataSource, 1);
    await dataSource.getRepository(OutboxEventRow).insert({
      type: 'incident.archived',
      incidentRef: 'INC-1',
      occurredAt: new Date(),
      payloadJson: '{}',
    });
    const consumer = new RecordingConsumer('chat');
    const warnings: string[] = [];
    const poller = pollerFor([consumer], { batchSize: 2, logger: { warn: (line) => warnings.push(line) } });

    expect(await poller.drainOnce()).toBe(2);
    expect(consumer.positions).toEqual([1, 4]);
    expect(warnings).toEqual([
      'chat: outbox event 2 skipped: unknown event type "incident.archived"',
      'chat: outbox event 3 skipped: chat.notice payload is not JSON',
      'chat: outbox event 5 skipped: unknown event type "incident.archived"',
    ]);
    expect((await poller.lag()).map((lag) => lag.lag)).toEqual([0]);
  });

  it('polls on its own, wakes up on demand, and backs off a failing consumer until it is due', async () => {
    const clock = new FixedClock();
    const flaky = new RecordingConsumer('webhooks', 1);
    const steady = new RecordingConsumer('chat');
    const warnings: string[] = [];
    const poller = pollerFor([flaky, steady], {
      clock,
      idleDelayMs: 60_000,
      initialBackoffMs: 1_000,
      logger: { warn: (message) => warnings.push(message) },
    });
    poller.start();

    await writeEvents(dataSource, 1);
    poller.wake();
    await vi.waitFor(() => expect(steady.positions).toEqual([1]));
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Outbox consumer "webhooks" failed at position 1 \(failure 1\); retrying in \d+ ms: webhooks is down$/,
      ),
    ]);

    poller.wake();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(flaky.calls).toBe(1);

    clock.advance(1_000);
    poller.wake();
    await vi.waitFor(() => expect(flaky.positions).toEqual([1]));
    await poller.stop();
  });

  it('finishes the batch in flight before stopping', async () => {
    await writeEvents(dataSource, 3);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const handled: number[] = [];
    const slow: OutboxConsumer = {
      name: 'slow',
      handle: async (event) => {
        if (event.position === 1) await released;
        handled.push(event.position);
      },
    };
    const poller = pollerFor([slow]);
    poller.start();
    await new Promise((resolve) => setTimeout(resolve, 20));

    const stopped = poller.stop();
    release();
    await stopped;

    expect(handled).toEqual([1, 2, 3]);
    expect((await poller.lag())[0]).toMatchObject({ position: 3, lag: 0 });
  });

  it('delivers events written before a crash once the process is back', async () => {
    await writeEvents(dataSource, 3);
    await dataSource.destroy();

    const reopened = await database.open();
    const consumer = new RecordingConsumer('chat');
    await pollerFor([consumer], {}, reopened).drainOnce();

    expect(consumer.positions).toEqual([1, 2, 3]);
  });

  // Positions are stored once per batch on both databases: a crash mid-batch redelivers the whole batch.
  it('redelivers the batch of an event handled just before a crash, and an idempotent handler applies it once', async () => {
    await writeEvents(dataSource, 3);
    const applied = new Map<number, OutboxEvent>();
    const deliveries: number[] = [];
    const idempotentChat = (crashAfter: number | null, on: DataSource): OutboxConsumer => ({
      name: 'chat',
      handle: async (event) => {
        deliveries.push(event.position);
        if (!applied.has(event.position)) applied.set(event.position, event);
        // The side effect happened; the process dies before the position is stored and runs nothing more.
        if (event.position !== crashAfter) return;
        await on.destroy();
        throw new Error('the process died');
      },
    });

    await pollerFor([idempotentChat(2, dataSource)]).drainOnce();
    const reopened = await database.open();
    await pollerFor([idempotentChat(null, reopened)], {}, reopened).drainOnce();

    expect(deliveries).toEqual([1, 2, 1, 2, 3]);
    expect([...applied.keys()]).toEqual([1, 2, 3]);
  });

  it.runIf(onSqlite)(
    'stores a batch’s position with one write, whatever the number of events in it',
    async () => {
      await writeEvents(dataSource, 5);
      const changesBefore = await totalChanges(dataSource);
      const consumer = new RecordingConsumer('chat');
      await pollerFor([consumer], { batchSize: 10 }).drainOnce();

      expect(consumer.positions).toEqual([1, 2, 3, 4, 5]);
      // The consumer's row is created, then moved once to the batch's last position.
      expect((await totalChanges(dataSource)) - changesBefore).toBe(2);
    },
  );

  it('refuses two consumers with the same name', () => {
    expect(() => pollerFor([new RecordingConsumer('chat'), new RecordingConsumer('chat')])).toThrow(
      'Two outbox consumers are named "chat"; each needs its own position.',
    );
  });
});
