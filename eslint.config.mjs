// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The intended dependencies between libraries, written down once; every boundary rule below is
 * generated from MAY_IMPORT. The contexts form a chain, identity ← tenancy ← catalog ← ordering
 * ← payments: each may import the contexts before it, never those after it. Subscribers (they
 * react to the others' events) may import any context of the chain, and no context imports
 * them. The kernel, libs/shared, imports no context. Imports always go through a context's
 * index (`@silkcart/<context>`), never into its files.
 */
const CHAIN = ['identity', 'tenancy', 'catalog', 'ordering', 'payments'];
const SUBSCRIBERS = ['notifications'];
const CONTEXTS = [...CHAIN, ...SUBSCRIBERS];

/** Library (a folder of libs/) → the contexts whose index it may import. */
const MAY_IMPORT = {
  shared: [],
  ...Object.fromEntries(CHAIN.map((context, i) => [context, CHAIN.slice(0, i)])),
  ...Object.fromEntries(SUBSCRIBERS.map((context) => [context, CHAIN])),
};

/** A context's files, by alias or by path: only its index is a door. */
const filesOf = (context) => [
  `@silkcart/${context}/*`,
  `**/libs/${context}`,
  `**/libs/${context}/**`,
  `**/${context}/src`,
  `**/${context}/src/**`,
];

const whyNot = (library, context) => {
  if (library === 'shared') return 'The kernel (libs/shared) imports no context.';
  if (SUBSCRIBERS.includes(context)) {
    return `No context imports ${context}: it subscribes to the others' events.`;
  }
  return `${library} may not import ${context}: a context imports only those before it in ${CHAIN.join(' ← ')}.`;
};

/** One combined list per library: flat config lets a later no-restricted-imports replace an earlier one. */
const libraryPatterns = (library) => {
  const others = CONTEXTS.filter((c) => c !== library);
  const forbidden = others.filter((c) => !MAY_IMPORT[library].includes(c));
  return [
    {
      group: others.flatMap(filesOf),
      message: 'Import another context only through its index (@silkcart/<context>).',
    },
    ...forbidden.map((context) => ({
      group: [`@silkcart/${context}`],
      message: whyNot(library, context),
    })),
    { group: ['**/apps', '**/apps/**'], message: 'Libraries never import from the apps.' },
  ];
};
const noInfrastructure = {
  group: ['**/infrastructure', '**/infrastructure/**'],
  message:
    'api/ (controllers, DTOs) imports nothing from infrastructure/: go through application/.',
};
const noFramework = {
  group: ['@nestjs/*', 'typeorm', 'fastify'],
  message: 'The domain layer imports no framework.',
};
const restrict = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

/**
 * Per library: the dependency map; in a context, api/ imports no infrastructure/ and domain/
 * no framework. The worker reaches contexts through their index and never the api app.
 */
const boundaries = [
  ...Object.keys(MAY_IMPORT).flatMap((library) => [
    restrict([`libs/${library}/src/**/*.ts`], libraryPatterns(library)),
    ...(library === 'shared'
      ? []
      : [
          restrict(
            [`libs/${library}/src/api/**/*.ts`],
            [...libraryPatterns(library), noInfrastructure],
          ),
          restrict(
            [`libs/${library}/src/domain/**/*.ts`],
            [...libraryPatterns(library), noFramework],
          ),
        ]),
  ]),
  restrict(
    ['apps/worker/**/*.ts'],
    [
      {
        group: CONTEXTS.flatMap(filesOf),
        message: 'Import a context only through its index (@silkcart/<context>).',
      },
      {
        group: ['**/apps/api', '**/apps/api/**', '**/api/src', '**/api/src/**'],
        message: "The worker imports none of apps/api's code: move what both need to a library.",
      },
    ],
  ),
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.data/', 'coverage/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  ...boundaries,
  {
    files: ['test/**/*.ts', '**/*.spec.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node, sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
