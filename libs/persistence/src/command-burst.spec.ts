import {
  IncidentService,
  SystemClock,
  type CommandContext,
  type OutboxConsumer,
  type OutboxEvent,
} from '@firebreak/incident';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { OutboxEventRow } from './entities/outbox.entity.js';
import { TimelineEntryRow } from './entities/timeline-entry.entity.js';
import { OutboxPoller } from './outbox/outbox-poller.js';
import { WakingUnitOfWork } from './outbox/outbox-relay.js';
import { TemporarySqliteDatabase } from './testing/temporary-sqlite-database.js';
import { TypeOrmUnitOfWork } from './typeorm-unit-of-work.js';

const COMMANDS = 1_000;
const CALLERS = 16;
const INCIDENTS = 10;
/** Every tenth command is sent twice at once, as a client retrying after a dropped connection does. */
const RESENT_EVERY = 10;

const people = ['Zoë Ångström', 'Jürgen Müller', 'Aiyana 🔥 Tso', 'Søren Kierkegård'].map((name, n) => ({
  id: `discord:${100 + n}`,
  displayName: name,
}));

function contextFor(n: number): CommandContext {
  return {
    actor: people[Math.abs(n) % people.length]!,
    location: null,
    privileged: true,
    idempotencyKey: `burst-${n}`,
    idempotencyScope: { scope: 'burst', requestHash: `command-${n}` },
  };
}

/** A command that leaves one timeline entry carrying its marker, spread over the incidents and kinds. */
function commandText(n: number): string {
  const ref = `INC-${(n % INCIDENTS) + 1}`;
  const marker = `burst-marker-${n}`;
  switch (n % 3) {
    case 0:
      return `note ${ref} Checked the payment gateway dashboards in eu-west-1, error rate still high (${marker})`;
    case 1:
      return `action ${ref} Drained the worker pool and restarted the queue consumers one by one (${marker})`;
    default:
      return `summary ${ref} Card payments fail for some customers since the deploy at 14:05 (${marker})`;
  }
}

/** Remembers every event it was handed; a second delivery of one position is a double. */
class RecordingConsumer implements OutboxConsumer {
  readonly positions: number[] = [];
  constructor(readonly name: string) {}
  async handle(event: OutboxEvent): Promise<void> {
    this.positions.push(event.position);
  }
}

/**
 * Writes as chat deliveries do: one unit of work per event, recording the event under a key of its own. A
 * second delivery of the same event fails on the key (and would show up as a retry, never silently).
 */
class WritingConsumer implements OutboxConsumer {
  readonly name = 'burst-writer';
  readonly positions: number[] = [];
  constructor(private readonly unitOfWork: TypeOrmUnitOfWork) {}
  async handle(event: OutboxEvent): Promise<void> {
    await this.unitOfWork.run((stores) =>
      stores.idempotency.remember(`delivered-${event.position}`, { position: event.position }, new Date()),
    );
    this.positions.push(event.position);
  }
}

describe('a burst of 1,000 commands while outbox consumers run', () => {
  let database: TemporarySqliteDatabase;
  let dataSource: DataSource;
  let poller: OutboxPoller;

  beforeEach(async () => {
    database = new TemporarySqliteDatabase();
    dataSource = await database.open();
  });
  afterEach(async () => {
    await poller?.stop();
    database.remove();
  });

  it('stores every command once, answers resent ones from the first, and hands every event to each consumer once', async () => {
    const unitOfWork = new TypeOrmUnitOfWork(dataSource);
    const reader = new RecordingConsumer('burst-reader');
    const writer = new WritingConsumer(unitOfWork);
    const retries: string[] = [];
    poller = new OutboxPoller(dataSource, [reader, writer], {
      idleDelayMs: 20,
      batchSize: 50,
      onRetry: (name) => retries.push(name),
    });
    const service = new IncidentService(new WakingUnitOfWork(unitOfWork, poller), new SystemClock());
    for (let n = 0; n < INCIDENTS; n += 1)
      await service.run(`declare Paiements refusés à Zürich ${n + 1} 💳`, { ...contextFor(-1 - n) });
    poller.start();

    let next = 0;
    const replayed: number[] = [];
    const caller = async (): Promise<void> => {
      while (next < COMMANDS) {
        const n = next++;
        const sends = n % RESENT_EVERY === 0 ? 2 : 1;
        const results = await Promise.all(
          Array.from({ length: sends }, () => service.run(commandText(n), contextFor(n))),
        );
        if (results.some((result) => result.replayed)) replayed.push(n);
      }
    };
    await Promise.all(Array.from({ length: CALLERS }, caller));

    const entries = await dataSource.manager.find(TimelineEntryRow);
    const markers = entries.flatMap((entry) => /burst-marker-\d+/.exec(entry.text)?.[0] ?? []);
    expect(markers).toHaveLength(COMMANDS);
    expect(new Set(markers).size).toBe(COMMANDS);
    expect(replayed).toHaveLength(COMMANDS / RESENT_EVERY);

    const head = Number(
      (
        await dataSource.manager
          .createQueryBuilder(OutboxEventRow, 'event')
          .select('MAX(event.position)', 'head')
          .getRawOne<{ head: number | string }>()
      )?.head,
    );
    const events = (await dataSource.manager.find(OutboxEventRow)).map((row) => Number(row.position));
    await until(() => [reader, writer].every((consumer) => consumer.positions.length >= events.length));
    await poller.stop();
    expect(retries).toEqual([]);
    for (const consumer of [reader, writer]) {
      expect(consumer.positions).toHaveLength(events.length);
      expect([...consumer.positions].sort((a, b) => a - b)).toEqual(events.sort((a, b) => a - b));
      expect(Math.max(...consumer.positions)).toBe(head);
    }
  }, 240_000);
});

async function until(condition: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('consumers did not catch up');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
