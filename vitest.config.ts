import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// SWC (not esbuild) compiles the tests because Nest's dependency injection needs decorator metadata.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias: {
      '@firebreak/incident': here('./libs/incident/src/index.ts'),
      '@firebreak/persistence': here('./libs/persistence/src/index.ts'),
      '@firebreak/status': here('./libs/status/src/index.ts'),
      '@firebreak/chat': here('./libs/chat/src/index.ts'),
      '@firebreak/discord': here('./libs/connectors/discord/src/index.ts'),
      '@firebreak/teams': here('./libs/connectors/teams/src/index.ts'),
      '@firebreak/operations': here('./libs/operations/src/index.ts'),
      '@firebreak/notifications': here('./libs/notifications/src/index.ts'),
      '@firebreak/insights': here('./libs/insights/src/index.ts'),
      '@firebreak/identity': here('./libs/identity/src/index.ts'),
    },
  },
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/**/*.e2e-spec.ts'], fileParallelism: false } },
    ],
  },
});
