import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { IdempotencyScope1764450000000 } from '../migrations/1764450000000-idempotency-scope.js';
import { TemporarySqliteDatabase } from '../testing/temporary-sqlite-database.js';
import { TypeOrmIdempotencyStore } from './typeorm-idempotency.store.js';

const at = new Date('2026-03-02T09:00:00.000Z');
const opsDeclares = { scope: 'api:ops POST /api/v1/incidents', requestHash: 'a'.repeat(64) };
const botDeclares = { scope: 'api:bot POST /api/v1/incidents', requestHash: 'b'.repeat(64) };

// On SQLite, and on PostgreSQL with FIREBREAK_TEST_DATABASE=postgres.
describe(TypeOrmIdempotencyStore.name, () => {
  let database: TemporarySqliteDatabase;
  let dataSource: DataSource;
  let sut: TypeOrmIdempotencyStore;

  beforeEach(async () => {
    database = new TemporarySqliteDatabase();
    dataSource = await database.open();
    sut = new TypeOrmIdempotencyStore(dataSource.manager);
  });
  afterEach(() => database.remove());

  it('keeps one key apart in each scope, with the hash of the request that first used it', async () => {
    await sut.remember('retry-1', { ref: 'INC-1' }, at, opsDeclares);
    await sut.remember('retry-1', { ref: 'INC-2' }, at, botDeclares);
    await sut.remember('retry-1', { ref: 'INC-3' }, at);

    expect(await sut.find('retry-1', opsDeclares.scope)).toEqual({
      result: { ref: 'INC-1' },
      requestHash: opsDeclares.requestHash,
    });
    expect(await sut.find('retry-1', botDeclares.scope)).toEqual({
      result: { ref: 'INC-2' },
      requestHash: botDeclares.requestHash,
    });
    expect(await sut.find('retry-1')).toEqual({ result: { ref: 'INC-3' }, requestHash: null });
    expect(await sut.find('retry-1', 'api:ops POST /api/v1/commands')).toBeNull();
  });

  it('refuses a key twice in one scope, so the later of two concurrent first runs fails and is retried', async () => {
    await sut.remember('retry-2', null, at, opsDeclares);
    await expect(sut.remember('retry-2', null, at, opsDeclares)).rejects.toThrow();
    expect(await sut.find('retry-2', opsDeclares.scope)).toEqual({
      result: null,
      requestHash: opsDeclares.requestHash,
    });
  });

  it('still finds the keys remembered before the upgrade, under the empty scope', async () => {
    const applied = async () =>
      (await dataSource.query<{ name: string }[]>('SELECT name FROM migrations')).map((row) => row.name);
    while ((await applied()).includes(IdempotencyScope1764450000000.name))
      await dataSource.undoLastMigration();
    await dataSource.query(
      `INSERT INTO idempotency_key ("key", result, created_at) VALUES ('discord:interaction:42', '{"ref":"INC-7"}', '2026-03-01T08:00:00.000Z')`,
    );
    await dataSource.runMigrations();

    expect(await sut.find('discord:interaction:42')).toEqual({ result: { ref: 'INC-7' }, requestHash: null });
    await sut.remember('discord:interaction:42', { ref: 'INC-8' }, at, opsDeclares);
    expect((await sut.find('discord:interaction:42', opsDeclares.scope))?.result).toEqual({ ref: 'INC-8' });
  });
});
