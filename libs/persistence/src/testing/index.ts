// Databases and fixtures for specs, end-to-end suites and benchmarks: `@firebreak/persistence/testing`.
// Production code never imports it (eslint.config.js).
export { TemporarySqliteDatabase } from './temporary-sqlite-database.js';
