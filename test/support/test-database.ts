import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/**
 * Which database the e2e suites run on: SQLite files by default, PostgreSQL (one fresh schema per
 * TempDatabase, dropped afterwards) with FIREBREAK_TEST_DATABASE=postgres, as the second pass of .ci/run does.
 */
export const TEST_DATABASE: 'sqlite' | 'postgres' =
  process.env['FIREBREAK_TEST_DATABASE'] === 'postgres' ? 'postgres' : 'sqlite';

export const TEST_POSTGRES_URL =
  process.env['FIREBREAK_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Creates a fresh schema and returns its DATABASE_URL. Synchronous (psql), so constructors can call it; a
 * missing PostgreSQL fails the test loudly instead of skipping it.
 */
export function createPostgresSchema(prefix = 'firebreak_e2e'): string {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  psql(`CREATE SCHEMA "${schema}"`);
  const url = new URL(TEST_POSTGRES_URL);
  url.searchParams.set('schema', schema);
  return url.toString();
}

export function dropPostgresSchema(databaseUrl: string): void {
  const schema = new URL(databaseUrl).searchParams.get('schema');
  if (!schema || !/^[a-z0-9_]+$/.test(schema)) throw new Error(`Not a test schema URL: ${databaseUrl}`);
  psql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

function psql(sql: string): void {
  try {
    execFileSync('psql', [TEST_POSTGRES_URL, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 15_000,
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(
      `PostgreSQL at ${TEST_POSTGRES_URL.replace(/:[^:@/]*@/, ':***@')} is needed ` +
        `(FIREBREAK_TEST_DATABASE=postgres) but "${sql}" failed: ${stderr || (error as Error).message}`,
      { cause: error },
    );
  }
}
