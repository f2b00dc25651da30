import { randomBytes } from 'node:crypto';
import type { OutboxEvent } from '@firebreak/incident';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { dataSourceOptionsFromUrl } from '../data-source-options.js';
import { anEvent } from '../testing/incident-fixtures.js';
import { TypeOrmUnitOfWork } from '../typeorm-unit-of-work.js';
import { OutboxRelay, WakingUnitOfWork } from './outbox-relay.js';

const POSTGRES_URL = process.env['FIREBREAK_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<string | null> {
  const probe = new DataSource({ type: 'postgres', url: POSTGRES_URL, connectTimeoutMS: 3_000 });
  try {
    await probe.initialize();
    await probe.destroy();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const unreachable = await postgresReachable();
if (unreachable && process.env['CI'] === 'true') {
  describe('PostgreSQL in CI', () => {
    it('is reachable for the LISTEN/NOTIFY specs', () => {
      throw new Error(`PostgreSQL is unreachable in CI (${unreachable}); start it first.`);
    });
  });
}

/** Two "processes": separate DataSources and relays on one schema, as two replicas would have. */
describe.skipIf(unreachable !== null)('outbox wake-ups across processes on PostgreSQL', () => {
  const schema = `firebreak_notify_${randomBytes(6).toString('hex')}`;
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('schema', schema);
  const opened: DataSource[] = [];
  const relays: OutboxRelay[] = [];
  let admin: DataSource;
  const open = async () => {
    const dataSource = await new DataSource(dataSourceOptionsFromUrl(url.toString())).initialize();
    opened.push(dataSource);
    return dataSource;
  };

  beforeAll(async () => {
    admin = await new DataSource({ type: 'postgres', url: POSTGRES_URL }).initialize();
    await admin.query(`CREATE SCHEMA "${schema}"`);
  });
  afterAll(async () => {
    for (const relay of relays) await relay.onModuleDestroy();
    for (const dataSource of opened) await dataSource.destroy();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.destroy();
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
