import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptionsFromUrl } from '../data-source-options.js';
import { startTransactionsAsWriter } from '../sqlite-write-lock.js';

const POSTGRES_URL = process.env['FIREBREAK_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A SQLite file in a fresh temp directory, for specs: open it as often as needed, then `remove()` it. With
 * FIREBREAK_TEST_DATABASE=postgres it is a fresh PostgreSQL schema instead (dropped by `remove()`), so the
 * same specs run on both databases.
 */
export class TemporarySqliteDatabase {
  readonly directory = mkdtempSync(join(tmpdir(), 'firebreak-persistence-'));
  readonly file = join(this.directory, 'firebreak.sqlite');
  readonly url: string;
  private readonly schema: string | null = null;
  private readonly opened: DataSource[] = [];

  constructor() {
    if (process.env['FIREBREAK_TEST_DATABASE'] === 'postgres') {
      this.schema = `firebreak_spec_${randomBytes(6).toString('hex')}`;
      psql(`CREATE SCHEMA "${this.schema}"`);
      const url = new URL(POSTGRES_URL);
      url.searchParams.set('schema', this.schema);
      this.url = url.toString();
    } else {
      this.url = `sqlite:${this.file}`;
    }
  }

  async open(): Promise<DataSource> {
    const dataSource = new DataSource(dataSourceOptionsFromUrl(this.url));
    startTransactionsAsWriter(dataSource);
    this.opened.push(dataSource);
    await dataSource.initialize();
    return dataSource;
  }

  async remove(): Promise<void> {
    for (const dataSource of this.opened) if (dataSource.isInitialized) await dataSource.destroy();
    if (this.schema) psql(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    rmSync(this.directory, { recursive: true, force: true });
  }
}

/** Synchronous so the constructor can create the schema; fails loudly when PostgreSQL is missing. */
function psql(sql: string): void {
  try {
    execFileSync('psql', [POSTGRES_URL, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 15_000,
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(
      `FIREBREAK_TEST_DATABASE=postgres needs PostgreSQL at ${POSTGRES_URL.replace(/:[^:@/]*@/, ':***@')}: ` +
        `"${sql}" failed: ${stderr || (error as Error).message}`,
      { cause: error },
    );
  }
}
