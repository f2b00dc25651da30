// @ts-check
import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

const domainBoundary = {
  patterns: [
    {
      group: ['@nestjs/*', 'typeorm', 'discord.js', 'botbuilder*', 'express', '@firebreak/*'],
      message: 'The domain stays plain TypeScript: no framework, ORM or chat SDK.',
    },
  ],
};
const runtimeRegExp =
  'No regular expression is built at run time: eslint-plugin-regexp cannot check it for super-linear ' +
  'backtracking, and one built from user text can stall the process. Use a literal or a scanner.';
const noRuntimeRegExp = [
  { selector: 'NewExpression[callee.name="RegExp"]', message: runtimeRegExp },
  { selector: 'CallExpression[callee.name="RegExp"]', message: runtimeRegExp },
  {
    // `text.match(value)` compiles a string argument into a regular expression. String's methods take one
    // argument; two (ipaddr.js's `address.match(network, bits)`) is not a pattern.
    selector:
      'CallExpression[callee.property.name=/^(match|matchAll|search)$/]:not([arguments.0.regex]):not([arguments.1])',
    message: runtimeRegExp,
  },
];
const noDeepImports = {
  patterns: [
    { group: ['@firebreak/*/*'], message: 'Import a lib through its public index (@firebreak/<lib>).' },
  ],
};
/** A library's imports: no deep imports, never an app, and whatever else that library must not see. */
const libraryBoundary = (...restricted) => ({
  patterns: [
    ...noDeepImports.patterns,
    { group: ['**/apps/**'], message: 'Libraries never import apps.' },
    ...restricted,
  ],
});
const insightsBoundary = libraryBoundary(
  {
    group: ['@nestjs/*', 'typeorm', 'discord.js', 'botbuilder*', 'express'],
    message: 'The insights are plain functions over the domain: no framework, ORM or chat SDK.',
  },
  {
    group: ['@firebreak/*', '!@firebreak/incident'],
    message: 'The insights read through the domain ports only (@firebreak/incident).',
  },
);

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'test-artifacts/**',
      'apps/status-page/public/**',
      'apps/gateway/site/public/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  regexp.configs['flat/recommended'],
  {
    // Everywhere, tests included: one rule for every pattern is simpler than judging which text is trusted.
    rules: {
      'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
      'regexp/no-super-linear-move': [
        'error',
        { report: 'potential', ignorePartial: false, ignoreSticky: false },
      ],
    },
  },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...noRuntimeRegExp] },
  },
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
    files: ['libs/insights/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', insightsBoundary] },
  },
  {
    // Sign-in knows people, not the site or a framework: the site (and whatever wires it) imports it, never
    // the other way round, and of Firebreak it sees only the domain's model of a participant.
    files: ['libs/identity/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        libraryBoundary({
          group: ['@firebreak/*', '!@firebreak/incident', '@nestjs/*', 'typeorm', 'express', 'botbuilder*'],
          message: 'libs/identity imports @firebreak/incident only, and no framework.',
        }),
      ],
    },
  },
  {
    files: ['libs/persistence/**/*.ts', 'libs/connectors/**/*.ts', 'libs/status/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', libraryBoundary()] },
  },
);
