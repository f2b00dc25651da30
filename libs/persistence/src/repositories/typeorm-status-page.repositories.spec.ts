import type { WriteUp } from '@firebreak/incident';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { dataSourceOptionsFromUrl } from '../data-source-options.js';
import { TemporarySqliteDatabase } from '../testing/temporary-sqlite-database.js';
import { createPostgresSchema, dropPostgresSchema, postgresAvailability } from '../testing/test-postgres.js';
import {
  TypeOrmMaintenanceRepository,
  TypeOrmWriteUpRepository,
} from './typeorm-status-page.repositories.js';

const at = (iso: string) => new Date(iso);

interface Backend {
  open(): Promise<DataSource>;
  remove(): Promise<void>;
}

function sqlite(): Backend {
  const database = new TemporarySqliteDatabase();
  return { open: () => database.open(), remove: () => database.remove() };
}

/** A fresh schema on the test PostgreSQL. */
function postgres(): Backend {
  let url: string | null = null;
  let dataSource: DataSource | null = null;
  return {
    open: async () => {
      url = createPostgresSchema('firebreak_status');
      dataSource = await new DataSource(dataSourceOptionsFromUrl(url)).initialize();
      return dataSource;
    },
    remove: async () => {
      if (dataSource?.isInitialized) await dataSource.destroy();
      if (url) dropPostgresSchema(url);
    },
  };
}

const postgresReachable = postgresAvailability('the status page repository specs on PostgreSQL').run;

describe.each([
  { name: 'SQLite', backend: sqlite, run: true },
  { name: 'PostgreSQL', backend: postgres, run: postgresReachable },
])('status page repositories on $name', ({ backend, run }) => {
  if (!run) {
    it.skip('needs a reachable PostgreSQL', () => undefined);
    return;
  }
  const database = backend();
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await database.open();
  });
  afterAll(() => database.remove());

  describe(TypeOrmMaintenanceRepository.name, () => {
    it('round-trips a maintenance with its components and lists the latest start first', async () => {
      const maintenances = new TypeOrmMaintenanceRepository(dataSource.manager);
      const first = await maintenances.add({
        title: 'Upgrade',
        body: 'Primary database upgrade',
        componentIds: ['api', 'web'],
        scheduledFor: at('2026-03-01T12:00:00.001Z'),
        scheduledUntil: at('2026-03-01T13:00:00.002Z'),
        cancelledAt: null,
        createdAt: at('2026-02-01T00:00:00.000Z'),
        updatedAt: at('2026-02-01T00:00:00.000Z'),
      });
      const second = await maintenances.add({ ...first, scheduledFor: at('2026-04-01T00:00:00.000Z') });
      expect(await maintenances.findById(first.id)).toEqual(first);
      await maintenances.save({ ...first, cancelledAt: at('2026-02-02T00:00:00.000Z') });
      expect((await maintenances.findById(first.id))?.cancelledAt).toEqual(at('2026-02-02T00:00:00.000Z'));
      expect((await maintenances.list()).map((each) => each.id)).toEqual([second.id, first.id]);
      expect(await maintenances.findById(999)).toBeNull();
    });
  });

  describe(TypeOrmWriteUpRepository.name, () => {
    const draft: WriteUp = {
      slug: 'inc-1-outage',
      incidentRef: 'INC-1',
      title: 'Outage',
      markdown: '# Hello',
      state: 'draft',
      publishedAt: null,
      createdAt: at('2026-03-01T00:00:00.000Z'),
      updatedAt: at('2026-03-01T00:00:00.000Z'),
    };

    it('keeps drafts out of the published list and replaces a write-up by slug', async () => {
      const writeUps = new TypeOrmWriteUpRepository(dataSource.manager);
      await writeUps.save(draft);
      expect(await writeUps.listPublished()).toEqual([]);
      const published = {
        ...draft,
        state: 'published' as const,
        publishedAt: at('2026-03-02T00:00:00.000Z'),
      };
      await writeUps.save(published);
      expect(await writeUps.listPublished()).toEqual([published]);
      expect(await writeUps.findBySlug('inc-1-outage')).toEqual(published);
      expect(await writeUps.findByIncident('INC-1')).toEqual(published);
      expect(await writeUps.findBySlug('nope')).toBeNull();
    });
  });
});
