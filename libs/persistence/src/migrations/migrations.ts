import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';
import { StatusPageSchema1764200000000 } from './1764200000000-status-page-schema.js';

/** In order; the data source runs the pending ones at start. */
export const MIGRATIONS = [InitialSchema1764000000000, StatusPageSchema1764200000000];
