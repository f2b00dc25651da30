import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { TypeOrmIncidentRepository } from '../repositories/typeorm-incident.repository.js';
import { TemporarySqliteDatabase } from '../testing/temporary-sqlite-database.js';
import { PublicFacts1765100000000 } from './1765100000000-public-facts.js';

async function undoThrough(dataSource: DataSource, name: string): Promise<void> {
  for (;;) {
    const [last] = await dataSource.query<{ name: string }[]>(
      'SELECT name FROM migrations ORDER BY id DESC LIMIT 1',
    );
    await dataSource.undoLastMigration();
    if (!last || last.name === name) return;
  }
}

const insertIncident = (number: number, title: string, severity: string): string =>
  `INSERT INTO incident (ref, number, title, severity, status, roles, component_ids, declared_at, started_at,
     updated_at, declared_platform, declared_channel_id, version)
   VALUES ('INC-${number}', ${number}, '${title}', '${severity}', 'investigating', '{}', '[]',
     '2026-02-03T04:05:06.789Z', '2026-02-03T04:05:06.789Z', '2026-02-03T04:05:07.000Z', 'api', 'api', 1)`;

// On SQLite, and on PostgreSQL with FIREBREAK_TEST_DATABASE=postgres (the temporary database is a schema then).
describe('the public facts migration', () => {
  let database: TemporarySqliteDatabase;
  beforeEach(() => {
    database = new TemporarySqliteDatabase();
  });
  afterEach(() => database.remove());

  it('keeps what customers were shown for incidents already public, and gives the others no public title', async () => {
    const dataSource = await database.open();
    await undoThrough(dataSource, new PublicFacts1765100000000().name);
    await dataSource.query(insertIncident(1, 'Paiements refusés à Zürich 🔥', 'critical'));
    await dataSource.query(insertIncident(2, 'Possible PII exposure - S3 bucket public', 'critical'));
    await dataSource.query(
      `INSERT INTO status_update (incident_ref, body, status, affected_components, author_id, author_name,
         published_at)
       VALUES ('INC-1', 'Card payments fail in Zürich; we are on it.', 'investigating', '[]', 'discord:1',
         'Ada', '2026-02-03T04:10:00.000Z')`,
    );
    await dataSource.runMigrations();

    const incidents = new TypeOrmIncidentRepository(dataSource.manager);
    expect(await incidents.findByRef('INC-1')).toMatchObject({
      publicTitle: 'Paiements refusés à Zürich 🔥',
      publicImpact: 'critical',
    });
    expect(await incidents.findByRef('INC-2')).toMatchObject({ publicTitle: null, publicImpact: null });
  });
});
