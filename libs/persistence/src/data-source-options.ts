import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import type { DataSourceOptions, LoggerOptions } from 'typeorm';
import { ENTITIES } from './entities/entities.js';
import { MIGRATIONS } from './migrations/migrations.js';

/** Where data lives when DATABASE_URL is not set. */
const DEFAULT_SQLITE_FILE = './data/firebreak.sqlite';

export interface DataSourceOptionsOverrides {
  /** TypeORM query logging; off unless asked for. */
  readonly logging?: LoggerOptions;
  /** Used when DATABASE_URL is unset (default `./data/firebreak.sqlite`). */
  readonly defaultSqliteFile?: string;
}

/**
 * Reads DATABASE_URL: unset → SQLite file in ./data, `sqlite:<path>` or `file:<path>` → that SQLite file,
 * `postgres://…` / `postgresql://…` → PostgreSQL, with an optional `?schema=` to work in one schema.
 * The schema always comes from the migrations, never from `synchronize`.
 */
export function dataSourceOptionsFromUrl(
  databaseUrl: string | undefined,
  overrides: DataSourceOptionsOverrides = {},
): DataSourceOptions {
  const url = databaseUrl?.trim();
  if (!url) return sqliteOptions(overrides.defaultSqliteFile ?? DEFAULT_SQLITE_FILE, overrides);
  if (/^postgres(?:ql)?:\/\//i.test(url)) return postgresOptions(url, overrides);
  if (/^sqlite:/i.test(url)) return sqliteOptions(sqlitePath(url.slice('sqlite:'.length)), overrides);
  if (/^file:/i.test(url)) return sqliteOptions(filePath(url), overrides);
  throw new Error(
    `DATABASE_URL must start with sqlite:, file:, postgres:// or postgresql:// (got "${schemeOf(url)}"); ` +
      'leave it unset to use a SQLite file in ./data.',
  );
}

const COMMON_OPTIONS = {
  entities: ENTITIES,
  migrations: MIGRATIONS,
  migrationsRun: true,
  synchronize: false,
} as const;

function sqliteOptions(file: string, overrides: DataSourceOptionsOverrides): DataSourceOptions {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  return {
    ...COMMON_OPTIONS,
    type: 'better-sqlite3',
    database: file,
    logging: overrides.logging ?? false,
    // WAL lets readers in other processes (the status page) read while the gateway writes.
    prepareDatabase: (db: BetterSqlite3.Database) => {
      db.exec('PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;');
    },
  };
}

function postgresOptions(rawUrl: string, overrides: DataSourceOptionsOverrides): DataSourceOptions {
  const url = new URL(rawUrl);
  const schema = url.searchParams.get('schema') ?? undefined;
  // `schema` is ours, not a libpq parameter: keep it away from the driver.
  url.searchParams.delete('schema');
  return {
    ...COMMON_OPTIONS,
    type: 'postgres',
    url: url.toString(),
    schema,
    // Raw SQL (tests, ad-hoc queries) resolves unqualified names in the same schema as the entities.
    ...(schema ? { extra: { options: `-c search_path=${quoteIdentifier(schema)},public` } } : {}),
    logging: overrides.logging ?? false,
  };
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `sqlite:///abs/file`, `sqlite:/abs/file` and `sqlite:relative/file` all name a file path. */
function sqlitePath(rest: string): string {
  const path = rest.startsWith('//') ? rest.slice(2) : rest;
  if (!path)
    throw new Error('DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:./data/firebreak.sqlite.');
  return path;
}

function filePath(url: string): string {
  if (url.startsWith('file://')) return fileURLToPath(url);
  return sqlitePath(url.slice('file:'.length));
}

/** Only the scheme goes into error messages: the rest of a URL may hold a password. */
function schemeOf(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  return match ? `${match[1]}:` : 'no scheme';
}
