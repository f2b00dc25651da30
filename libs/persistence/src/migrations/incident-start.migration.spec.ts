import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TypeOrmIncidentRepository } from '../repositories/typeorm-incident.repository.js';
import { TemporarySqliteDatabase } from '../testing/temporary-sqlite-database.js';
import { undoMigrationsThrough } from '../testing/undo-migrations.js';
import { IncidentStart1764510000000 } from './1764510000000-incident-start.js';

// On SQLite, and on PostgreSQL with FIREBREAK_TEST_DATABASE=postgres (the temporary database is a schema then).
describe('the incident start migration', () => {
  let database: TemporarySqliteDatabase;
  beforeEach(() => {
    database = new TemporarySqliteDatabase();
  });
  afterEach(() => database.remove());

  it('starts the incidents declared before it when they were declared, and requires a start afterwards', async () => {
    const dataSource = await database.open();
    await undoMigrationsThrough(dataSource, new IncidentStart1764510000000().name);
    await dataSource.query(
      `INSERT INTO incident (ref, number, title, severity, status, roles, component_ids, declared_at, updated_at,
         declared_platform, declared_channel_id, version)
       VALUES ('INC-7', 7, 'Paiements refusés à Zürich 🔥', 'major', 'investigating', '{}', '[]',
         '2026-02-03T04:05:06.789Z', '2026-02-03T04:05:07.000Z', 'api', 'api', 1)`,
    );
    await dataSource.runMigrations();

    const incident = await new TypeOrmIncidentRepository(dataSource.manager).findByRef('INC-7');
    expect(incident?.startedAt).toEqual(new Date('2026-02-03T04:05:06.789Z'));
    await expect(
      dataSource.query(
        `INSERT INTO incident (ref, number, title, severity, status, roles, component_ids, declared_at,
           updated_at, declared_platform, declared_channel_id, version)
         VALUES ('INC-8', 8, 'No start', 'major', 'investigating', '{}', '[]', '2026-02-03T04:05:06.789Z',
           '2026-02-03T04:05:06.789Z', 'api', 'api', 1)`,
      ),
    ).rejects.toThrow(/started_at|NOT NULL/i);
  });
});
