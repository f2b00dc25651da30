import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { TypeOrmChatWorkspaceRepository } from '../repositories/typeorm-chat-workspace.repository.js';
import { TemporarySqliteDatabase } from '../testing/temporary-sqlite-database.js';
import { undoMigrationsThrough } from '../testing/undo-migrations.js';
import { PlatformSettings1764800000000 } from './1764800000000-platform-settings.js';

const columnsOf = async (dataSource: DataSource): Promise<string[]> => {
  const runner = dataSource.createQueryRunner();
  try {
    return (await runner.getTable('chat_workspace'))!.columns.map((column) => column.name);
  } finally {
    await runner.release();
  }
};

// On SQLite, and on PostgreSQL with FIREBREAK_TEST_DATABASE=postgres (the temporary database is a schema then).
describe('the platform settings migration', () => {
  let database: TemporarySqliteDatabase;
  beforeEach(() => {
    database = new TemporarySqliteDatabase();
  });
  afterEach(() => database.remove());

  async function beforeTheMigration(): Promise<DataSource> {
    const dataSource = await database.open();
    await undoMigrationsThrough(dataSource, new PlatformSettings1764800000000().name);
    await dataSource.query(
      `INSERT INTO chat_workspace (platform, workspace_id, incidents_channel_id, incident_category_id, settings, updated_at)
       VALUES ('discord', '111', '222', '333', '{"archiveCategoryId":"444"}', '2026-02-03T04:05:06.789Z'),
              ('discord', '555', '666', NULL, '{}', '2026-02-03T04:05:06.789Z'),
              ('teams', '19:équipe', '19:canal', NULL, '{"teamName":"Équipe 🔥"}', '2026-02-03T04:05:06.789Z')`,
    );
    return dataSource;
  }

  it("moves each Discord guild's incident category into its platform settings and drops the column", async () => {
    const dataSource = await beforeTheMigration();
    await dataSource.runMigrations();

    const workspaces = new TypeOrmChatWorkspaceRepository(dataSource.manager);
    expect((await workspaces.find('discord', '111'))?.settings).toEqual({
      archiveCategoryId: '444',
      incidentCategoryId: '333',
    });
    expect((await workspaces.find('discord', '555'))?.settings).toEqual({});
    expect((await workspaces.find('teams', '19:équipe'))?.settings).toEqual({ teamName: 'Équipe 🔥' });
    expect(await columnsOf(dataSource)).not.toContain('incident_category_id');
  });

  it('puts the category back in its column when reverted', async () => {
    const dataSource = await beforeTheMigration();
    await dataSource.runMigrations();
    await dataSource.undoLastMigration();

    const rows = await dataSource.query<
      { workspace_id: string; incident_category_id: string | null; settings: string }[]
    >('SELECT workspace_id, incident_category_id, settings FROM chat_workspace ORDER BY workspace_id');
    expect(rows.map((row) => [row.workspace_id, row.incident_category_id, JSON.parse(row.settings)])).toEqual(
      [
        ['111', '333', { archiveCategoryId: '444' }],
        ['19:équipe', null, { teamName: 'Équipe 🔥' }],
        ['555', null, {}],
      ],
    );
  });
});
