// Databases and fixtures for specs, end-to-end suites and benchmarks: `@firebreak/persistence/testing`.
// Production code never imports it (eslint.config.js).
export { TemporarySqliteDatabase } from './temporary-sqlite-database.js';
export {
  createPostgresSchema,
  dropPostgresSchema,
  postgresAvailability,
  TEST_DATABASE,
  TEST_POSTGRES_URL,
} from './test-postgres.js';
