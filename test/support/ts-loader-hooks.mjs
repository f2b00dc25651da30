/* global URL */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import swc from '@swc/core';

const root = new URL('../../', import.meta.url);
const ALIASES = {
  '@firebreak/incident': 'libs/incident/src/index.ts',
  '@firebreak/persistence': 'libs/persistence/src/index.ts',
  '@firebreak/status': 'libs/status/src/index.ts',
  '@firebreak/discord': 'libs/connectors/discord/src/index.ts',
  '@firebreak/teams': 'libs/connectors/teams/src/index.ts',
  '@firebreak/operations': 'libs/operations/src/index.ts',
  '@firebreak/notifications': 'libs/notifications/src/index.ts',
  '@firebreak/identity': 'libs/identity/src/index.ts',
  '@firebreak/insights': 'libs/insights/src/index.ts',
};

export async function resolve(specifier, context, nextResolve) {
  const alias = ALIASES[specifier];
  if (alias) return { url: new URL(alias, root).href, shortCircuit: true };
  if (
    (specifier.startsWith('.') || specifier.startsWith('/')) &&
    specifier.endsWith('.js') &&
    context.parentURL
  ) {
    const candidate = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (candidate.protocol === 'file:' && existsSync(fileURLToPath(candidate)))
      return { url: candidate.href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts') || !url.startsWith('file:')) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const source = await readFile(file, 'utf8');
  const output = await swc.transform(source, {
    filename: file,
    sourceMaps: 'inline',
    module: { type: 'es6' },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
  });
  return { format: 'module', source: output.code, shortCircuit: true };
}
