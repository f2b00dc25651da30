import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptionsFromUrl } from '../data-source-options.js';
import { startTransactionsAsWriter } from '../sqlite-write-lock.js';
import { createPostgresSchema, dropPostgresSchema, TEST_DATABASE } from './test-postgres.js';

/**
 * A SQLite file in a fresh temp directory, for specs: open it as often as needed, then `remove()` it. With
 * FIREBREAK_TEST_DATABASE=postgres it is a fresh PostgreSQL schema instead (dropped by `remove()`), so the
 * same specs run on both databases.
 */
export class TemporarySqliteDatabase {
  readonly directory = mkdtempSync(join(tmpdir(), 'firebreak-persistence-'));
  readonly file = join(this.directory, 'firebreak.sqlite');
  readonly url =
    TEST_DATABASE === 'postgres' ? createPostgresSchema('firebreak_spec') : `sqlite:${this.file}`;
  private readonly opened: DataSource[] = [];

  async open(): Promise<DataSource> {
    const dataSource = new DataSource(dataSourceOptionsFromUrl(this.url));
    startTransactionsAsWriter(dataSource);
    this.opened.push(dataSource);
    await dataSource.initialize();
    return dataSource;
  }

  async remove(): Promise<void> {
    for (const dataSource of this.opened) if (dataSource.isInitialized) await dataSource.destroy();
    if (TEST_DATABASE === 'postgres') dropPostgresSchema(this.url);
    rmSync(this.directory, { recursive: true, force: true });
  }
}
