import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** The `@firebreak/*` entry points, as tsconfig.json maps them for the compiler: one list for both. */
const { compilerOptions } = JSON.parse(readFileSync(here('./tsconfig.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, [string]> };
};
// Exact matches: a prefix alias for `@firebreak/incident` would also swallow `@firebreak/incident/testing`.
const aliases = Object.entries(compilerOptions.paths).map(([name, [target]]) => ({
  find: new RegExp(`^${name}$`),
  replacement: here(target),
}));

// SWC (not esbuild) compiles the tests because Nest's dependency injection needs decorator metadata.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: { alias: aliases },
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // unit: pure specs, no database; db: the persistence specs, on SQLite files (or PostgreSQL schemas with
    // FIREBREAK_TEST_DATABASE=postgres); e2e: whole apps over HTTP, one file at a time.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts'],
          exclude: ['libs/persistence/**'],
        },
      },
      { extends: true, test: { name: 'db', include: ['libs/persistence/**/*.spec.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/**/*.e2e-spec.ts'], fileParallelism: false } },
    ],
  },
});
