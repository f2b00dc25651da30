// Databases and fixtures for specs, end-to-end suites and benchmarks: `@firebreak/persistence/testing`.
// Production code never imports it (eslint.config.js).
export { TemporarySqliteDatabase } from './temporary-sqlite-database.js';
export { undoMigrationsThrough } from './undo-migrations.js';
export { createPostgresSchema, dropPostgresSchema, TEST_DATABASE } from './test-postgres.js';
