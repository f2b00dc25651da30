// @ts-check
import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

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
// Technologies a library may be forbidden to touch.
const FRAMEWORK = ['@nestjs/*', 'express'];
const DATABASE = ['typeorm', 'pg', 'better-sqlite3'];
const DISCORD_SDK = ['discord.js', '@discordjs/*'];
const TEAMS_SDK = ['botbuilder*', 'botframework*'];
const CHAT_SDK = [...DISCORD_SDK, ...TEAMS_SDK];

/**
 * Every library, the other libraries it may import (`uses`; `specsAlsoUse` for its specs only) and the
 * technologies it must not import. The README's architecture section states the same map.
 */
export const LIBRARIES = [
  {
    name: 'incident',
    root: 'libs/incident',
    uses: [],
    forbids: [...FRAMEWORK, ...DATABASE, ...CHAT_SDK, 'ioredis'],
    why: 'The domain stays plain TypeScript: no framework, ORM or chat SDK, and no other library.',
  },
  {
    name: 'persistence',
    root: 'libs/persistence',
    uses: ['incident'],
    forbids: CHAT_SDK,
    why: 'Persistence implements the domain ports: it sees the domain, no chat SDK.',
  },
  {
    name: 'status',
    root: 'libs/status',
    uses: ['incident'],
    forbids: [...DATABASE, ...CHAT_SDK],
    why: 'The public read model reads through the domain ports: no ORM, no chat SDK.',
  },
  {
    name: 'notifications',
    root: 'libs/notifications',
    uses: ['incident', 'status'],
    specsAlsoUse: ['operations'],
    forbids: [...DATABASE, ...CHAT_SDK],
    why: 'Subscriber email and webhooks read the domain and the public read model: no ORM, no chat SDK.',
  },
  {
    name: 'operations',
    root: 'libs/operations',
    uses: ['incident', 'persistence'],
    forbids: CHAT_SDK,
    why: 'Running in production (logs, metrics, limits, shutdown) knows no chat platform.',
  },
  {
    name: 'insights',
    root: 'libs/insights',
    uses: ['incident'],
    forbids: [...FRAMEWORK, ...DATABASE, ...CHAT_SDK],
    why: 'The insights are plain functions over the domain: no framework, ORM or chat SDK.',
  },
  {
    name: 'identity',
    root: 'libs/identity',
    uses: ['incident'],
    forbids: [...FRAMEWORK, ...DATABASE, ...TEAMS_SDK],
    why: 'Sign-in knows people, not the site or a framework: of Firebreak it sees the domain only.',
  },
  {
    name: 'chat',
    root: 'libs/chat',
    uses: ['incident'],
    forbids: [...FRAMEWORK, ...DATABASE, ...CHAT_SDK],
    why: 'The chat layer is what every connector shares: the domain only, no chat SDK, framework or ORM.',
  },
  {
    name: 'discord',
    root: 'libs/connectors/discord',
    uses: ['incident', 'chat', 'operations', 'persistence'],
    forbids: TEAMS_SDK,
    why: 'A connector translates one platform: the Discord connector never sees Teams.',
  },
  {
    name: 'teams',
    root: 'libs/connectors/teams',
    uses: ['incident', 'chat', 'operations', 'persistence'],
    forbids: DISCORD_SDK,
    why: 'A connector translates one platform: the Teams connector never sees Discord.',
  },
];

/** Files that are not production code: specs, test doubles and fixtures, e2e suites, benchmarks. */
const TEST_CODE = ['**/*.spec.ts', '**/testing/**', 'test/**', 'bench/**'];

const noDeepImports = {
  group: ['@firebreak/*/*', '!@firebreak/*/testing'],
  message:
    'Import a lib through its public index (@firebreak/<lib>), or its test doubles from @firebreak/<lib>/testing.',
};
const noTestDoubles = {
  group: ['@firebreak/*/testing', '**/testing', '**/testing/**'],
  message: 'Production code never imports test doubles (@firebreak/<lib>/testing, src/testing).',
};
const noApps = { group: ['**/apps/**'], message: 'Libraries never import apps.' };

/** A library's import rule: its allowed libraries (their test doubles too, in test code) and no forbidden technology. */
const allowed = (uses) =>
  uses.length > 0 ? uses.map((used) => `@firebreak/${used}`).join(', ') : 'no library';
const libraryImports = ({ root, uses, forbids, why }, { testCode }) => ({
  patterns: [
    noDeepImports,
    noApps,
    ...(testCode ? [] : [noTestDoubles]),
    {
      group: ['@firebreak/*', ...uses.map((used) => `!@firebreak/${used}`)],
      message: `${root} imports ${allowed(uses)} only. ${why}`,
    },
    ...(forbids.length > 0 ? [{ group: forbids, message: why }] : []),
  ],
});

const libraryBoundaries = LIBRARIES.flatMap((library) => [
  {
    files: [`${library.root}/**/*.ts`],
    ignores: TEST_CODE,
    rules: { 'no-restricted-imports': ['error', libraryImports(library, { testCode: false })] },
  },
  {
    files: TEST_CODE.filter((glob) => glob.startsWith('**')).map((glob) => `${library.root}/${glob}`),
    rules: {
      'no-restricted-imports': [
        'error',
        libraryImports(
          { ...library, uses: [...library.uses, ...(library.specsAlsoUse ?? [])] },
          { testCode: true },
        ),
      ],
    },
  },
]);

/**
 * Comments say why in their own words: a reader of the repository cannot follow an issue number or a file
 * kept outside it, so neither may stand in for the explanation.
 */
const OUTSIDE_REFERENCES = [
  { pattern: /\bissues?\s*#?\d/i, what: 'an issue number' },
  // `#12` alone is an issue; `action #1`, `follow-up #2` or `update #3` are the domain's numbering.
  { pattern: /(?<!\b(?:action|follow-up|update|draft|item)\s)(?:^|(?<=[\s(]))#\d/i, what: 'an issue number' },
  { pattern: /(?:^|[^\w/.-])(?:\.\.\/)*shared\//, what: 'a file outside the repository (shared/)' },
  { pattern: /\bseed[\s_-]*(?:\d|files?\b)|\bseeds\//i, what: 'a seed file' },
];
const commentRules = {
  rules: {
    'no-outside-references': {
      meta: {
        type: 'suggestion',
        docs: { description: 'Comments cite nothing outside the repository (issue numbers, shared/ files).' },
        schema: [],
      },
      create: (context) => ({
        Program() {
          for (const comment of context.sourceCode.getAllComments()) {
            const cited = OUTSIDE_REFERENCES.find(({ pattern }) => pattern.test(comment.value));
            if (cited)
              context.report({
                loc: comment.loc,
                message: `This comment cites ${cited.what}; say why in the comment's own words instead.`,
              });
          }
        },
      }),
    },
  },
};

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
    plugins: { comments: commentRules },
    rules: { 'comments/no-outside-references': 'error' },
  },
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
      'no-restricted-imports': ['error', { patterns: [noDeepImports] }],
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
    // Apps and scripts are production code: any library, never test doubles.
    files: ['apps/**/*.ts', 'scripts/**/*.ts'],
    ignores: TEST_CODE,
    rules: { 'no-restricted-imports': ['error', { patterns: [noDeepImports, noTestDoubles] }] },
  },
  ...libraryBoundaries,
);
