import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { connectionTurns } from './connection-turns.js';
import { TemporarySqliteDatabase } from './testing/temporary-sqlite-database.js';
import { TEST_DATABASE } from './testing/test-postgres.js';

// Turns exist on SQLite only (PostgreSQL has a pool); the PostgreSQL pass opens schemas, where they do nothing.
describe.skipIf(TEST_DATABASE === 'postgres')('connection turns on SQLite', () => {
  let database: TemporarySqliteDatabase;
  let dataSource: DataSource;

  beforeEach(async () => {
    database = new TemporarySqliteDatabase();
    dataSource = await database.open();
  });
  afterEach(() => database.remove());

  it('lets the event loop read pending I/O between queued units of work', async () => {
    const turns = connectionTurns(dataSource);
    const happened: string[] = [];
    const unitOfWork = (name: string, arrives?: string) =>
      turns.take(async () => {
        await dataSource.query('SELECT 1');
        happened.push(name);
        // What the event loop would read next: a request that arrived while this unit of work ran.
        if (arrives) setImmediate(() => happened.push(arrives));
      });

    await Promise.all([unitOfWork('first', 'request'), unitOfWork('second'), unitOfWork('third')]);

    expect(happened).toEqual(['first', 'request', 'second', 'third']);
  });

  it('still runs a read inside a unit of work at once, in the same turn', async () => {
    const turns = connectionTurns(dataSource);
    const inner = await turns.take(() =>
      turns.take(async () => (await dataSource.query('SELECT 2 AS two'))[0]),
    );
    expect(inner).toEqual({ two: 2 });
  });
});
