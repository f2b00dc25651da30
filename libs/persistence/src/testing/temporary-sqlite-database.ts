import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptionsFromUrl } from '../data-source-options.js';

/** A SQLite file in a fresh temp directory, for specs: open it as often as needed, then `remove()` it. */
export class TemporarySqliteDatabase {
  readonly directory = mkdtempSync(join(tmpdir(), 'firebreak-persistence-'));
  readonly file = join(this.directory, 'firebreak.sqlite');
  readonly url = `sqlite:${this.file}`;
  private readonly opened: DataSource[] = [];

  async open(): Promise<DataSource> {
    const dataSource = new DataSource(dataSourceOptionsFromUrl(this.url));
    this.opened.push(dataSource);
    await dataSource.initialize();
    return dataSource;
  }

  async remove(): Promise<void> {
    for (const dataSource of this.opened) if (dataSource.isInitialized) await dataSource.destroy();
    rmSync(this.directory, { recursive: true, force: true });
  }
}
