import type { OutboxEvent } from '@firebreak/incident';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { dataSourceOptionsFromUrl } from '../data-source-options.js';
import { anEvent } from '../testing/incident-fixtures.js';
import { createPostgresSchema, dropPostgresSchema, postgresAvailability } from '../testing/test-postgres.js';
import { TypeOrmUnitOfWork } from '../typeorm-unit-of-work.js';
import { OutboxRelay, WakingUnitOfWork } from './outbox-relay.js';

const postgres = postgresAvailability('the LISTEN/NOTIFY specs');

/** Two "processes": separate DataSources and relays on one schema, as two replicas would have. */
describe.skipIf(!postgres.run)('outbox wake-ups across processes on PostgreSQL', () => {
  let url: string;
  const opened: DataSource[] = [];
  const relays: OutboxRelay[] = [];
  const open = async () => {
    const dataSource = await new DataSource(dataSourceOptionsFromUrl(url)).initialize();
    opened.push(dataSource);
    return dataSource;
  };

  beforeAll(() => {
    url = createPostgresSchema('firebreak_notify');
  });
  afterAll(async () => {
    for (const relay of relays) await relay.onModuleDestroy();
    for (const dataSource of opened) await dataSource.destroy();
    if (url) dropPostgresSchema(url);
  });

  it('delivers an event committed in one process to a consumer in another without waiting for its poll', async () => {
    const writer = await open();
    const reader = await open();
    const received: OutboxEvent[] = [];
    // Polls once at start, then would idle for a minute: only the NOTIFY can wake it in time.
    const readerRelay = new OutboxRelay(reader, { pollMs: 60_000, listeningPollMs: 60_000 });
    readerRelay.register({ name: 'elsewhere', handle: async (event) => void received.push(event) });
    const writerRelay = new OutboxRelay(writer, { pollMs: 60_000 });
    relays.push(readerRelay, writerRelay);
    readerRelay.onApplicationBootstrap();
    writerRelay.onApplicationBootstrap();
    // Let the reader finish its first (empty) poll and start listening.
    const listening = Date.now() + 10_000;
    while (
      (await reader.query('SELECT 1 FROM pg_stat_activity WHERE query = $1', ['LISTEN firebreak_outbox']))
        .length === 0 &&
      Date.now() < listening
    )
      await new Promise((resolve) => setTimeout(resolve, 20));

    const unitOfWork = new WakingUnitOfWork(new TypeOrmUnitOfWork(writer), writerRelay);
    await unitOfWork.run((stores) => stores.outbox.append([anEvent('INC-1', 7)]));

    const deadline = Date.now() + 15_000;
    while (received.length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received.map((event) => event.payload)).toEqual([{ revision: 7 }]);
  });
});
