import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataSourceOptionsFromUrl } from './data-source-options.js';

describe(dataSourceOptionsFromUrl.name, () => {
  const directories: string[] = [];
  const temporaryDirectory = (): string => {
    const directory = mkdtempSync(join(tmpdir(), 'firebreak-options-'));
    directories.push(directory);
    return directory;
  };
  afterEach(() => {
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  it('uses a SQLite file in ./data when DATABASE_URL is unset, and never synchronizes', () => {
    const options = dataSourceOptionsFromUrl(undefined, {
      defaultSqliteFile: join(temporaryDirectory(), 'data/x.sqlite'),
    });
    expect(options).toMatchObject({ type: 'better-sqlite3', migrationsRun: true, synchronize: false });
    expect(dataSourceOptionsFromUrl('').type).toBe('better-sqlite3');
  });

  it('creates the directory of the SQLite file', () => {
    const file = join(temporaryDirectory(), 'nested/deeper/firebreak.sqlite');
    dataSourceOptionsFromUrl(`sqlite:${file}`);
    expect(existsSync(join(file, '..'))).toBe(true);
  });

  it('reads sqlite: and file: URLs as file paths', () => {
    const directory = temporaryDirectory();
    expect(dataSourceOptionsFromUrl(`sqlite:${directory}/a.sqlite`)).toMatchObject({
      database: `${directory}/a.sqlite`,
    });
    expect(dataSourceOptionsFromUrl(`sqlite://${directory}/b.sqlite`)).toMatchObject({
      database: `${directory}/b.sqlite`,
    });
    expect(dataSourceOptionsFromUrl(`file:${directory}/c.sqlite`)).toMatchObject({
      database: `${directory}/c.sqlite`,
    });
    expect(dataSourceOptionsFromUrl(`file://${directory}/d.sqlite`)).toMatchObject({
      database: `${directory}/d.sqlite`,
    });
  });

  it('reads a postgres URL and takes the schema from ?schema=', () => {
    const options = dataSourceOptionsFromUrl(
      'postgresql://firebreak:secret@db:5432/firebreak?schema=test_1&sslmode=disable',
    );
    expect(options).toMatchObject({
      type: 'postgres',
      schema: 'test_1',
      url: 'postgresql://firebreak:secret@db:5432/firebreak?sslmode=disable',
      migrationsRun: true,
      synchronize: false,
    });
    expect(dataSourceOptionsFromUrl('postgres://db/firebreak')).toMatchObject({
      type: 'postgres',
      schema: undefined,
    });
  });

  it('refuses an unknown scheme with a message that names DATABASE_URL but not the password', () => {
    const attempt = () => dataSourceOptionsFromUrl('mysql://root:hunter2@db/firebreak');
    expect(attempt).toThrow(
      /DATABASE_URL must start with sqlite:, file:, postgres:\/\/ or postgresql:\/\/ \(got "mysql:"\)/,
    );
    expect(attempt).not.toThrow(/hunter2/);
  });
});
