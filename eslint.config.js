// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const domainBoundary = {
  patterns: [
    {
      group: ['@nestjs/*', 'typeorm', 'discord.js', 'botbuilder*', 'express', '@firebreak/*'],
      message: 'The domain stays plain TypeScript: no framework, ORM or chat SDK.',
    },
  ],
};
const noDeepImports = {
  patterns: [
    { group: ['@firebreak/*/*'], message: 'Import a lib through its public index (@firebreak/<lib>).' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-artifacts/**', 'apps/status-page/public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { disallowTypeAnnotations: false, fixStyle: 'inline-type-imports' },
      ],
      'no-restricted-imports': ['error', noDeepImports],
    },
  },
  {
    // Nest resolves constructor parameters from emitted metadata: these imports must stay value imports.
    files: [
      'apps/**/*.ts',
      'libs/persistence/**/*.ts',
      'libs/status/**/*.ts',
      'libs/connectors/**/*.ts',
      'test/**/*.ts',
    ],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['libs/incident/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', domainBoundary] },
  },
  {
    files: ['libs/persistence/**/*.ts', 'libs/connectors/**/*.ts', 'libs/status/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...noDeepImports.patterns,
            { group: ['**/apps/**'], message: 'Libraries never import apps.' },
          ],
        },
      ],
    },
  },
);
