import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getMetadataArgsStorage } from 'typeorm';
import { ENTITIES } from '../entities/entities.js';
import { IncidentRow } from '../entities/incident.entity.js';
import { MIGRATIONS } from './migrations.js';
import { anIncident } from '../testing/incident-fixtures.js';
import { TemporarySqliteDatabase } from '../testing/temporary-sqlite-database.js';
import { TypeOrmIncidentRepository } from '../repositories/typeorm-incident.repository.js';
import { TEST_DATABASE } from '../testing/test-postgres.js';

/** The migrations must create exactly the tables the entities map, whoever adds the next one. */
const TABLES = [
  ...new Set(
    ENTITIES.map((entity) => getMetadataArgsStorage().tables.find((table) => table.target === entity)!.name!),
  ),
].sort();

// About the SQLite file (PRAGMAs, sqlite_master); postgres.spec.ts runs the migrations on PostgreSQL.
describe.skipIf(TEST_DATABASE === 'postgres')('schema migrations', () => {
  let database: TemporarySqliteDatabase;
  beforeEach(() => {
    database = new TemporarySqliteDatabase();
  });
  afterEach(() => database.remove());

  it('create every table on an empty file', async () => {
    const dataSource = await database.open();
    const tables = await dataSource.query<{ name: string }[]>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations' ORDER BY name",
    );
    expect(tables.map((table) => table.name)).toEqual(TABLES);
  });

  it('open the file in WAL mode with foreign keys on', async () => {
    const dataSource = await database.open();
    expect(await dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await dataSource.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
  });

  it('do nothing on a second start, and the data is still there', async () => {
    const first = await database.open();
    await new TypeOrmIncidentRepository(first.manager).save(anIncident(1), null);
    await first.destroy();

    const second = await database.open();
    expect(await second.showMigrations()).toBe(false);
    expect(await second.query('SELECT name FROM migrations ORDER BY id')).toEqual(
      MIGRATIONS.map((migration) => ({ name: migration.name })),
    );
    expect(await new TypeOrmIncidentRepository(second.manager).findByRef('INC-1')).toEqual(anIncident(1));
    expect(await second.manager.count(IncidentRow)).toBe(1);
  });

  it('can be reverted, one by one, to an empty database', async () => {
    const dataSource = await database.open();
    for (const _ of MIGRATIONS) await dataSource.undoLastMigration();
    const tables = await dataSource.query<{ name: string }[]>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations'",
    );
    expect(tables).toEqual([]);
  });
});
