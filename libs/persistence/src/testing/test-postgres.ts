import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/**
 * Which database the database specs and end-to-end suites run on: SQLite files by default, PostgreSQL (one
 * fresh schema per database, dropped afterwards) with FIREBREAK_TEST_DATABASE=postgres.
 */
export const TEST_DATABASE: 'sqlite' | 'postgres' =
  process.env['FIREBREAK_TEST_DATABASE'] === 'postgres' ? 'postgres' : 'sqlite';

const TEST_POSTGRES_URL =
  process.env['FIREBREAK_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The URL as shown in messages, without a password. */
const SHOWN_URL = TEST_POSTGRES_URL.replace(/:[^:@/]*@/, ':***@');

/**
 * Whether specs that need PostgreSQL itself (whatever FIREBREAK_TEST_DATABASE says) run. When the test
 * PostgreSQL does not answer, they fail under CI=true, where a skipped database test would hide a broken
 * machine, and are skipped with a message saying so anywhere else. Call it at the top of the spec file.
 */
export function postgresAvailability(specs: string): {
  readonly run: boolean;
  readonly reason: string | null;
} {
  const problem = postgresProblem();
  if (problem === null) return { run: true, reason: null };
  const reason = `PostgreSQL at ${SHOWN_URL} does not answer (${problem})`;
  if (process.env['CI'] === 'true')
    throw new Error(`${reason}; CI=true, so ${specs} fail instead of skipping. Start PostgreSQL first.`);
  console.warn(`SKIPPING ${specs}: ${reason}.`);
  return { run: false, reason };
}

/**
 * Creates a fresh schema and returns its DATABASE_URL. Synchronous (psql), so constructors can call it; a
 * missing PostgreSQL fails the caller loudly.
 */
export function createPostgresSchema(prefix = 'firebreak_test'): string {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  psql(`CREATE SCHEMA "${schema}"`);
  return withSchema(schema);
}

export function dropPostgresSchema(databaseUrl: string): void {
  psql(`DROP SCHEMA IF EXISTS "${schemaOf(databaseUrl)}" CASCADE`);
}

/** The schema a URL from `createPostgresSchema` names. */
export function schemaOf(databaseUrl: string): string {
  const schema = new URL(databaseUrl).searchParams.get('schema');
  if (!schema || !/^[a-z0-9_]+$/.test(schema)) throw new Error(`Not a test schema URL: ${databaseUrl}`);
  return schema;
}

function withSchema(schema: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.searchParams.set('schema', schema);
  return url.toString();
}

function postgresProblem(): string | null {
  try {
    runPsql('SELECT 1');
    return null;
  } catch (error) {
    return failureText(error);
  }
}

function psql(sql: string): void {
  try {
    runPsql(sql);
  } catch (error) {
    throw new Error(`PostgreSQL at ${SHOWN_URL} is needed, but "${sql}" failed: ${failureText(error)}`, {
      cause: error,
    });
  }
}

function runPsql(sql: string): void {
  execFileSync('psql', [TEST_POSTGRES_URL, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PGCONNECT_TIMEOUT: '3' },
    timeout: 15_000,
  });
}

function failureText(error: unknown): string {
  const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
  return (stderr || (error as Error).message).replace(/\s+/g, ' ');
}
