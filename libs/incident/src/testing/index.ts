// Test doubles of the domain's ports and fixtures for specs, end-to-end suites and benchmarks. Production code
// never imports this entry point (eslint.config.js); it is `@firebreak/incident/testing`.
export { FixedClock } from './fixed-clock.js';
export { InMemoryUnitOfWork } from './in-memory-unit-of-work.js';
export { RecordingRetryBackoff } from './recording-retry-backoff.js';
export { fastestRunMs } from './running-time.js';
export { PROTOTYPE_WORDS } from './prototype-words.js';
export { saveWriteUp } from './write-up-seed.js';
